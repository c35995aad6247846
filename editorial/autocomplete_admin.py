"""Autocomplete inlines whose chosen options are read in one query per formset, not per row."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet


class ChosenLabelsSelect(AutocompleteSelect):
    """Django's autocomplete select, which reads its chosen option with a query of its own
    (one per row of an inline), unless its formset has read the labels of every row's
    choice already (``labels``, by value)."""

    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.labels is None or not all(choice in self.labels for choice in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for choice in chosen[:1]:  # a single select shows one choice, as Django's does
            label = self.labels[choice]
            options.append(self.create_option(name, choice, label, True, len(options)))
        return [(None, options, 0)]


class ChosenLabelsFormSet(BaseInlineFormSet):
    """Reads, for each autocomplete field of its forms, the options the rows have chosen,
    in one query, and hands their labels to the rows' widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.base_fields.items():
            if isinstance(_inner(field.widget), ChosenLabelsSelect):
                self._read_labels(name, field)

    def _read_labels(self, name: str, field) -> None:
        key = field.to_field_name or "pk"
        labels, unread = {}, set()
        for form in self.forms:
            value = form[name].value()
            if value in field.empty_values:
                continue
            chosen = _loaded(form.instance, name)  # the inline's queryset may join it
            if chosen is not None and str(getattr(chosen, key)) == str(value):
                labels[str(value)] = field.label_from_instance(chosen)
            else:
                unread.add(str(value))
        if unread:
            for chosen in field.queryset.filter(**{f"{key}__in": unread}):
                labels[str(getattr(chosen, key))] = field.label_from_instance(chosen)
        for form in self.forms:
            _inner(form.fields[name].widget).labels = labels


def _loaded(instance, name: str):
    """The related object ``instance`` already holds under ``name``, or None."""
    field = instance._meta.get_field(name)
    return getattr(instance, name) if field.is_cached(instance) else None


def _inner(widget):
    """The widget inside the admin's "add another" wrapper, if any."""
    return getattr(widget, "widget", widget)


class ChosenLabelsInline(admin.TabularInline):
    """A tabular inline whose ``autocomplete_fields`` cost one query each, whatever the
    number of rows."""

    formset = ChosenLabelsFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            using = kwargs.get("using")
            kwargs["widget"] = ChosenLabelsSelect(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
