"""The fixed orders of the reader's lists, each defined once: the FilterSets sort by these,
and paging by position compares rows in these very columns, so the two cannot disagree."""

from dataclasses import dataclass, field

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

    def beyond(self, queryset: QuerySet, position: tuple, *, forward: bool) -> QuerySet:
        """The rows after (forward) or before the position, nearest first."""
        ascending = forward != self.descending
        lookup = TupleGreaterThan if ascending else TupleLessThan
        columns = Tuple(*(F(name) for name in self.names))
        return queryset.filter(lookup(columns, position)).order_by(
            *self.order_by(reverse=not forward)
        )


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
