"""Change impact at review: the published entries that point at the entry under review, and
why their text may be stale after the change."""

from dictionary.models import CrossReference, Entry
from dictionary.snapshots import EntrySnapshot


def stale_reasons(old: EntrySnapshot | None, new: EntrySnapshot) -> list[str]:
    """What in the change may leave the words of entries pointing here out of date."""
    if old is None:
        return []
    reasons = []
    if old.headword != new.headword:
        reasons.append(f"renamed from “{old.headword}” to “{new.headword}”")
    if old.dates != new.dates:
        reasons.append(f"dates changed from “{old.dates}” to “{new.dates}”")
    return reasons


def change_impact(entry: Entry, old: EntrySnapshot | None, new: EntrySnapshot) -> dict:
    """The published entries linking here (inline, see, see also), one row per entry and
    kind, with the reasons their text may need a look (empty when nothing suggests so)."""
    linking = CrossReference.objects.linking_to(entry).filter(source__editions__is_current=True)
    return {"references": list(linking), "reasons": stale_reasons(old, new)}
