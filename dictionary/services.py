"""Writes on the content that keep derived rows in step: inline cross-references, names."""

from django.db import transaction

from .markup import extract_references
from .models import Alias, CrossReference, Entry, EntryName, ReferenceKind
from .names import name_lead, stored_names
from .text import fold


def find_target(name: str, *, exclude: Entry | None = None) -> Entry | None:
    """Return the entry a cross-reference written as ``name`` points to, if one exists."""
    # Two indexed lookups: an OR across the alias join would scan every entry.
    key = fold(name)
    excluded = exclude.pk if exclude is not None else None
    by_headword = Entry.objects.filter(match_key=key).exclude(pk=excluded).order_by("id")
    found = by_headword.first()
    if found is None:
        aliases = Alias.objects.filter(match_key=key).exclude(entry_id=excluded)
        alias = aliases.select_related("entry").order_by("entry_id").first()
        found = alias.entry if alias else None
    return found


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
    wanted = extract_references(entry.body)
    existing = {
        ref.target_key: ref for ref in entry.outgoing_references.filter(kind=ReferenceKind.INLINE)
    }
    kept = []
    for order, reference in enumerate(wanted):
        key = fold(reference.target)
        row = existing.pop(key, None) or CrossReference(
            source=entry, kind=ReferenceKind.INLINE, target_text=reference.target
        )
        target = find_target(reference.target, exclude=entry)
        if row.pk is None or row.order != order or row.target_id != _pk(target):
            row.order, row.target = order, target
            row.save()
        kept.append(row)
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


def entry_name_rows(entry: Entry, alias_names) -> list[EntryName]:
    """The unsaved EntryName rows of an entry with these aliases (for bulk writers too)."""
    return [
        EntryName(entry=entry, name=name, lead=name_lead(name))
        for name in stored_names(entry.headword, alias_names)
    ]


def _pk(entry: Entry | None):
    return entry.pk if entry is not None else None
