"""Creating entries: the one writer of new entries, batch-first (one entry is a batch of one)."""

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from reversion.models import Revision
from reversion.revisions import _get_options

from dictionary.inserting import insert_new_rows
from dictionary.models import Alias, Citation, Credit, CrossReference, Entry, Theme
from dictionary.services import (
    entries_named,
    inline_reference_rows,
    resolve_waiting_references,
    sync_entry_names,
)
from dictionary.text import free_slug, make_slug

from .recording import RevisionRequest, record_revisions
from .workflow import start_workflows


@dataclass
class EarlierState:
    """A state the entry went through before it was created as it is (a generator's
    synthetic history): its fields that differ, and the revision that recorded it."""

    fields: dict
    comment: str
    date_created: datetime | None = None


@dataclass
class NewEntry:
    """One entry to create, with its rows: all unsaved, their ``entry`` left unset.

    ``references`` are the see / see-also ones (inline references come from the body);
    ``theme_ids`` come in Theme's ordering, the order reversion stores them in;
    ``changes(entry)`` writes further rows once the entry has its key (the admin's inlines).
    """

    entry: Entry
    comment: str | Callable[[], str] = "Created"
    aliases: Sequence[Alias] = ()
    credits: Sequence[Credit] = ()
    citations: Sequence[Citation] = ()
    references: Sequence[CrossReference] = ()
    theme_ids: Sequence[int] = ()
    changes: Callable[[Entry], None] | None = None
    date_created: datetime | None = None
    source_file: str = ""
    source_digest: str = ""
    earlier: Sequence[EarlierState] = field(default_factory=tuple)


@transaction.atomic(savepoint=False)  # callers that retry hold a savepoint
def create_entries(*, entries: list[NewEntry], user=None, target_of=None) -> list[Revision]:
    """Create entries with their aliases, citations, references and themes: the one way an
    entry comes to be (the admin, the importer, the generator, the test factories).

    Side effects, in one transaction and a fixed number of queries for the whole batch:
    the Entry rows (a blank slug made unused), their rows, their inline cross-references
    (from the body, pointed at the entries their names lead to), the references that
    waited for their names pointed at them, their stored names, a draft workflow row
    each, and one revision each by ``user`` (after those of any ``earlier`` states) with
    its EntryRevision. Returns the creation revisions, in order. ``target_of(match key)``
    gives the entry a name leads to (the new entries included), for a caller that knows
    (an import run knows its names); by default two queries find them.
    """
    if not entries:
        return []
    for new in entries:
        new.entry.fill_derived_fields()  # what Entry.save() does; the insert skips it
    _give_slugs([new.entry for new in entries])
    insert_new_rows([new.entry for new in entries])
    for new in entries:
        if new.changes is not None:
            new.changes(new.entry)
    _insert_rows(entries)
    inline = _insert_inline_references([new.entry for new in entries], target_of)
    keys = None if any(new.changes for new in entries) else _name_keys(entries)
    resolve_waiting_references(entries=[new.entry for new in entries], keys=keys)
    _insert_names(entries)
    start_workflows(entries=[new.entry for new in entries])
    # Every row is known: the history recorder need not read them again.
    loaded = keys is not None and _fill_caches(entries, inline)
    revisions = _record(entries, user, loaded=loaded)
    for new in entries:  # the caller's entries read their rows afresh from now on
        new.entry.__dict__.pop("_prefetched_objects_cache", None)
    return revisions


def _give_slugs(entries: list[Entry]) -> None:
    """A slug for each entry left without one (callers creating many reserve theirs)."""
    taken: set[str] = set()
    keys: set[str] = set()
    for entry in entries:
        if not entry.slug:
            like = Entry.objects.filter(slug__startswith=make_slug(entry.headword))
            entry.slug = free_slug(
                entry.headword,
                taken | set(like.values_list("slug", flat=True)),
                year=_homonym_year(entry, keys),
            )
        taken.add(entry.slug)
        keys.add(entry.match_key)


def _homonym_year(entry: Entry, keys: set[str]) -> int | None:
    """The year a homonym's slug carries ("longman-charles-1839"); None for a unique name."""
    if entry.match_key not in keys and not Entry.objects.filter(match_key=entry.match_key).exists():
        return None
    return entry.start_year if entry.start_year is not None else entry.end_year


