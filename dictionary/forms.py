"""Staff forms for shared records: a work's authors and editors typed as rows of names."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from .models import Work

NAME_PARTS = ("given", "family", "literal")
EXTRA_ROWS = 2


class NameRowsWidget(forms.Widget):
    """One row per name (given names, family name, or an organisation's name), two empty
    rows below for new names; posted as ``<field>-<n>-<part>``."""

    def render(self, name, value, attrs=None, renderer=None):
        rows = [dict(item) for item in (value or []) if isinstance(item, dict)]
        rows += [{}] * EXTRA_ROWS
        body = format_html_join(
            "",
            "<tr>{}</tr>",
            ((self._cells(name, number, row),) for number, row in enumerate(rows)),
        )
        return format_html(
            '<table class="name-rows"><thead><tr><th scope="col">Given names</th>'
            '<th scope="col">Family name</th><th scope="col">or organisation</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            body,
        )

    def _cells(self, name: str, number: int, row: dict):
        return format_html_join(
            "",
            '<td><input type="text" name="{}-{}-{}" value="{}" aria-label="{} {}"></td>',
            ((name, number, part, row.get(part, ""), part, number + 1) for part in NAME_PARTS),
        )

    def value_from_datadict(self, data, files, name):
        rows, number = [], 0
        while any(f"{name}-{number}-{part}" in data for part in NAME_PARTS):
            typed = {
                part: " ".join(data.get(f"{name}-{number}-{part}", "").split())
                for part in NAME_PARTS
            }
            rows.append({part: text for part, text in typed.items() if text})
            number += 1
        return rows

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-0-family" not in data and f"{name}-0-literal" not in data


class NameRowsField(forms.Field):
    """CSL names from rows: a person has a family name (and given names), a body only its
    literal name, never both; empty rows are dropped."""

    widget = NameRowsWidget

    def to_python(self, value):
        return [row for row in (value or []) if row]

    def validate(self, value):
        super().validate(value)
        for number, row in enumerate(value, start=1):
            if row.get("literal") and (row.get("given") or row.get("family")):
                raise ValidationError(
                    f"Name {number}: give a person's given and family names, or an "
                    "organisation's name, not both."
                )
            if row.get("given") and not row.get("family"):
                raise ValidationError(f"Name {number}: a person needs a family name.")


class WorkForm(forms.ModelForm):
    authors = NameRowsField(
        label="Authors",
        required=False,
        help_text="One name a row, in order. An organisation goes under “organisation”, whole.",
    )
    editors = NameRowsField(label="Editors", required=False)
    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Work
        fields = [
            *("work_type", "title", "authors", "editors", "year", "publisher", "place"),
            *("container_title", "volume", "issue", "pages", "doi", "isbn", "url"),
        ]
