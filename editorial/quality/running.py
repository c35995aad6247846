"""Running the rules: on one entry (its change page, its review, its save) or on a stream of
entries in chunks (``check_entries``), reading each chunk's relations in a few queries."""

import copy
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, prefetch_related_objects

from dictionary.models import Citation, CrossReference, Entry

from .corpus import EntryCorpus, StreamCorpus
from .models import Dismissal
from .rules import Problem, problems_in

CHUNK_SIZE = 500
_FIELDS = [
    "headword",
    "slug",
    "sort_key",
    "match_key",
    "entry_type",
    "dates",
    "start_year",
    "end_year",
    "body",
]

_TARGET_FIELDS = ["target__headword", "target__dates", "target__start_year", "target__end_year"]


def _relations() -> list[Prefetch]:
    """What the rules read besides the entry's fields: unconfirmed citations, references."""
    return [
        Prefetch(
            "citations",
            queryset=Citation.objects.filter(confirmed=False).select_related("work"),
        ),
        Prefetch(
            "outgoing_references",
            # With the target's dates, which the text may state at the link.
            queryset=CrossReference.objects.select_related("target").only(
                "source_id", "target_id", "target_text", *_TARGET_FIELDS
            ),
        ),
    ]


def checked_entries(queryset=None):
    """Entries with what the rules read."""
    queryset = Entry.objects.all() if queryset is None else queryset
    return queryset.only(*_FIELDS).prefetch_related(*_relations())


def problems_of(entry: Entry) -> list[Problem]:
    """What the rules find in one entry now (its relations read afresh).

    The relations are read onto a copy, so the caller's entry keeps its own caches (the
    rules read only the unconfirmed citations)."""
    checked = copy.copy(entry)
    checked._prefetched_objects_cache = {}
    prefetch_related_objects([checked], *_relations())
    corpus = EntryCorpus()
    targets = {reference.target_id for reference in checked.outgoing_references.all()}
    corpus.remember_published(({entry.pk} | targets) - {None})
    return problems_in(checked, corpus)


def chunks(queryset, size: int) -> Iterator[list[Entry]]:
    """The entries in A–Z order, ``size`` at a time, each chunk's relations prefetched."""
    entries = checked_entries(queryset).order_by("sort_key", "id").iterator(chunk_size=size)
    chunk = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stream_problems(queryset=None, *, size: int = CHUNK_SIZE):
    """Each chunk of entries with the problems of each: ``[(entry, [Problem, ...]), ...]``."""
    corpus = StreamCorpus()
    for chunk in chunks(queryset, size):
        corpus.start_chunk(chunk)
        yield [(entry, problems_in(entry, corpus)) for entry in chunk]


def dismissals_by_place(entry_ids: Iterable[int]) -> dict[tuple, Dismissal]:
    """The latest dismissal of each (entry, check, place) among these entries."""
    latest = {}
    for dismissal in Dismissal.objects.filter(entry_id__in=list(entry_ids)).order_by(
        "created_at", "id"
    ):
        latest[(dismissal.entry_id, dismissal.rule, dismissal.place)] = dismissal
    return latest


def findings_with_dismissals(entry: Entry) -> list[tuple[Problem, Dismissal | None]]:
    """What the rules find in the entry now, each with its dismissal if an editor made one."""
    problems = problems_of(entry)
    dismissed = dismissals_by_place([entry.pk]) if problems else {}
    return [
        (problem, dismissed.get((entry.pk, problem.rule, problem.place))) for problem in problems
    ]
