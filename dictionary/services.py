"""Writes on the content that keep derived rows in step: inline cross-references, names."""

from collections.abc import Collection

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .markup import extract_references
from .models import Alias, CrossReference, Entry, EntryName, ReferenceKind
from .names import name_lead, stored_names
from .text import fold


def entries_named(keys, *, exclude=None) -> dict[str, int]:
    """For each match key, the entry with it as headword, or else the oldest with it as an
    alias. A headword two entries share (homonyms) names neither: it is left unresolved."""
    # Two indexed lookups: an OR across the alias join would scan every entry.
    keys = set(keys)
    by_headword: dict[str, list[int]] = {}
    headwords = Entry.objects.filter(match_key__in=keys).exclude(pk=exclude)
    for key, pk in headwords.values_list("match_key", "pk"):
        by_headword.setdefault(key, []).append(pk)
    found = {key: ids[0] for key, ids in by_headword.items() if len(ids) == 1}
    aliases = Alias.objects.filter(match_key__in=keys - by_headword.keys())
    aliases = aliases.exclude(entry_id=exclude)
    for key, entry_id in aliases.order_by("-entry_id").values_list("match_key", "entry_id"):
        found[key] = entry_id
    return found


def inline_reference_rows(entry: Entry, *, target_of=None) -> list[CrossReference]:
    """Unsaved inline CrossReference rows for the [[...]] links in the entry's body, in order,
    each pointed at ``target_of(match key)`` (an entry id or None), never at the entry itself.
    Without ``target_of`` they point nowhere yet: a batch writer looks all targets up at once.
    """
    rows = []
    for order, reference in enumerate(extract_references(entry.body)):
        key = fold(reference.target)  # as CrossReference.save() does, which bulk_create skips
        target_id = target_of(key) if target_of else None
        rows.append(
            CrossReference(
                source=entry,
                kind=ReferenceKind.INLINE,
                target_text=reference.target,  # spaces tidied by extract_references
                target_key=key,
                target_id=None if target_id == entry.pk else target_id,
                order=order,
            )
        )
    return rows


@transaction.atomic
def sync_derived_rows(entry: Entry) -> None:
    """After a save of the entry or its aliases, bring every row derived from them in step:
    its inline cross-references, the references that wait for its names, its stored names.
    """
    sync_inline_references(entry)
    resolve_waiting_references(entries=[entry])
    sync_entry_names(entries=[entry])


@transaction.atomic
def sync_inline_references(entry: Entry) -> list[CrossReference]:
    """Make the entry's inline cross-references match the [[...]] links in its body.

    Side effects: creates, reorders and deletes the entry's ``inline`` CrossReference rows.
    Targets that do not exist yet are kept with only their text, to resolve later.
    """
    keys = {fold(reference.target) for reference in extract_references(entry.body)}
    targets = entries_named(keys, exclude=entry.pk) if keys else {}
    wanted = inline_reference_rows(entry, target_of=targets.get)
    existing = {
        ref.target_key: ref for ref in entry.outgoing_references.filter(kind=ReferenceKind.INLINE)
    }
    kept = []
    for row in wanted:
        current = existing.pop(row.target_key, None)
        if current is None:
            row.save()
        elif (current.order, current.target_id) != (row.order, row.target_id):
            current.order, current.target_id = row.order, row.target_id
            current.save()
        kept.append(current or row)
    for stale in existing.values():
        stale.delete()
    return kept


def resolve_waiting_references(*, entries: Collection[Entry], keys: set[str] | None = None) -> None:
    """Point the cross-references that wait for a name of these entries (a headword, else
    an alias) at them: the one writer of "these names now lead to these entries".

    One UPDATE for any number of entries. A reference never points at its own entry, nor
    at one of two entries sharing its headword; of two entries with the alias, the older
    wins. Side effects: updates unresolved
    CrossReference rows (of any entry). ``keys``: the match keys of their names, when the
    caller knows them (else they are read).
    """
    ids = [entry.pk for entry in entries]
    aliases = Alias.objects.filter(entry_id__in=ids)
    if keys is None:
        keys = {entry.match_key for entry in entries}
        keys |= set(aliases.values_list("match_key", flat=True))
    # A headword two entries share (homonyms) names neither: such references keep waiting.
    homonym = Entry.objects.filter(match_key=OuterRef("match_key")).exclude(pk=OuterRef("pk"))
    by_headword = Entry.objects.filter(pk__in=ids, match_key=OuterRef("target_key"))
    by_headword = by_headword.exclude(pk=OuterRef("source_id")).exclude(Exists(homonym))
    by_headword = by_headword.order_by("pk").values("pk")
    by_alias = aliases.filter(match_key=OuterRef("target_key"))
    by_alias = by_alias.exclude(entry_id=OuterRef("source_id")).order_by("entry_id")
    target = Coalesce(Subquery(by_headword[:1]), Subquery(by_alias.values("entry_id")[:1]))
    waiting = CrossReference.objects.filter(target__isnull=True, target_key__in=keys)
    waiting.update(target_id=target)


@transaction.atomic(savepoint=False)  # a step of a larger write: no savepoint of its own
def sync_entry_names(
    *,
    entries: Collection[Entry],
    aliases: dict[int, list[str]] | None = None,
    replace: bool = True,
) -> int:
    """Make the entries' stored names match their headwords and aliases (``dictionary.names``):
    the one writer of EntryName rows, for any number of entries.

    Call it wherever a headword or an alias may have changed, next to
    ``resolve_waiting_references``. ``aliases``: the alias names by entry id, when the
    caller knows them (else they are read). With ``replace=False`` the rows are only added
    to those there are (entries just created, aliases just added: ``aliases`` are then the
    new ones). Side effects: writes, and unless told not to deletes, EntryName rows.
    Returns how many rows the entries' names make.
    """
    ids = [entry.pk for entry in entries]
    if aliases is None:
        aliases = {}
        for entry_id, name in Alias.objects.filter(entry_id__in=ids).values_list(
            "entry_id", "name"
        ):
            aliases.setdefault(entry_id, []).append(name)
    rows = [row for entry in entries for row in entry_name_rows(entry, aliases.get(entry.pk, []))]
    if replace:
        EntryName.objects.filter(entry_id__in=ids).delete()
    if rows:
        EntryName.objects.bulk_create(rows, ignore_conflicts=not replace)
    return len(rows)


def rebuild_entry_names(*, batch_size: int = 2000, progress=None) -> int:
    """Derive every entry's stored names again from its headword and aliases: after rows
    were written past the services (``loaddata``, a shell) or the naming rule changed.

    One transaction per batch of entries, so a large dictionary stays usable meanwhile.
    Side effects: replaces the EntryName rows of every entry. Returns how many rows there
    now are; ``progress(done, total)`` is called after each batch.
    """
    ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        with transaction.atomic():
            written += _rebuild_names_of(batch)
        if progress is not None:
            progress(min(start + batch_size, len(ids)), len(ids))
    return written


def _rebuild_names_of(ids: list[int]) -> int:
    return sync_entry_names(entries=list(Entry.objects.filter(pk__in=ids).only("pk", "headword")))


def entry_name_rows(entry: Entry, alias_names) -> list[EntryName]:
    """The unsaved EntryName rows of an entry with these aliases."""
    return [
        EntryName(entry=entry, name=name, lead=name_lead(name))
        for name in stored_names(entry.headword, alias_names)
    ]
