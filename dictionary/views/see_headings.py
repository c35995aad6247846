"""The A–Z list's "see" headings: the names that published entries are also found by
("Kibalchich, Victor → Serge, Victor"), each in its alphabetical place, as in a printed
dictionary.

They are read from the aliases the current editions froze (``EditionAlias``), so only names
of published entries appear. Each entry row of the list carries the names filed from it up to
the next entry of the list (the first entry also those before it), read in the query that
reads the page: a correlated subquery per row, each a range of an index on the folded names
between two entries' sort keys. So every name is on exactly one page of any reading, the
entries' paging, count and query budget stay as they are, and a "see" heading is never
counted as an entry.
"""

from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from ..filters import OTHER_LETTER, RELEVANCE
from ..models import Edition, EditionAlias

# The filters with which the list still shows "see" headings: none but the letter (and an
# alphabetical order). With a type, theme, period, contributor or search the list is a
# selection, not the alphabet; a name's place there would need its entry's filters, and
# a sparse selection would read many names to keep a few.
SEE_HEADING_FILTERS = frozenset({"letter", "sort"})
_ALPHABETICAL_SORTS = ("", None, "alpha", RELEVANCE)
# Between the fields of a name and between names in the aggregated column; control
# characters, which typed text never holds (``text.refuse_control_characters``).
_FIELD, _NAME = "\x1f", "\x1e"
# Files after every sort key: the end of the list.
_END = "\U0010ffff"


@dataclass(frozen=True)
class SeeHeading:
    """A name an entry is also found by, with the entry it sends the reader to."""

    name: str
    sort_key: str
    headword: str
    slug: str
    dates: str

    is_see_heading = True


class _Joined(Aggregate):
    """The texts of a group joined by a separator (SQLite's group_concat, PostgreSQL's
    string_agg); Django 5.2 has no aggregate for both."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def shows_see_headings(criteria: dict) -> bool:
    """Whether the list is the plain alphabet (or one letter of it), where names belong."""
    if criteria.get("sort") not in _ALPHABETICAL_SORTS:
        return False
    return not any(value for name, value in criteria.items() if name not in SEE_HEADING_FILTERS)


def with_see_headings(editions: QuerySet, *, letter: str | None = None) -> QuerySet:
    """``editions`` with ``see_after``: the names filed from each up to the next entry of
    the list (the whole list, or the letter's), the first entry's also those before it."""
    listed = Edition.objects.current().filter(**({"initial": letter} if letter else {}))
    # (sort key, id) beyond the row's, written so that an index on the key bounds the range.
    key, pk = OuterRef("sort_key"), OuterRef("id")
    later = listed.filter(Q(sort_key__gt=key) | Q(id__gt=pk), sort_key__gte=key)
    earlier = listed.filter(Q(sort_key__lt=key) | Q(id__lt=pk), sort_key__lte=key)
    # Each the nearest row, read by the index in the list's order (an EXISTS was planned as
    # a scan, which for the first entry of a list reads every row).
    next_key = later.order_by("sort_key", "id").values("sort_key")[:1]
    previous_key = earlier.order_by("-sort_key", "-id").values("sort_key")[:1]
    editions = editions.annotate(
        see_previous=Subquery(previous_key),
        see_until=Coalesce(Subquery(next_key), Value(_END), output_field=CharField()),
    ).annotate(
        see_from=Case(
            When(see_previous__isnull=True, then=Value("")),
            default=F("sort_key"),
            output_field=CharField(),
        )
    )
    names = EditionAlias.objects.filter(
        _filed_under(letter),
        edition__is_current=True,
        match_key__gte=OuterRef("see_from"),
        match_key__lt=OuterRef("see_until"),
    ).exclude(match_key=F("edition__sort_key"))  # filed where its entry is: sends nowhere
    fields = ("name", "match_key", "edition__headword", "edition__slug", "edition__dates")
    one_name = Concat(*_separated(fields), output_field=TextField())
    # Grouped by a column every row shares (current, as filtered), so the names make one row.
    grouped = names.order_by().values("edition__is_current")
    joined = grouped.annotate(joined=_Joined(one_name, Value(_NAME))).values("joined")
    return editions.annotate(see_after=Subquery(joined, output_field=TextField()))


def _filed_under(letter: str | None) -> Q:
    """The names a letter lists, as ``text.initial_letter`` files them: by the first
    character of their folded key, "#" for anything but a to z."""
    if not letter:
        return Q()
    if letter == OTHER_LETTER:
        return ~Q(match_key__regex=r"^[a-z]")
    return Q(match_key__startswith=letter.lower())


def _separated(fields):
    for number, name in enumerate(fields):
        if number:
            yield Value(_FIELD)
        yield F(name)


def interleaved(editions: list) -> list:
    """The page's entries, each followed by the names filed after it in their order; the
    first entry's names filed before it come first."""
    rows = []
    for edition in editions:
        headings = sorted(
            _parsed(getattr(edition, "see_after", None)), key=lambda h: (h.sort_key, h.name)
        )
        before = [heading for heading in headings if heading.sort_key < edition.sort_key]
        rows += [*before, edition, *headings[len(before) :]]
    return rows


def _parsed(joined: str | None) -> list[SeeHeading]:
    return [SeeHeading(*text.split(_FIELD)) for text in joined.split(_NAME)] if joined else []
