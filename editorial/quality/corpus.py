"""What the quality rules know of the other entries: known abbreviations, which entries are
published, an entry's neighbours in the A–Z. Read for one entry, or once for a stream."""

import hashlib
import re
from collections import deque

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from dictionary.models import Alias, Edition, Entry

_ALL_CAPITALS = r"^[A-Z]{2,8}$"
# Headwords such as "Communist Party of the Soviet Union (CPSU)" carry their abbreviation.
_BRACKETED = re.compile(r"\(([A-Z]{2,8})\)")
NEIGHBOURS = 3
ABBREVIATIONS_KEPT_SECONDS = 24 * 3600
_NEIGHBOUR_FIELDS = ["pk", "headword", "match_key", "dates"]


def known_abbreviations() -> set[str]:
    """Every abbreviation an entry is named by: all-capital aliases and headwords, and the
    bracketed abbreviation that ends a headword. Small: a few per organisation entry.

    Reading them scans every headword and alias (about 0.3 s at 100,000 entries), too much
    for each change page and review screen that shows an entry's findings. So the set is
    kept in the cache under the state of the names it comes from: how many entries and
    aliases there are, the last entry change and the newest alias. Any save, import or
    deletion moves one of them, so a kept set is never out of date; reading the state costs
    one query, as reading the set did before.
    """
    state = repr(_names_state()).encode()
    key = "quality-abbreviations:" + hashlib.blake2b(state, digest_size=12).hexdigest()
    known = cache.get(key)
    if known is None:
        known = _read_abbreviations()
        cache.set(key, known, timeout=ABBREVIATIONS_KEPT_SECONDS)
    return known


def _names_state() -> tuple:
    """How many entries and aliases there are, the last entry change and the newest alias,
    in one query whose parts are each answered from an index (entry_updated, the keys)."""
    entries, aliases = Entry._meta.db_table, Alias._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {entries}), (SELECT MAX(updated_at) FROM {entries}),"
            f" (SELECT COUNT(*) FROM {aliases}), (SELECT MAX(id) FROM {aliases})"
        )
        return cursor.fetchone()


def _read_abbreviations() -> set[str]:
    aliases = Alias.objects.filter(name__regex=_ALL_CAPITALS).values_list("name").order_by()
    headwords = (
        Entry.objects.filter(Q(headword__regex=_ALL_CAPITALS) | Q(headword__contains="("))
        .values_list("headword")
        .order_by()
    )
    known = set()
    for (name,) in aliases.union(headwords).iterator(chunk_size=2000):
        known.update(_BRACKETED.findall(name) if "(" in name else [name])
    return known


class EntryCorpus:
    """The corpus for checking a few entries: each fact read from the database when asked."""

    def __init__(self):
        self._abbreviations = None
        self._published: dict[int, bool] = {}

    @property
    def abbreviations(self) -> set[str]:
        if self._abbreviations is None:
            self._abbreviations = known_abbreviations()
        return self._abbreviations

    def is_published(self, entry_id: int) -> bool:
        if entry_id not in self._published:
            self._published[entry_id] = Edition.objects.current().filter(entry_id=entry_id).exists()
        return self._published[entry_id]

    def remember_published(self, entry_ids) -> None:
        """Read at once whether each of these entries is published (one query for many)."""
        entry_ids = set(entry_ids) - set(self._published)
        published = set(
            Edition.objects.current()
            .filter(entry_id__in=entry_ids)
            .values_list("entry_id", flat=True)
        )
        self._published.update({pk: pk in published for pk in entry_ids})

    def neighbours(self, entry) -> list:
        """The entries just before and just after this one in the A–Z."""
        others = Entry.objects.exclude(pk=entry.pk).only(*_NEIGHBOUR_FIELDS[1:])
        before = others.filter(sort_key__lte=entry.sort_key).order_by("-sort_key", "-id")
        after = others.filter(sort_key__gte=entry.sort_key).order_by("sort_key", "id")
        return list(before[:NEIGHBOURS]) + list(after[:NEIGHBOURS])


class StreamCorpus(EntryCorpus):
    """The corpus for a stream of entries in A–Z order: the abbreviations read once, each
    chunk's published entries read in one query, and the neighbours those just seen.

    Memory stays bounded: the published flags are forgotten chunk by chunk, and an entry
    is compared with the few before it (so each similar pair is reported once, on the later
    entry of the two)."""

    def __init__(self):
        super().__init__()
        self._recent = deque(maxlen=NEIGHBOURS)

    def start_chunk(self, entries) -> None:
        self._published = {}
        targets = {
            reference.target_id
            for entry in entries
            for reference in entry.outgoing_references.all()
            if reference.target_id is not None
        }
        self.remember_published({entry.pk for entry in entries} | targets)

    def neighbours(self, entry) -> list:
        before = list(self._recent)
        self._recent.append(entry)
        return before
