"""Paging of result lists: by position (keyset) in the fixed orders of ``dictionary.ordering``,
by number for searches.

The URLs, all stable and bookmarkable (other parameters, the filters, are kept as they are):

- ``?after=<position>``: the page that follows a row; ``?before=<position>``: the page
  that precedes it. A position is the row's values in the list's order, joined by ``~``:
  ``<sort key>~<id>`` alphabetically (``after=serge victor~123``), ``<year>~<sort key>~<id>``
  by date (the year empty for undated entries, which come last), ``<published, UTC>~<id>``
  by last revised (``after=2026-11-25T14:00:00.000000Z~123``).
- ``?from=<words>`` (alphabetical order): the page whose first entry files at or after the
  words, like a printed dictionary's guide words.
- ``?page=last``: the last page; no parameter: the first.
- ``?page=<n>``: numbered pages, up to MAX_PAGE. Searches ordered by relevance page this
  way, by OFFSET (their results are bounded); in the other orders the number still answers,
  so that old bookmarks work, by skipping to the position that ends the page before (read
  from a theme's listings alone where they are the list), but the links on the page name
  positions.

A position page costs one index range scan, so the last page costs what the first does.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import QuerySet
from django.http import QueryDict

from ..models import UNDATED_YEAR
from ..ordering import Keyset
from ..search import count_up_to, noted_count, planner_estimate
from ..text import sort_key

# Up to this many matches the count is exact; beyond it PostgreSQL's estimate is shown.
EXACT_COUNT_LIMIT = 2000
# Page numbers skip the rows before them, reading each (page 200 of 100,000 entries costs
# about twice page 1; OFFSET over whole rows cost 0.3 s at page 1,000); beyond this page a
# number is refused. Positions have no such limit.
MAX_PAGE = 200
# Separates the values of a position in the URL; sort keys never contain it (they are
# folded to letters, digits and spaces).
SEPARATOR = "~"
# Undated entries come last in date order, their year read as this largest integer; a URL
# writes it empty.
UNDATED = UNDATED_YEAR
# Ids are 64-bit integers; anything larger cannot name a row.
_LARGEST_ID = 2**63 - 1
# The query parameters that say where a page starts.
POSITION_PARAMETERS = ("after", "before", "from", "page")


class PageError(ValueError):
    """A page parameter that names no page of the results; the message says why."""

    def __init__(self, message: str, *, fallback: str = "first"):
        super().__init__(message)
        self.fallback = fallback


def position_of(keyset: Keyset, row) -> str:
    """The URL text of a row's position in the keyset's order."""
    return SEPARATOR.join(_write(getattr(row, name), kind) for name, kind in keyset.parts)


def parse_position(keyset: Keyset, raw: str) -> tuple:
    """A position in the keyset's order from its URL text; PageError names what is wrong."""
    texts = _split(raw, [kind for _, kind in keyset.parts])
    try:
        return tuple(_read(text, kind) for text, (_, kind) in zip(texts, keyset.parts, strict=True))
    except ValueError:
        raise _malformed(raw) from None


def _write(value, kind: str) -> str:
    if kind == "time":
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if kind == "year" and value == UNDATED:
        return ""
    return str(value)


def _read(text: str, kind: str):
    if kind == "text":
        return text
    if kind == "year" and text == "":
        return UNDATED
    if kind == "time":
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError(text)
        return moment
    number = int(text)
    limit = UNDATED if kind == "year" else _LARGEST_ID
    if not -limit <= number <= limit:
        raise ValueError(text)
    return number


def _split(raw: str, kinds: list[str]) -> list[str]:
    """Cut the URL text into one piece per part (sort keys never hold the separator)."""
    pieces = raw.split(SEPARATOR)
    if len(pieces) != len(kinds) or "\x00" in raw:
        raise _malformed(raw)
    return pieces


def _malformed(raw: str) -> PageError:
    shown = raw if len(raw) <= 60 else raw[:60] + "…"
    return PageError(f"“{shown}” is not a position in this list; showing the first page.")