# Each kind of row a new entry brings: its attribute on NewEntry, and its key to the entry.
_ROWS = [(Alias, "aliases", "entry"), (Credit, "credits", "entry"),
         (Citation, "citations", "entry"), (CrossReference, "references", "source")]  # fmt: skip


def _insert_rows(entries: list[NewEntry]) -> None:
    for model, part, key in _ROWS:
        rows = []
        for new in entries:
            for row in getattr(new, part):
                setattr(row, key, new.entry)
                if hasattr(row, "fill_derived_fields"):
                    row.fill_derived_fields()  # what save() does, which bulk_create skips
                rows.append(row)
        _insert(model, rows)
    Link = Entry.themes.through
    _insert(
        Link, [Link(entry_id=new.entry.pk, theme_id=pk) for new in entries for pk in new.theme_ids]
    )


def _insert_inline_references(entries: list[Entry], target_of) -> list[list[CrossReference]]:
    rows = [inline_reference_rows(entry) for entry in entries]
    keys = {row.target_key for per_entry in rows for row in per_entry}
    if target_of is None:
        targets = entries_named(keys) if keys else {}
    else:  # asked once the entries have their keys: it may name them
        targets = {key: target_of(key) for key in keys}
    for row in (row for per_entry in rows for row in per_entry):
        target_id = targets.get(row.target_key)
        row.target_id = None if target_id == row.source_id else target_id
    _insert(CrossReference, [row for per_entry in rows for row in per_entry])
    return rows


def _insert(model, rows: list) -> None:
    # Short rows: bulk_create, one statement; the entries' long bodies are copied instead.
    if rows:
        model.objects.bulk_create(rows)


def _name_keys(entries: list[NewEntry]) -> set[str]:
    """The match keys of the new entries' names (headwords, aliases)."""
    keys = {new.entry.match_key for new in entries}
    return keys | {alias.match_key for new in entries for alias in new.aliases}


def _fill_caches(entries: list[NewEntry], inline: list[list[CrossReference]]) -> bool:
    """Leave on each entry the rows just inserted, as a prefetch would read them; whether
    they are all reversion follows from an entry (else the recorder reads them)."""
    for new, references in zip(entries, inline, strict=True):
        # Only the themes' keys are serialized: no need to read the themes themselves.
        filed = [Theme(pk=pk) for pk in dict.fromkeys(new.theme_ids)]
        new.entry._prefetched_objects_cache = {
            "themes": as_prefetched(Theme, filed),
            "aliases": as_prefetched(Alias, new.aliases),
            "credits": as_prefetched(Credit, new.credits),
            "citations": as_prefetched(Citation, new.citations),
            "outgoing_references": as_prefetched(CrossReference, [*new.references, *references]),
        }
    return set(_get_options(Entry).follow) <= set(entries[0].entry._prefetched_objects_cache)


def as_prefetched(model, rows) -> QuerySet:
    """A queryset already evaluated to ``rows``, as ``prefetch_related`` leaves them."""
    queryset = model._default_manager.all()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    return queryset


def _insert_names(entries: list[NewEntry]) -> None:
    known = not any(new.changes for new in entries)  # else the callback wrote aliases
    aliases = {new.entry.pk: [alias.name for alias in new.aliases] for new in entries}
    sync_entry_names(
        entries=[new.entry for new in entries], aliases=aliases if known else None, replace=False
    )


def _record(entries: list[NewEntry], user, *, loaded: bool) -> list[Revision]:
    requests, creations = [], []
    for new in entries:
        for state in new.earlier:
            earlier = copy.copy(new.entry)  # sharing the rows left on it
            for name, value in state.fields.items():
                setattr(earlier, name, value)
            requests.append(
                RevisionRequest(
                    objects=[earlier],
                    comment=state.comment,
                    user=user,
                    date_created=state.date_created,
                    loaded=loaded,
                )
            )
        creations.append(len(requests))
        requests.append(
            RevisionRequest(
                objects=[new.entry],
                comment=new.comment() if callable(new.comment) else new.comment,
                user=user,
                date_created=new.date_created,
                source_file=new.source_file,
                source_digest=new.source_digest,
                loaded=loaded,
            )
        )
    revisions = record_revisions(requests)
    return [revisions[index] for index in creations]


def create_entry(*, entry: Entry, user, comment, changes=None, **rows) -> Revision:
    """Create one entry: ``create_entries`` with a batch of one."""
    new = NewEntry(entry=entry, comment=comment, changes=changes, **rows)
    return create_entries(entries=[new], user=user)[0]
