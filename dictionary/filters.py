"""The reader's filters over current editions: text, letter, type, theme, period, sort."""

import re
import string
from functools import cached_property
from typing import NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters.widgets import SuffixedMultiWidget

from .caching import cached_per_publication
from .models import UNDATED_YEAR, Edition, EditionCredit, EntryType, Theme, ThemeListing
from .ordering import ALPHABETICAL, CHRONOLOGICAL, KEYSETS, Keyset
from .search import MAX_QUERY_LENGTH, capped_query, search_editions

# "#" files every headword that does not start with a letter (``text.initial_letter``).
OTHER_LETTER = "#"
LETTER_CHOICES = [(letter, letter) for letter in string.ascii_uppercase] + [(OTHER_LETTER, "Other")]
EARLIEST_YEAR, LATEST_YEAR = -3000, 2200


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


def current_year() -> int:
    return timezone.localdate().year


def overlapping(editions: QuerySet, start: int | None, end: int | None) -> QuerySet:
    """Editions whose dates overlap the years start..end (either may be open).

    An entry with only a death year ("d. 1921") counts as that year; one with only a
    start ("b. 1943", "1919–") runs to the present.
    """
    if start is not None:
        editions = editions.filter(
            Q(end_year__gte=start) | Q(end_year__isnull=True, start_year__isnull=False)
        )
        if start > current_year():
            editions = editions.exclude(end_year__isnull=True, start_year__lt=start)
    if end is not None:
        editions = editions.filter(
            Q(start_year__lte=end) | Q(start_year__isnull=True, end_year__lte=end)
        )
    return editions


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

    def filter(self, qs, value):
        if not value:
            return qs
        return overlapping(qs, *value)


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