@dataclass
class ResultPage:
    """One page of results. ``number`` is None for a page found by position, whose place
    among the pages is not counted (counting would read every row before it)."""

    items: list
    number: int | None
    per_page: int
    count: int
    estimated: bool = False
    has_next: bool = False
    has_previous: bool = False
    keyset: Keyset | None = None
    # The position (values in the keyset's order) of the row that follows the page, where
    # reading the page found it: what the A–Z list's "see" headings are bounded by.
    following: tuple | None = None

    @property
    def num_pages(self) -> int | None:
        if self.number is None:
            return None
        return max(1, math.ceil(self.count / self.per_page), self.number + self.has_next)

    @property
    def start_index(self) -> int | None:
        if self.number is None:
            return None
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def end_index(self) -> int | None:
        if self.number is None:
            return None
        return self.start_index + len(self.items) - 1 if self.items else 0

    @property
    def is_paged(self) -> bool:
        return self.has_previous or self.has_next

    def first_position(self) -> str:
        return position_of(self.keyset, self.items[0])

    def last_position(self) -> str:
        return position_of(self.keyset, self.items[-1])


def count_results(queryset: QuerySet) -> tuple[int, bool]:
    """Return (count, estimated): exact up to EXACT_COUNT_LIMIT, else the planner's guess."""
    # A search has often counted its matches already, or found them too many to count
    # (``search.remember_count``).
    noted = noted_count(queryset)
    if noted is not None and noted.estimated and noted.rows > EXACT_COUNT_LIMIT:
        return noted.rows, True
    # Only the ids: annotations such as the search rank would be computed for every row.
    bounded = count_up_to(queryset, EXACT_COUNT_LIMIT + 1)
    if bounded <= EXACT_COUNT_LIMIT:
        return bounded, False
    estimate = planner_estimate(queryset)
    if estimate is None:
        return queryset.count(), False
    return max(estimate, bounded), True


def page_number(raw: str | None) -> int:
    """Parse the page parameter; raise PageError with a reader-facing message."""
    if raw in (None, ""):
        return 1
    try:
        number = int(raw)
    except ValueError:
        raise PageError(f"“{raw}” is not a page number; showing the first page.") from None
    if number < 1:
        raise PageError("Pages are numbered from 1; showing the first page.")
    if number > MAX_PAGE:
        raise PageError(
            f"Page numbers stop at {MAX_PAGE}; use Next, a letter or another filter to go "
            "further. Showing the first page."
        )
    return number


def paginate(queryset: QuerySet, number: int, *, per_page: int, keyset=None) -> ResultPage:
    """Fetch one numbered page (one query, plus a count when there is more than one page,
    plus one to find where a later page starts in a keyset order)."""
    offset = (number - 1) * per_page
    if keyset is None or offset == 0:
        rows = list(queryset[offset : offset + per_page + 1])
    else:
        rows = _rows_after_offset(queryset, keyset, offset, per_page=per_page)
    has_next = len(rows) > per_page
    items = rows[:per_page]
    if number == 1 and not has_next:
        return ResultPage(items, number, per_page, len(items), keyset=keyset)
    count, estimated = count_results(_counted_rows(queryset, keyset))
    following = _position_after(keyset, rows, per_page)
    page = ResultPage(
        items, number, per_page, count, estimated, has_next, number > 1, keyset, following
    )
    if not items:
        last = max(1, math.ceil(count / per_page))
        raise PageError(f"There is no page {number}: these results end on page {last}.")
    return page


def _rows_after_offset(queryset, keyset: Keyset, offset: int, *, per_page: int) -> list:
    """The rows of a numbered page in a keyset order: the row ending the previous page is
    found by its position columns alone (from a theme's listings, where they are kept,
    without reading any edition), then the page is read after it as a position page is.
    OFFSET over whole rows read and sorted every skipped row."""
    boundary = keyset.positions_in(queryset)[offset - 1 : offset]
    position = next(iter(boundary), None)
    if position is None:
        return []
    return list(keyset.beyond(queryset, position, forward=True)[: per_page + 1])


