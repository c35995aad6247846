"""The fixed orders of the reader's lists, each defined once: the FilterSets sort by these,
and paging by position compares rows in these very columns, so the two cannot disagree."""

from dataclasses import dataclass, field, replace

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Coalesce

from .models import UNDATED_YEAR


@dataclass(frozen=True)
class Keyset:
    """An order of editions in which a list can be paged by position (a keyset).

    ``parts`` name the columns (or annotations) compared left to right, each with how a
    position writes it in a URL: "text", "int", "year" or "time". The last part is the id,
    so no two rows tie and a position names one place. ``descending`` orders every column
    the other way; ``jumps`` says whether ``?from=<words>`` can start the list at a place in
    the alphabet.
    """

    label: str
    parts: tuple[tuple[str, str], ...]
    descending: bool = False
    annotations: dict = field(default_factory=dict)
    jumps: bool = False
    # The list's positions read without its rows, where something holds them alone (a theme
    # narrowed only by filters its listings answer, ``within_theme``); ``positions_in``.
    positions: QuerySet | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.parts)

    def order_by(self, *, reverse: bool = False) -> list[str]:
        """The arguments of ``QuerySet.order_by`` (after ``annotations``) for this order."""
        prefix = "-" if self.descending != reverse else ""
        return [prefix + name for name in self.names]

    def prepare(self, queryset: QuerySet) -> QuerySet:
        """The queryset in this order, carrying the columns a position is read from."""
        return queryset.annotate(**self.annotations).order_by(*self.order_by())

    def within_theme(self, listings: QuerySet | None = None) -> "Keyset":
        """The same order read from a theme's listings (``ThemeListing``), whose indexes hold
        it, for a list filtered on ``theme_listings__theme``: the same values compared, so a
        position is written alike in both lists. ``listings``: the theme's listings when
        they are exactly the list's rows (no other filter), which then give its positions."""
        listed = {name: f"listed_{name}" for name in self.names}
        columns = {listed[name]: _LISTING_COLUMNS[name] for name in self.names}
        themed = Keyset(
            self.label,
            tuple((listed[name], kind) for name, kind in self.parts),
            descending=self.descending,
            annotations={name: F(f"theme_listings__{column}") for name, column in columns.items()},
            jumps=self.jumps,
        )
        if listings is None:
            return themed
        listings = listings.annotate(**{name: F(column) for name, column in columns.items()})
        positions = listings.order_by(*themed.order_by()).values_list(*themed.names)
        return replace(themed, positions=positions)

    def positions_in(self, queryset: QuerySet) -> QuerySet:
        """The positions of ``queryset``'s rows, in order, as values tuples: read from
        ``positions`` where they are kept apart from the rows, else from the rows'
        columns. Counts and the start of a numbered page are read from these."""
        if self.positions is not None:
            return self.positions
        return queryset.values_list(*self.names)

    def beyond(self, queryset: QuerySet, position: tuple, *, forward: bool) -> QuerySet:
        """The rows after (forward) or before the position, nearest first."""
        ascending = forward != self.descending
        lookup = TupleGreaterThan if ascending else TupleLessThan
        columns = Tuple(*(F(name) for name in self.names))
        return queryset.filter(lookup(columns, position)).order_by(
            *self.order_by(reverse=not forward)
        )


# The listing's copy of each column a keyset compares.
_LISTING_COLUMNS = {
    "sort_key": "sort_key",
    "id": "edition_id",
    "position_year": "position_year",
    "published_at": "published_at",
}

ALPHABETICAL = Keyset("Alphabetical", (("sort_key", "text"), ("id", "int")), jumps=True)
# Earliest year first, undated entries last. The year must be written with UNDATED_YEAR,
# as the date-order index is, for PostgreSQL to use that index.
CHRONOLOGICAL = Keyset(
    "By date",
    (("position_year", "year"), ("sort_key", "text"), ("id", "int")),
    annotations={"position_year": Coalesce("start_year", "end_year", UNDATED_YEAR)},
)
LAST_REVISED = Keyset("Last revised", (("published_at", "time"), ("id", "int")), descending=True)
# By the value of the list's ``sort`` parameter.
KEYSETS = {"alpha": ALPHABETICAL, "date": CHRONOLOGICAL, "revised": LAST_REVISED}
