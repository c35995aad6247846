"""Which pages the bench fetches: the reader's and the staff's, each at a telling size."""

import math

from django.db.models import Count
from django.urls import reverse

from dictionary.models import (
    Contributor,
    Edition,
    EditionCredit,
    EditionReference,
    Theme,
    ThemeListing,
)
from dictionary.views.listing import PER_PAGE
from dictionary.views.paging import MAX_PAGE

from .urls import BARE_URL


def _url(name: str, query: str = "", **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None) + query


def _middle_page(rows: int) -> int:
    """A page halfway through a list of ``rows``, within the pages numbers reach."""
    return min(max(1, math.ceil(rows / PER_PAGE) // 2), MAX_PAGE)


def _typical_slug(count: int) -> str:
    middle = Edition.objects.current().order_by("sort_key").values_list("slug", flat=True)
    return middle[count // 2]


def _largest_slug() -> str | None:
    """The current edition with the most frozen cross-references."""
    busiest = (
        EditionReference.objects.filter(edition__is_current=True)
        .values("edition__slug")
        .annotate(references=Count("id"))
        .order_by("-references")
        .first()
    )
    return busiest["edition__slug"] if busiest else None


def _busiest_contributor() -> str | None:
    """The slug of the contributor who signs the most current editions."""
    busiest = (
        EditionCredit.objects.filter(edition__is_current=True)
        .values("contributor_id")
        .annotate(signed=Count("id"))
        .order_by("-signed")
        .first()
    )
    if busiest is None:
        return None
    return Contributor.objects.filter(pk=busiest["contributor_id"]).values_list("slug", flat=True)[
        0
    ]


def _contributor_pages() -> list[tuple[str, str, str]]:
    slug = _busiest_contributor()
    if slug is None:
        return []
    page = _url("dictionary:contributor_detail", slug=slug)
    return [
        ("contributors index", _url("dictionary:contributor_list"), "public"),
        ("contributor page, most entries", page, "public"),
        ("contributor page, last page", page + "?page=last", "public"),
        ("filter: contributor", _url("dictionary:entry_list", f"?contributor={slug}"), "public"),
    ]


def public_pages() -> list[tuple[str, str, str]]:
    """(label, URL, group) for the reader's site."""
    count = Edition.objects.current().count()
    deep = _middle_page(count)
    people = _middle_page(Edition.objects.current().filter(entry_type="person").count())
    # A theme readers can choose: the list offers only themes with published entries.
    theme = Theme.objects.published().values_list("slug", flat=True).first() or "none"
    in_theme = _middle_page(ThemeListing.objects.filter(theme__slug=theme).count())
    typical, largest = _typical_slug(count), _largest_slug() or _typical_slug(count)
    listing = "dictionary:entry_list"
    pages = [
        ("bare Django view", BARE_URL, "bare"),
        ("home page", _url("dictionary:home"), "public"),
        ("list, first page", _url(listing), "public"),
        (f"list, deep page ({deep})", _url(listing, f"?page={deep}"), "public"),
        ("list, middle of the alphabet", _url(listing, "?from=m"), "public"),
        ("list, last page", _url(listing, "?page=last"), "public"),
        ("list by date, last page", _url(listing, "?sort=date&page=last"), "public"),
        ("filter: letter S", _url(listing, "?letter=S"), "public"),
        ("filter: type person", _url(listing, "?type=person"), "public"),
        ("filter: period 1900-1920", _url(listing, "?period=1900-1920"), "public"),
        (f"filter: theme {theme}", _url(listing, f"?theme={theme}"), "public"),
        (
            f"theme + deep page ({in_theme})",
            _url(listing, f"?theme={theme}&page={in_theme}"),
            "public",
        ),
        ("filters combined", _url(listing, "?letter=S&type=person&period=1900-1920"), "public"),
        (
            f"combined + deep page ({people})",
            _url(listing, f"?type=person&page={people}"),
            "public",
        ),
        ("search: common word", _url(listing, "?q=movement"), "search"),
        ("search: rare word", _url(listing, "?q=zemstvo"), "search"),
        ("search: misspelling", _url(listing, "?q=Zinovyev"), "search"),
        ("search: no match", _url(listing, "?q=qxzvbnm"), "search"),
        ("entry page", _url("dictionary:entry_detail", slug=typical), "public"),
        ("entry page, most references", _url("dictionary:entry_detail", slug=largest), "public"),
        ("editions list", _url("dictionary:edition_list", slug=typical), "public"),
        ("chronology", _url("dictionary:chronology"), "public"),
        ("feed", _url("dictionary:feed"), "public"),
        *_contributor_pages(),
        ("API: list, first page", _url("api:entry_list"), "public"),
        ("API: list, filtered", _url("api:entry_list", "?letter=S&type=person"), "public"),
        ("API: entry", _url("api:entry_detail", slug=typical), "public"),
        ("API: entry as TEI", _url("api:entry_detail", "?format=tei", slug=typical), "public"),
        ("API: search", _url("api:search", "?q=movement"), "search"),
    ]
    return pages


def staff_pages(entry_id: int, revision_id: int | None) -> list[tuple[str, str, str]]:
    """Admin pages for one entry in review."""
    entry = {"object_id": entry_id}
    compare = f"?from={revision_id}&to=current" if revision_id else ""
    return [
        ("admin changelist", _url("admin:dictionary_entry_changelist"), "admin"),
        (
            "admin changelist, search",
            _url("admin:dictionary_entry_changelist", "?q=serge"),
            "admin",
        ),
        ("admin change form", _url("admin:dictionary_entry_change", **entry), "admin"),
        ("review diff screen", _url("admin:dictionary_entry_review", **entry), "admin"),
        ("history list", _url("admin:dictionary_entry_history", **entry), "admin"),
        ("history compare", _url("admin:dictionary_entry_compare", compare, **entry), "admin"),
    ]
