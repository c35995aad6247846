"""Word-level differences of two texts: which runs are shared and which were replaced, as
HTML with removed words in <del> and added ones in <ins>, and how many words each side lost
or gained."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?;\n])")
# Changed passages longer than about 4,000 words each are shown as replaced whole.
WORD_MATCH_LIMIT = 4000 * 4000


@dataclass(frozen=True)
class Segment:
    """A run of text: shared by both sides (``equal``, then ``old == new``) or replaced
    (either side may be "")."""

    old: str
    new: str
    equal: bool = False


def segments(old: str, new: str) -> list[Segment]:
    """The runs of two texts, shared and replaced, in order.

    Sentences are matched first and words only within the sentences that differ: a
    word-by-word match over a whole long body is quadratic and took seconds.
    """
    before, after = _SENTENCE_END.split(old or ""), _SENTENCE_END.split(new or "")
    runs = []
    for operation, start, end, new_start, new_end in difflib.SequenceMatcher(
        None, before, after, autojunk=False
    ).get_opcodes():
        old_part, new_part = "".join(before[start:end]), "".join(after[new_start:new_end])
        if operation == "equal":
            runs.append(Segment(old_part, old_part, equal=True))
        else:
            runs += _word_segments(old_part, new_part)
    return _merged(runs)


def _word_segments(old: str, new: str) -> list[Segment]:
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(before) * len(after) > WORD_MATCH_LIMIT:
        # A rewrite of whole pages: matching its words costs seconds and shows nothing useful.
        return [Segment(old, new)]
    return [
        Segment(
            "".join(before[start:end]),
            "".join(after[new_start:new_end]),
            equal=operation == "equal",
        )
        # Spaces and common words count as junk in a long passage: without that, matching
        # two unlike paragraphs took tens of milliseconds each.
        for operation, start, end, new_start, new_end in difflib.SequenceMatcher(
            None, before, after
        ).get_opcodes()
    ]


def _merged(runs: list[Segment]) -> list[Segment]:
    """Neighbouring runs of one kind joined, so that a change reads as one <del> and <ins>;
    a space or a stop shared between two changes joins them ("Title 5" → "Other title" is
    one change, not two words each replaced)."""
    runs = [
        Segment(run.old, run.new) if _lone_space(runs, place) else run
        for place, run in enumerate(runs)
    ]
    merged: list[Segment] = []
    for run in runs:
        if merged and merged[-1].equal == run.equal:
            last = merged[-1]
            merged[-1] = Segment(last.old + run.old, last.new + run.new, equal=run.equal)
        else:
            merged.append(run)
    return merged


def _lone_space(runs: list[Segment], place: int) -> bool:
    run = runs[place]
    return (
        run.equal
        and is_filler(run.old)
        and 0 < place < len(runs) - 1
        and not runs[place - 1].equal
        and not runs[place + 1].equal
    )


def is_filler(text: str) -> bool:
    """Whether a shared run is too slight to stand between two changes: a space or a
    punctuation mark, on one line."""
    return len(text) <= 3 and "\n" not in text and not _WORD.search(text)


def mark(tag: str, html: str) -> str:
    """``html`` (already escaped) in <del> or <ins>, with words that say so to screen readers:
    the strike-through and underline are not read out."""
    marker = "removed:" if tag == "del" else "added:"
    return f'<{tag}><span class="diff-marker visually-hidden">{marker} </span>{html}</{tag}>'


def inline_html(runs: list[Segment]) -> SafeString:
    """One text with removed words struck through and added ones underlined, in place."""
    parts = []
    for run in runs:
        if run.equal:
            parts.append(escape(run.old))
            continue
        if run.old:
            parts.append(mark("del", escape(run.old)))
        if run.new:
            parts.append(mark("ins", escape(run.new)))
    return mark_safe("".join(parts))


def side_html(runs: list[Segment], side: str) -> SafeString:
    """The ``side`` ("old" or "new") of a side-by-side view: its own words, the ones the
    other side lacks marked."""
    tag = "del" if side == "old" else "ins"
    parts = []
    for run in runs:
        text = getattr(run, side)
        if run.equal:
            parts.append(escape(text))
        elif text:
            parts.append(mark(tag, escape(text)))
    return mark_safe("".join(parts))


def word_diff(old: str, new: str) -> SafeString:
    """HTML of ``new`` with words removed since ``old`` in <del> and added ones in <ins>."""
    return inline_html(segments(old, new))


def word_list(text: str) -> list[str]:
    """The words of ``text`` in lower case, punctuation and spaces left out."""
    return _WORD.findall(text.lower())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def words_changed(runs: list[Segment]) -> tuple[int, int]:
    """(words added, words removed) by the replaced runs."""
    changed = [run for run in runs if not run.equal]
    return (
        sum(count_words(run.new) for run in changed),
        sum(count_words(run.old) for run in changed),
    )