class ThemeFilter(django_filters.ChoiceFilter):
    """A theme by its slug, among those published entries carry (a theme used by drafts
    alone stays unseen, and asking for it is an error like any unknown slug)."""

    def __init__(self, **kwargs):
        # None at import: the FilterSet gives its choices, read once a request.
        super().__init__(choices=(), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        theme_id = self.parent.chosen_theme_id
        if not theme_id:  # withdrawn since the form checked the slug: nothing carries it
            return qs.none()
        # The listings hold exactly the current editions under each theme, in order. One
        # filter() call, so that the conditions on them share one join.
        conditions = {
            f"theme_listings__{k}": v for k, v in self.parent.listing_conditions().items()
        }
        return qs.filter(theme_listings__theme=theme_id, **conditions)


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
    # The form cleans, and the FilterSet applies, its fields in this order: the search runs
    # first, over every current edition, because whether it ranks and whether it adds names
    # spelt alike depends on how many editions match its words.
    field_order = ("q", "letter")


class CurrentEditionFilterSet(django_filters.FilterSet):
    """The filters every list of current editions offers: type, theme, period and century.
    Its default queryset is the current editions, never all of them."""

    type = django_filters.ChoiceFilter(
        label="Type",
        field_name="entry_type",
        choices=EntryType.choices,
        empty_label="Any type",
        method="filter_type",
        error_messages=_invalid_choice("a type of entry", "choose one from the list."),
    )
    theme = ThemeFilter(
        label="Theme",
        empty_label="Any theme",
        error_messages={"invalid_choice": "There is no theme with that name in the dictionary."},
    )
    period = PeriodFilter(label="Period")
    century = django_filters.ChoiceFilter(
        label="Century",
        choices=CENTURY_CHOICES,
        empty_label="Any century",
        method="filter_century",
        error_messages=_invalid_choice("a century we list", "choose one from the list."),
    )

    class Meta:
        model = Edition
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Edition.objects.current()
        super().__init__(data, queryset, **kwargs)
        # Read once: the theme choices, the theme filter and the order all ask for them.
        self.published_themes = published_theme_list()
        choices = [(theme.slug, theme.name) for theme in self.published_themes]
        self.filters["theme"].extra["choices"] = choices

    # The filters a theme's listings answer by themselves, through ``listing_conditions``.
    listed_filters = ("theme", "type")

    def listing_conditions(self) -> dict:
        """Conditions on a theme's listings (``ThemeListing`` lookups) that other filters
        make, so that PostgreSQL seeks in the listing instead of reading it all: within a
        theme, the type is the listing's copy of it (``filter_type``). ``ThemeFilter``
        applies them with the theme, in one join."""
        entry_type = self.form.cleaned_data.get("type")
        return {"entry_type": entry_type} if self._within_theme(entry_type) else {}

    def filter_type(self, queryset, name, value):
        if self._within_theme(value):
            return queryset  # the theme filter's listing conditions select it
        return queryset.filter(entry_type=value)

    def _within_theme(self, value) -> bool:
        """Whether a filter's value is read from the theme listings (a theme is chosen)."""
        return bool(value) and self.chosen_theme_id is not None

    @cached_property
    def chosen_theme_id(self) -> int | None:
        """The id of the published theme the list is filtered on, if any."""
        self.is_valid()  # fills cleaned_data, also when some parameters are bad
        slug = self.form.cleaned_data.get("theme")
        return next((theme.pk for theme in self.published_themes if theme.slug == slug), None)

    def filter_century(self, queryset, name, value):
        start = (int(value) - 1) * 100
        return overlapping(queryset, start, start + 99)

    def filter_queryset(self, queryset):
        if "q" in self.form.errors:
            # A refused search lists nothing: its message is the answer, at no query's cost.
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        keyset = self.keyset()
        return queryset if keyset is None else keyset.prepare(queryset)

    def keyset(self) -> Keyset | None:
        """The order of the results, which their pages follow by position; None leaves the
        queryset's own order, paged by number.

        With a theme, the order is read from the theme's listings (``Keyset.within_theme``):
        a page then reads the theme's editions in order, checking the other filters on each,
        instead of reading every edition in order and checking its themes (a letter is a
        range of the listings' sort keys, ``listing_conditions``). Not with "Other" for the
        letter, which is no one range.
        """
        if not hasattr(self, "_keyset"):  # asked several times a request; worked out once
            self._keyset = self._keyset_for(self.order())
        return self._keyset

    def _keyset_for(self, order: Keyset | None) -> Keyset | None:
        self.is_valid()  # fills cleaned_data, also when some parameters are bad
        cleaned = self.form.cleaned_data
        theme_id = self.chosen_theme_id
        if order is None or theme_id is None or cleaned.get("letter") == OTHER_LETTER:
            return order
        unlisted = [
            value
            for name, value in cleaned.items()
            if name not in self.listed_filters and name != "sort"
        ]
        if any(unlisted):
            return order.within_theme(None)
        return order.within_theme(self.listings_of(theme_id).filter(**self.listing_conditions()))

    def listings_of(self, theme_id: int) -> QuerySet:
        """The theme's listings that are this list's rows when only filters the listings
        answer (``listed_filters``) narrow it."""
        return ThemeListing.objects.filter(theme_id=theme_id)

    def order(self) -> Keyset | None:
        """The order of the results before any theme is chosen (see ``keyset``)."""
        return None


class EditionFilter(CurrentEditionFilterSet):
    """The filters of /entries/. Each one narrows the current editions; they combine."""

    q = SearchFilter(label="Search", method="search_text")
    letter = django_filters.ChoiceFilter(
        label="Letter",
        field_name="initial",
        choices=LETTER_CHOICES,
        empty_label="Any letter",
        method="filter_letter",
        error_messages=_invalid_choice("a letter of the index", "choose A to Z, or Other."),
    )
    # A text box, not a list of choices: a dictionary may have thousands of contributors.
    contributor = django_filters.CharFilter(
        label="Contributor", method="filter_contributor", help_text="as in their page's address"
    )
    sort = django_filters.ChoiceFilter(
        label="Order",
        choices=SORT_CHOICES,
        empty_label="Default order",
        method="keep",
        error_messages=_invalid_choice("an order", "choose alphabetical, date or last revised."),
    )

    class Meta(CurrentEditionFilterSet.Meta):
        form = _SearchFirstForm

    def listing_conditions(self) -> dict:
        # A letter's sort keys start with it in lower case (``text.initial_letter``): within
        # a theme the letter is that range of the listing's sort keys (``filter_letter``).
        conditions = super().listing_conditions()
        letter = self.form.cleaned_data.get("letter")
        if self._letter_as_range(letter):
            conditions["sort_key__gte"] = letter.lower()
            conditions["sort_key__lt"] = chr(ord(letter.lower()) + 1)
        return conditions

    listed_filters = (*CurrentEditionFilterSet.listed_filters, "letter")

    def filter_letter(self, queryset, name, value):
        if self._letter_as_range(value):
            return queryset  # the theme filter's listing conditions select it
        return queryset.filter(initial=value)

    def _letter_as_range(self, letter: str | None) -> bool:
        return letter != OTHER_LETTER and self._within_theme(letter)

    def filter_contributor(self, queryset, name, value):
        """The editions whose byline names the contributor (by their page's slug)."""
        signed = EditionCredit.objects.filter(contributor__slug=value.strip())
        return queryset.filter(pk__in=signed.values("edition_id"))

    def search_text(self, queryset, name, value):
        return search_editions(queryset, value.strip()) if value.strip() else queryset

    def keep(self, queryset, name, value):
        return queryset

    def order(self) -> Keyset | None:
        """The chosen order; None for a search ranked by relevance, which keeps the search's
        own order and goes by page number. Relevance without a search is alphabetical."""
        self.is_valid()  # fills cleaned_data, also when some parameters are bad
        sort = self.form.cleaned_data.get("sort") or self.default_sort()
        if sort == RELEVANCE:
            return None if self.form.cleaned_data.get("q") else ALPHABETICAL
        return KEYSETS[sort]

    def default_sort(self) -> str:
        return RELEVANCE if self.form.cleaned_data.get("q") else "alpha"


class ChronologyFilter(CurrentEditionFilterSet):
    """The chronology's filters (the shared ones, no search, letter or sort): earliest first,
    over the dated editions its view gives it."""

    def order(self) -> Keyset:
        return CHRONOLOGICAL

    def listings_of(self, theme_id: int) -> QuerySet:
        return super().listings_of(theme_id).exclude(position_year=UNDATED_YEAR)
