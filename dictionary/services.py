"""Writes on the content that keep derived rows in step: inline cross-references, names."""

from django.db import transaction

from .markup import extract_references
from .models import Alias, CrossReference, Entry, EntryName, ReferenceKind
from .names import name_lead, stored_names
from .text import fold


def _entries_named(keys, *, exclude=None) -> dict[str, int]:
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


def inline_reference_rows(entry: Entry, *, target_of) -> list[CrossReference]:
    """Unsaved inline CrossReference rows for the [[...]] links in the entry's body, in order,
    each pointed at ``target_of(match key)`` (an entry id or None), never at the entry itself.
    ``sync_inline_references`` looks all the targets up at once; bulk writers pass what they
    know.
    """
    rows = []
    for order, reference in enumerate(extract_references(entry.body)):
        key = fold(reference.target)  # as CrossReference.save() does, which bulk_create skips
        target_id = target_of(key)
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
    resolve_waiting_references(entry)
    sync_entry_names(entry)


@transaction.atomic
def sync_inline_references(entry: Entry) -> list[CrossReference]:
    """Make the entry's inline cross-references match the [[...]] links in its body.

    Side effects: creates, reorders and deletes the entry's ``inline`` CrossReference rows.
    Targets that do not exist yet are kept with only their text, to resolve later.
    """
    keys = {fold(reference.target) for reference in extract_references(entry.body)}
    targets = _entries_named(keys, exclude=entry.pk) if keys else {}
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


@transaction.atomic
def resolve_waiting_references(entry: Entry) -> int:
    """Point cross-references waiting for this entry's headword or aliases at it.

    Side effects: updates other entries' unresolved CrossReference rows. Returns how many.
    """
    keys = {entry.match_key, *Alias.objects.filter(entry=entry).values_list("match_key", flat=True)}
    waiting = CrossReference.objects.filter(target__isnull=True, target_key__in=keys)
    return waiting.exclude(source=entry).update(target=entry)


@transaction.atomic
def sync_entry_names(entry: Entry) -> None:
    """Make the entry's stored names match its headword and aliases (see ``dictionary.names``).

    Call it wherever a headword or an alias may have changed, next to
    ``resolve_waiting_references``. Side effects: creates and deletes EntryName rows.
    """
    aliases = Alias.objects.filter(entry=entry).values_list("name", flat=True)
    rows = entry_name_rows(entry, aliases)
    entry.names.exclude(name__in=[row.name for row in rows]).delete()
    EntryName.objects.bulk_create(rows, ignore_conflicts=True)


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
    aliases: dict[int, list[str]] = {}
    for entry_id, name in Alias.objects.filter(entry_id__in=ids).values_list("entry_id", "name"):
        aliases.setdefault(entry_id, []).append(name)
    entries = Entry.objects.filter(pk__in=ids).only("pk", "headword")
    rows = [row for entry in entries for row in entry_name_rows(entry, aliases.get(entry.pk, []))]
    EntryName.objects.filter(entry_id__in=ids).delete()
    return len(EntryName.objects.bulk_create(rows))


def entry_name_rows(entry: Entry, alias_names) -> list[EntryName]:
    """The unsaved EntryName rows of an entry with these aliases (for bulk writers too)."""
    return [
        EntryName(entry=entry, name=name, lead=name_lead(name))
        for name in stored_names(entry.headword, alias_names)
    ]
