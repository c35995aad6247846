"""Writes on the content that keep derived rows in step: inline cross-references."""

from django.db import transaction

from .markup import extract_references
from .models import Alias, CrossReference, Entry, ReferenceKind
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


def _pk(entry: Entry | None):
    return entry.pk if entry is not None else None
