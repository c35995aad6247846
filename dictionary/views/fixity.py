"""The fixity page: a reader pastes a passage or a fingerprint and learns which editions hold it."""

from django import forms
from django.shortcuts import render

from ..fixity import CANONICAL_VERSION
from ..passages import MIN_WORDS, editions_containing, editions_with_fingerprint, fingerprint_in


class FixityForm(forms.Form):
    q = forms.CharField(
        label="A quoted passage, or an edition's fingerprint",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )


def fixity(request):
    """/fixity/?q=...: the published editions carrying the fingerprint or containing the text."""
    form = FixityForm(request.GET or None)
    context = {"form": form, "searched": False, "version": CANONICAL_VERSION}
    if form.is_valid():
        text = form.cleaned_data["q"]
        fingerprint = fingerprint_in(text)
        found = editions_with_fingerprint(fingerprint) if fingerprint else editions_containing(text)
        context.update(
            searched=True, found=found, by_fingerprint=bool(fingerprint), min_words=MIN_WORDS
        )
    return render(request, "dictionary/fixity.html", context)
