"""The reader's filters over current editions, declared and checked: text, letter, type,
theme, period, century, contributor, sort. Which rows they leave, in which order and read
by which path, is ``dictionary.views.listing_query.EntryListQuery``'s to decide."""

import re
import string
from typing import NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_filters.fields import ChoiceField
from django_filters.widgets import SuffixedMultiWidget

from .caching import cached_per_publication
from .models import Edition, EntryType, Theme
from .ordering import KEYSETS
from .search import MAX_QUERY_LENGTH, capped_query

# "#" files every headword that does not start with a letter (``text.initial_letter``).
OTHER_LETTER = "#"
LETTER_CHOICES = [(letter, letter) for letter in string.ascii_uppercase] + [(OTHER_LETTER, "Other")]
EARLIEST_YEAR, LATEST_YEAR = -3000, 2200


class QuickSelect(forms.Select):
    """Django's select, written out here instead of through its templates: the same HTML,
    but the list pages' five selects (about 90 options) cost a third of the page's time as
    an included template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                html.append(format_html('\n  <optgroup label="{}">', group))
            html += [
                format_html(  # the option template's own line end kept
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            ]
            if group:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - each part escaped by format_html


def _attributes(attrs: dict) -> str:
    """Attributes as Django's ``attrs.html`` writes them: True bare, False left out."""
    return mark_safe(  # noqa: S308 - each part escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


# "20th century" means 1900–1999 here, as readers use it; the label says so.
CENTURY_CHOICES = [
    (str(n), f"{_ordinal(n)} century ({(n - 1) * 100}–{n * 100 - 1})") for n in range(11, 22)
]

# The sort choice beside the keyset orders: a search's own order, best match first.
RELEVANCE = "relevance"
SORT_CHOICES = [(key, keyset.label) for key, keyset in KEYSETS.items()] + [
    (RELEVANCE, "Relevance (searches)")
]

_YEAR_RANGE = re.compile(r"^\s*(-?\d{1,4})?\s*[-–—]\s*(-?\d{1,4})?\s*$|^\s*(-?\d{1,4})\s*$")


class PeriodWidget(SuffixedMultiWidget):
    """Two year boxes, ``period_from`` and ``period_to``; ``period=1900-1950`` also works."""

    suffixes = ["from", "to"]

    def __init__(self, attrs=None):
        year = {"inputmode": "numeric", "size": 5, "pattern": r"-?\d{1,4}"}
        super().__init__((forms.TextInput(year), forms.TextInput(year)), attrs)

    def value_from_datadict(self, data, files, name):
        compact = data.get(name)
        if compact is None:
            return super().value_from_datadict(data, files, name)
        match = _YEAR_RANGE.match(compact)
        if not match:
            return [compact, ""]
        single = match.group(3)
        return [single, single] if single else [match.group(1) or "", match.group(2) or ""]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def decompress(self, value):
        return list(value) if value else [None, None]


class PeriodField(forms.MultiValueField):
    widget = PeriodWidget

    def __init__(self, *args, **kwargs):
        messages = {"invalid": "Enter a year as digits, for example 1900 (use -50 for 50 BCE)."}
        year = {"min_value": EARLIEST_YEAR, "max_value": LATEST_YEAR, "required": False}
        year["error_messages"] = messages
        fields = (forms.IntegerField(**year), forms.IntegerField(**year))
        kwargs.setdefault("required", False)
        super().__init__(fields, *args, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        start, end = (list(data_list) + [None, None])[:2]
        if start is None and end is None:
            return None
        if start is not None and end is not None and start > end:
            raise ValidationError(f"The period starts ({start}) after it ends ({end}).")
        return (start, end)


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


def _invalid_choice(what: str, hint: str) -> dict:
    return {"invalid_choice": f"“%(value)s” is not {what}: {hint}"}


class PublishedTheme(NamedTuple):
    """A theme as the cache keeps it: what a choice, a link and the filter need."""

    pk: int
    slug: str
    name: str


def published_theme_list() -> list[PublishedTheme]:
    """``Theme.objects.published()`` as plain rows, kept in the cache until the next
    publication.

    Every list and chronology page offers these as choices; only a publish or a withdrawal
    changes the answer, so a page spares itself the query (one index probe a theme).
    """

    def read() -> list[PublishedTheme]:
        rows = Theme.objects.published().values_list("pk", "slug", "name")
        return [PublishedTheme(*row) for row in rows]

    return cached_per_publication("published-themes", read)


class PublishedThemeField(ChoiceField):
    """A published theme by its slug, cleaned to the theme (a ``PublishedTheme``). A theme
    used by drafts alone stays unseen, and asking for it is an error like any unknown slug."""

    def __init__(self, *, themes=(), **kwargs):
        self.themes = {theme.slug: theme for theme in themes}
        super().__init__(choices=[(theme.slug, theme.name) for theme in themes], **kwargs)

    def clean(self, value):
        return self.themes.get(super().clean(value))


class ThemeFilter(django_filters.ChoiceFilter):
    field_class = PublishedThemeField


class SearchField(forms.CharField):
    """The search box: at most ``MAX_QUERY_LENGTH`` characters and a few distinct words
    (``search.capped_query``), repeated words merged; the input carries the maxlength."""

    def to_python(self, value):
        return capped_query(super().to_python(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(MAX_QUERY_LENGTH)}


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class _SearchFirstForm(forms.Form):
    # The search box and the letter come first, as on the page: their messages too.
    field_order = ("q", "letter")


class CurrentEditionFilterSet(django_filters.FilterSet):
    """The filters every list of current editions offers: type, theme, period and century.

    It declares and validates them only: ``EntryListQuery`` reads its cleaned data."""

    type = django_filters.ChoiceFilter(
        label="Type",
        widget=QuickSelect,
        choices=EntryType.choices,
        empty_label="Any type",
        error_messages=_invalid_choice("a type of entry", "choose one from the list."),
    )
    theme = ThemeFilter(
        label="Theme",
        widget=QuickSelect,
        empty_label="Any theme",
        error_messages={"invalid_choice": "There is no theme with that name in the dictionary."},
    )
    period = PeriodFilter(label="Period")
    century = django_filters.ChoiceFilter(
        label="Century",
        widget=QuickSelect,
        choices=CENTURY_CHOICES,
        empty_label="Any century",
        error_messages=_invalid_choice("a century we list", "choose one from the list."),
    )

    class Meta:
        model = Edition
        fields = []

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # Read once a request (the cache), for the choices and the cleaned theme alike.
        self.filters["theme"].extra["themes"] = published_theme_list()

    @property
    def qs(self):
        # django-filter's own would filter Edition.objects.all(): superseded editions too.
        raise NotImplementedError("The rows are EntryListQuery.of(filterset).rows().")


class EditionFilter(CurrentEditionFilterSet):
    """The filters of /entries/. Each one narrows the current editions; they combine."""

    q = SearchFilter(label="Search")
    letter = django_filters.ChoiceFilter(
        label="Letter",
        widget=QuickSelect,
        choices=LETTER_CHOICES,
        empty_label="Any letter",
        error_messages=_invalid_choice("a letter of the index", "choose A to Z, or Other."),
    )
    # A text box, not a list of choices: a dictionary may have thousands of contributors.
    contributor = django_filters.CharFilter(
        label="Contributor", help_text="as in their page's address"
    )
    sort = django_filters.ChoiceFilter(
        label="Order",
        widget=QuickSelect,
        choices=SORT_CHOICES,
        empty_label="Default order",
        error_messages=_invalid_choice("an order", "choose alphabetical, date or last revised."),
    )

    class Meta(CurrentEditionFilterSet.Meta):
        form = _SearchFirstForm


# The chronology's filters: the shared ones (no search, letter or order).
ChronologyFilter = CurrentEditionFilterSet
