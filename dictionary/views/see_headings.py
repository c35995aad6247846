"""The A–Z list's "see" headings: the names that published entries are also found by
("Kibalchich, Victor → Serge, Victor"), each in its alphabetical place, as in a printed
dictionary.

They are the aliases the current editions froze (``EditionAlias``), so only names of
published entries appear. The list's pages do not read them: each process keeps them all,
sorted by their keys, for one publication generation (``caching.cache_key``, which every
public page reads anyway), and reads them again, in one query, on the first list page that
needs them after something was published or withdrawn. A page then takes, by bisection, the
names filed from its first entry up to the entry that follows its last one (the first page
from the start of the list, the last page to its end), so a page costs no query and no
database work for them, every name is on exactly one page whichever way the reader goes, and
a "see" heading is never counted as an entry.

Keys are compared as Python compares strings, code point by code point, which is how the
database orders the sort keys too (the ``C`` collation): folded keys are letters, digits and
spaces.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from ..caching import cache_key
from ..filters import RELEVANCE
from ..models import EditionAlias
from ..ordering import ALPHABETICAL
from ..text import letter_of_key
from .linking import entry_path

# The filters with which the list still shows "see" headings: none but the letter (and an
# alphabetical order). With a type, theme, period, contributor or search the list is a
# selection, not the alphabet; a name's place there would need its entry's filters.
SEE_HEADING_FILTERS = frozenset({"letter", "sort"})
_ALPHABETICAL_SORTS = ("", None, "alpha", RELEVANCE)


@dataclass(frozen=True, slots=True)
class SeeHeading:
    """A name an entry is also found by, with the entry it sends the reader to."""

    name: str
    sort_key: str
    headword: str
    slug: str
    dates: str
    url: str

    def as_html(self) -> str:
        """The heading's line in the list, its texts escaped."""
        dates = f' <span class="dates">({escape(self.dates)})</span>' if self.dates else ""
        return (
            '<li class="see-heading"><span class="visually-hidden">Cross-reference: </span>'
            f'<span class="see-name">{escape(self.name)}</span> '
            '<span class="see-arrow" aria-hidden="true">→</span> <i class="see">see</i> '
            f'<a href="{escape(self.url)}">{escape(self.headword)}</a>{dates}</li>'
        )


@dataclass(frozen=True, slots=True)
class SeeHeadingRun:
    """The "see" headings filed together between two entries of a page, one row of the list.

    Written out here, not by the template, and as one row: the first page of a large
    dictionary may hold hundreds of them (all its abbreviations filed before its first
    entry: 467 at 100,000 entries), and the template's loop and tags cost about 50 µs a
    line, which doubled that page's time; this costs a few µs a line."""

    headings: list[SeeHeading]

    def as_html(self) -> str:
        return mark_safe("\n".join(heading.as_html() for heading in self.headings))


# Between the fields of a name kept in the index: a control character, which typed text
# never holds (``text.refuse_control_characters``).
_FIELD = "\x1f"


@dataclass(frozen=True, slots=True)
class _Filed:
    """Names in their alphabetical order: their keys, for bisection, and each name with its
    entry's headword, slug and dates as one string (two fifths less memory than four)."""

    keys: list[str]
    names: list[str]

    def between(self, start: str, end: str | None) -> list[SeeHeading]:
        """The names filed at or after ``start`` and before ``end`` (None: to the end)."""
        first = bisect_left(self.keys, start)
        stop = len(self.keys) if end is None else bisect_left(self.keys, end, first)
        # A page may hold hundreds of names (a common abbreviation): ``entry_path`` does
        # not resolve the URL pattern for each.
        headings = []
        for key, packed in zip(self.keys[first:stop], self.names[first:stop], strict=True):
            name, headword, slug, dates = packed.split(_FIELD)
            headings.append(SeeHeading(name, key, headword, slug, dates, entry_path(slug)))
        return headings


@dataclass(frozen=True, slots=True)
class SeeHeadingIndex:
    """Every published "see" heading, whole and by the letter it files under."""

    everything: _Filed
    by_letter: dict[str, _Filed]

    def between(self, start: str, end: str | None, *, letter: str | None) -> list[SeeHeading]:
        if not letter:
            return self.everything.between(start, end)
        filed = self.by_letter.get(letter)
        return filed.between(start, end) if filed else []


# This process's index and the generation it was read in; replaced as a whole, so a thread
# reading it never sees half of one.
_kept: tuple[str, SeeHeadingIndex] | None = None


def see_heading_index() -> SeeHeadingIndex:
    """The published "see" headings of the current publication generation: read in one
    query the first time after a publication or withdrawal, then from this process."""
    global _kept
    generation = cache_key("see-headings")
    kept = _kept
    if kept is None or kept[0] != generation:
        kept = _kept = (generation, _read_index())
    return kept[1]


def _read_index() -> SeeHeadingIndex:
    rows = (
        EditionAlias.objects.filter(edition__is_current=True)
        .order_by()
        .values_list(
            "match_key",
            "name",
            "edition__headword",
            "edition__slug",
            "edition__dates",
            "edition__sort_key",
        )
    )
    # A name filed where its own entry is would send the reader nowhere: left out.
    filed = sorted(
        (key[:255], name, _FIELD.join((name, headword, slug, dates)))
        for key, name, headword, slug, dates, entry_key in rows.iterator(chunk_size=10000)
        if key[:255] != entry_key
    )
    letters = defaultdict(list)
    for key, _, packed in filed:
        letters[letter_of_key(key)].append((key, packed))
    return SeeHeadingIndex(
        _Filed([key for key, _, _ in filed], [packed for _, _, packed in filed]),
        {
            letter: _Filed([key for key, _ in names], [packed for _, packed in names])
            for letter, names in letters.items()
        },
    )


def shows_see_headings(criteria: dict) -> bool:
    """Whether the list is the plain alphabet (or one letter of it), where names belong."""
    if criteria.get("sort") not in _ALPHABETICAL_SORTS:
        return False
    return not any(value for name, value in criteria.items() if name not in SEE_HEADING_FILTERS)


def interleaved(page, *, letter: str | None = None) -> list:
    """The page's entries with the "see" headings filed among them: each name after the last
    entry filed at or before it, those before the list's first entry first; the names
    between two entries as one ``SeeHeadingRun``."""
    entries = page.items
    if not entries or page.keyset != ALPHABETICAL:
        return list(entries)
    start = entries[0].sort_key if page.has_previous else ""
    end = page.following[0] if page.has_next and page.following else None
    if page.has_next and end is None:  # no bound known: none rather than a name twice
        return list(entries)
    headings = see_heading_index().between(start, end, letter=letter)
    return _merged(entries, headings)


def _merged(entries: list, headings: list[SeeHeading]) -> list:
    keys = [entry.sort_key for entry in entries]
    # Each name goes after the last entry filed at or before it (-1: before the first), so
    # a name filed under an entry's own key follows that entry (and its homonyms).
    after = defaultdict(list)
    for heading in headings:
        after[bisect_right(keys, heading.sort_key) - 1].append(heading)
    rows = [SeeHeadingRun(after[-1])] if after[-1] else []
    for number, entry in enumerate(entries):
        rows += [entry, SeeHeadingRun(after[number])] if after[number] else [entry]
    return rows
