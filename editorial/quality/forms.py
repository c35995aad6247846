"""The form that dismisses a finding."""

from django import forms

from .models import Check


class DismissForm(forms.Form):
    rule = forms.ChoiceField(choices=Check.choices, widget=forms.HiddenInput)
    place = forms.CharField(max_length=300, widget=forms.HiddenInput, strip=False)
    reason = forms.CharField(label="Why this is not a fault", max_length=1000)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