def paginate_by_position(
    queryset: QuerySet, params: QueryDict, *, keyset: Keyset, per_page: int
) -> ResultPage:
    """Fetch the page the parameters name: ``after``, ``before``, ``from`` (alphabetical
    order only), ``page=last`` or a page number; the first page when none is given."""
    queryset = keyset.prepare(queryset)
    if params.get("after"):
        position = parse_position(keyset, params["after"])
        return _after(queryset, keyset, position, per_page=per_page)
    if params.get("before"):
        position = parse_position(keyset, params["before"])
        return _before(queryset, keyset, position, per_page=per_page)
    if params.get("from"):
        return _starting_at(queryset, keyset, params["from"], per_page=per_page)
    if params.get("page") == "last":
        return _last(queryset, keyset, per_page=per_page)
    return paginate(queryset, page_number(params.get("page")), per_page=per_page, keyset=keyset)


def _counted_rows(queryset, keyset: Keyset | None):
    """What to count for the list: its positions in a keyset order, else its rows."""
    return queryset if keyset is None else keyset.positions_in(queryset)


def _position_after(keyset: Keyset | None, rows: list, per_page: int) -> tuple | None:
    """The position of the row read beyond the page (to know that a next page exists)."""
    if keyset is None or len(rows) <= per_page:
        return None
    return tuple(getattr(rows[per_page], name) for name in keyset.names)


def _counted(
    queryset, keyset, rows, *, per_page, has_next, has_previous, following=None
) -> ResultPage:
    count, estimated = count_results(_counted_rows(queryset, keyset))
    return ResultPage(
        rows[:per_page], None, per_page, count, estimated, has_next, has_previous, keyset, following
    )


def _after(queryset, keyset, position, *, per_page, has_previous=True) -> ResultPage:
    rows = list(keyset.beyond(queryset, position, forward=True)[: per_page + 1])
    if not rows:
        raise PageError(
            "Nothing comes after that position in this list now; showing its last page.",
            fallback="last",
        )
    has_next = len(rows) > per_page
    return _counted(
        queryset,
        keyset,
        rows,
        per_page=per_page,
        has_next=has_next,
        has_previous=has_previous,
        following=_position_after(keyset, rows, per_page),
    )


def _before(queryset, keyset, position, *, per_page) -> ResultPage:
    rows = list(keyset.beyond(queryset, position, forward=False)[: per_page + 1])
    if not rows:
        return paginate(queryset, 1, per_page=per_page, keyset=keyset)
    has_previous = len(rows) > per_page
    rows = rows[:per_page][::-1]
    # The page ends where the position starts: the row there (as the link was made) follows.
    if has_previous:
        return _counted(
            queryset,
            keyset,
            rows,
            per_page=per_page,
            has_next=True,
            has_previous=True,
            following=position,
        )
    # The start of the list. Pages counted back from the end may leave it short; it is
    # shown as it is, so that going back never shows an entry twice.
    count, estimated = count_results(_counted_rows(queryset, keyset))
    return ResultPage(rows, 1, per_page, count, estimated, True, False, keyset, position)


def _last(queryset, keyset, *, per_page) -> ResultPage:
    rows = list(queryset.reverse()[: per_page + 1])
    has_previous = len(rows) > per_page
    rows = rows[:per_page][::-1]
    if not has_previous:
        return paginate(queryset, 1, per_page=per_page, keyset=keyset)
    return _counted(queryset, keyset, rows, per_page=per_page, has_next=False, has_previous=True)


def _starting_at(queryset, keyset, words: str, *, per_page) -> ResultPage:
    """The page whose first entry files at or after ``words``, like a dictionary's guide
    words: "serge" starts at "Serge, Victor" or, without it, at what would follow it."""
    if not keyset.jumps:
        raise PageError("“from” works in alphabetical order only; showing the first page.")
    key = sort_key(words)
    if not key:
        raise PageError(f"“{words[:60]}” has no letters to look up; showing the first page.")
    # Ids start at 1, so (key, 0) comes just before every entry filed under the key itself.
    start = (key, 0)
    earlier = keyset.beyond(queryset, start, forward=False).exists()
    if not earlier:
        return paginate(queryset, 1, per_page=per_page, keyset=keyset)
    try:
        return _after(queryset, keyset, start, per_page=per_page)
    except PageError:
        raise PageError(
            f"Nothing in this list files at or after “{words[:60]}”; showing its last page.",
            fallback="last",
        ) from None
