"""Citation fixity for readers: which published editions carry a fingerprint or contain a
quoted passage. Only editions of published entries are ever looked at (current or earlier
editions, as their pages are readable); nothing unpublished is found."""

import re
from dataclasses import dataclass

from django.db import connection

from .markup import plain_text
from .models import Edition
from .text import fold

FINGERPRINT = re.compile(r"^\s*(?:sha-?256\s*[:=]?\s*)?([0-9a-fA-F]{64})\s*$", re.IGNORECASE)
# A passage shorter than this many words matches too much to tell editions apart.
MIN_WORDS = 4
# Entries whose editions are read in full to confirm a passage; more are not looked at.
CANDIDATE_LIMIT = 200
_FIELDS = ("entry_id", "headword", "number", "is_current", "published_at", "fingerprint")


@dataclass(frozen=True)
class Found:
    """One edition the reader's text points to, with its entry's current slug for the URL."""

    edition: Edition
    slug: str


def published_editions():
    """Every edition of every published entry (the ones whose pages readers can open)."""
    return Edition.objects.filter(entry_id__in=Edition.objects.current().values("entry_id"))


def fingerprint_in(text: str) -> str | None:
    match = FINGERPRINT.match(text)
    return match.group(1).lower() if match else None


def editions_with_fingerprint(fingerprint: str) -> list[Found]:
    editions = published_editions().filter(fingerprint=fingerprint).only(*_FIELDS)
    return _found(list(editions.order_by("entry_id", "number")))


def editions_containing(passage: str) -> list[Found]:
    """The published editions whose text contains the passage, compared with case,
    accents, punctuation and spacing ignored (as it may have been copied from a page)."""
    needle = fold(passage)
    if len(needle.split()) < MIN_WORDS:
        return []
    entry_ids = list(_candidates(passage, needle).values_list("entry_id", flat=True).distinct())
    editions = published_editions().filter(entry_id__in=entry_ids[:CANDIDATE_LIMIT])
    editions = editions.only(*_FIELDS, "body").order_by("entry_id", "number")
    return _found([e for e in editions if needle in fold(plain_text(e.body))])


def _candidates(passage: str, needle: str):
    """Editions that may contain the passage, found through the search columns: the stored
    full-text vector on PostgreSQL, the folded text on SQLite."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        from .search import CONFIG

        query = SearchQuery(passage, search_type="plain", config=CONFIG)
        return published_editions().filter(search_vector=query).order_by()
    return published_editions().filter(search_text__contains=needle).order_by()


def _found(editions: list[Edition]) -> list[Found]:
    ids = {edition.entry_id for edition in editions}
    current = Edition.objects.current().filter(entry_id__in=ids)
    slugs = dict(current.values_list("entry_id", "slug"))
    return [Found(edition, slugs[edition.entry_id]) for edition in editions]
