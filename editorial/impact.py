"""Change impact at review: the published entries that point at the entry under review, and
why their text may be stale after the change."""

from dictionary.models import CrossReference, Entry


def stale_reasons(old: dict | None, new: dict) -> list[str]:
    """What in the change may leave the words of entries pointing here out of date."""
    if old is None:
        return []
    reasons = []
    if old.get("headword") != new.get("headword"):
        reasons.append(f"renamed from “{old.get('headword')}” to “{new.get('headword')}”")
    if old.get("dates") != new.get("dates"):
        reasons.append(f"dates changed from “{old.get('dates')}” to “{new.get('dates')}”")
    return reasons


def change_impact(entry: Entry, old: dict | None, new: dict) -> dict:
    """The published entries linking here (inline, see, see also), one row per entry and
    kind, with the reasons their text may need a look (empty when nothing suggests so)."""
    linking = CrossReference.objects.linking_to(entry).filter(source__editions__is_current=True)
    return {"references": list(linking), "reasons": stale_reasons(old, new)}
