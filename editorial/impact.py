"""Change impact at review: the published entries that point at the entry under review, and
why their text may be stale after the change."""

from dictionary.markup import CROSS_REFERENCE, plain_text
from dictionary.models import CrossReference, Entry
from dictionary.snapshots import EntrySnapshot
from dictionary.text import fold

# Words this long or longer carry what a link's label is about ("the", "of", "a" do not).
CONTENT_WORD = 4


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


def passage_reasons(references, old: EntrySnapshot | None, new: EntrySnapshot) -> dict:
    """Per reference (by id), why the passage it points to may be gone. The markup has no
    anchors: a link points into an entry by the name it is written with (an alias) or by
    the words it shows ([[Serge, Victor|the Memoirs of a Revolutionary]]). A name the change
    removes, or shown words that the old text held (each word of some length) and the new
    one no longer all holds, say the passage the link pointed to was removed."""
    if old is None:
        return {}
    removed_names = {fold(name) for name in old.aliases} - {fold(name) for name in new.aliases}
    old_words, new_words = _words(old.body), _words(new.body)
    reasons = {}
    for reference in references:
        if fold(reference.target_text) in removed_names:
            reasons[reference.pk] = (
                f"it links through the name “{reference.target_text}”, which this change removes"
            )
            continue
        for label in _labels(reference.source.body, reference.target_text):
            words = {word for word in fold(label).split() if len(word) >= CONTENT_WORD}
            if words and words <= old_words and not words <= new_words:
                reasons[reference.pk] = (
                    f"its link reads “{label}”, words this change removes from the entry"
                )
                break
    return reasons


def _words(body: str) -> set[str]:
    return set(fold(plain_text(body)).split())


def _labels(body: str, target_text: str) -> list[str]:
    """The words the links to ``target_text`` in a body show, where they differ from it."""
    key = fold(target_text)
    return [
        label
        for target, label in CROSS_REFERENCE.findall(body)
        if label and fold(target) == key and fold(label) != key
    ]


def change_impact(entry: Entry, old: EntrySnapshot | None, new: EntrySnapshot) -> dict:
    """The published entries linking here (inline, see, see also), one row per entry and
    kind, with the reasons their text may need a look (empty when nothing suggests so):
    ``reasons`` for all of them, and on each reference ``passage_gone``, the reason its
    own passage may be gone (or None)."""
    linking = CrossReference.objects.linking_to(entry).filter(source__editions__is_current=True)
    references = list(linking)
    gone = passage_reasons(references, old, new)
    for reference in references:
        reference.passage_gone = gone.get(reference.pk)
    return {"references": references, "reasons": stale_reasons(old, new)}
