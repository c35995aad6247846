"""An entry body compared paragraph by paragraph, for reviewers.

Paragraphs (blocks of markup between blank lines) are matched first; a changed paragraph is
then compared word by word, both as markup and as the reader sees it rendered. Unchanged
paragraphs are folded away except one on each side of a change, so a one-word correction
in a long entry shows as three paragraphs and a count of the rest.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

import nh3
from django.utils.safestring import SafeString, mark_safe

from dictionary.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_body

from . import words

CONTEXT = 1  # unchanged paragraphs shown on each side of a change
SMALLEST_FOLD = 2  # one unchanged paragraph takes no more room than a fold's marker
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A changed paragraph is paired with the most alike of the new ones when it shares at least
# this share of its words; else it shows as removed and the new one as added.
_ALIKE = 0.5
_PAIRINGS_WEIGHED = 400  # replaced paragraphs (old × new) weighed pair by pair, at most
_HTML_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\w+|\s+|[^\w\s<&]+|[<&]")
_DIFF_TAGS = ALLOWED_TAGS | {"del", "ins"}
_KIND_LABELS = {"same": "unchanged", "changed": "changed", "added": "added", "removed": "removed"}


def paragraphs(body: str) -> list[str]:
    """The paragraphs of body markup, line endings made one kind (a browser sends CRLF)."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph of the comparison: ``kind`` is "same", "changed", "added", "removed",
    or "moved-away" and "moved-here" for a paragraph moved whole; ``old_number`` and
    ``new_number`` are its places (from 1) on each side, None on the side it is missing
    from; ``moved`` is a moved paragraph's place on the other side."""

    kind: str
    old: str
    new: str
    old_number: int | None
    new_number: int | None
    moved: int | None = None

    @cached_property
    def _runs(self) -> list[words.Segment]:
        if self.moved:  # its words did not change: shown as they are, where they were and are
            text = self.old or self.new
            return [words.Segment(text, text, equal=True)]
        return words.segments(self.old, self.new)

    @property
    def number(self) -> int:
        return self.new_number or self.old_number

    @property
    def renumbered(self) -> bool:
        """Whether the paragraph has another place now (text added or removed before it)."""
        return None not in (self.old_number, self.new_number) and (
            self.old_number != self.new_number
        )

    @property
    def label(self) -> str:
        if self.kind == "moved-away":
            return f"moved to paragraph {self.moved}"
        if self.kind == "moved-here":
            return f"moved here from paragraph {self.moved}"
        return _KIND_LABELS[self.kind]

    @property
    def markup_inline(self) -> SafeString:
        return words.inline_html(self._runs)

    @property
    def markup_old(self) -> SafeString:
        return words.side_html(self._runs, "old")

    @property
    def markup_new(self) -> SafeString:
        return words.side_html(self._runs, "new")

    @cached_property
    def _rendered(self) -> "RenderedParagraph":
        if self.moved:
            html = render_body(self.old or self.new)
            return RenderedParagraph(html, html)
        return RenderedParagraph(render_body(self.old), render_body(self.new))

    @property
    def rendered_inline(self) -> SafeString:
        return self._rendered.inline()

    @property
    def rendered_old(self) -> SafeString:
        return self._rendered.side("old")

    @property
    def rendered_new(self) -> SafeString:
        return self._rendered.side("new")

    def words_changed(self) -> tuple[int, int]:
        if self.kind == "same" or self.moved:
            return 0, 0
        return words.words_changed(self._runs)


@dataclass(frozen=True)
class Fold:
    """Unchanged paragraphs folded away between the changes (shown on request)."""

    paragraphs: list[ParagraphChange]

    kind = "fold"

    @property
    def count(self) -> int:
        return len(self.paragraphs)

    @property
    def first(self) -> int:
        return self.paragraphs[0].number

    @property
    def last(self) -> int:
        return self.paragraphs[-1].number


@dataclass(frozen=True)
class BodyDiff:
    """The body's paragraphs as a reviewer reads them: changes, context and folds."""

    blocks: list = field(default_factory=list)
    words_added: int = 0
    words_removed: int = 0

    @property
    def changed(self) -> bool:
        return any(block.kind not in ("same", "fold") for block in self.blocks)


def compare_bodies(old: str, new: str) -> BodyDiff:
    """The paragraphs of two bodies matched, the unchanged ones folded beyond the context."""
    rows = _moves_found(_matched(paragraphs(old), paragraphs(new)))
    added = removed = 0
    for row in rows:
        more, fewer = row.words_changed()
        added, removed = added + more, removed + fewer
    return BodyDiff(blocks=_folded(rows), words_added=added, words_removed=removed)


def _matched(before: list[str], after: list[str]) -> list[ParagraphChange]:
    rows = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, start, end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            rows += [
                ParagraphChange("same", before[i], after[j], i + 1, j + 1)
                for i, j in zip(range(start, end), range(new_start, new_end), strict=True)
            ]
        else:
            rows += _paired(before, after, range(start, end), range(new_start, new_end))
    return rows


def _paired(before, after, old_places: range, new_places: range) -> list[ParagraphChange]:
    """Replaced paragraphs in order, each old one paired with the most alike new one still
    ahead (a rewritten paragraph), the others shown as removed or added."""
    if len(old_places) * len(new_places) > _PAIRINGS_WEIGHED:
        return _paired_in_order(before, after, old_places, new_places)
    rows, pending = [], list(new_places)
    for i in old_places:
        best = max(((_alike(before[i], after[j]), j) for j in pending), default=(0, None))
        if best[0] < _ALIKE:
            rows.append(ParagraphChange("removed", before[i], "", i + 1, None))
            continue
        while pending and pending[0] != best[1]:
            j = pending.pop(0)
            rows.append(ParagraphChange("added", "", after[j], None, j + 1))
        j = pending.pop(0)
        rows.append(ParagraphChange("changed", before[i], after[j], i + 1, j + 1))
    rows += [ParagraphChange("added", "", after[j], None, j + 1) for j in pending]
    return rows


def _alike(old: str, new: str) -> float:
    """How alike two paragraphs are, 0 to 1: the share of their words they have in common
    (letters alone make any two paragraphs of one language look alike)."""
    before, after = Counter(words.word_list(old)), Counter(words.word_list(new))
    total = sum(before.values()) + sum(after.values())
    return 2 * sum((before & after).values()) / total if total else 1.0


def _paired_in_order(before, after, old_places: range, new_places: range) -> list:
    """A rewrite of many paragraphs at once, paired by place: weighing every pair costs
    seconds, and a rewrite that large reads the same either way."""
    rows = []
    for i, j in zip(old_places, new_places, strict=False):
        if _alike(before[i], after[j]) >= _ALIKE:
            rows.append(ParagraphChange("changed", before[i], after[j], i + 1, j + 1))
        else:
            rows.append(ParagraphChange("removed", before[i], "", i + 1, None))
            rows.append(ParagraphChange("added", "", after[j], None, j + 1))
    rows += [
        ParagraphChange("removed", before[i], "", i + 1, None)
        for i in old_places[len(new_places) :]
    ]
    rows += [
        ParagraphChange("added", "", after[j], None, j + 1) for j in new_places[len(old_places) :]
    ]
    return rows


def _moves_found(rows: list[ParagraphChange]) -> list[ParagraphChange]:
    """A paragraph removed in one place and added unchanged in another is a move: both rows
    say where the other is, and its words count as neither added nor removed."""
    added = {}
    for row in rows:
        if row.kind == "added":
            added.setdefault(row.new, []).append(row)
    moves = {}
    for row in rows:
        if row.kind == "removed" and added.get(row.old):
            moves[id(row)] = added[row.old].pop(0)
            moves[id(moves[id(row)])] = row
    return [_moved(row, moves[id(row)]) if id(row) in moves else row for row in rows]


def _moved(row: ParagraphChange, other: ParagraphChange) -> ParagraphChange:
    if row.kind == "removed":
        return replace(row, kind="moved-away", moved=other.new_number)
    return replace(row, kind="moved-here", moved=other.old_number)


def _folded(rows: list[ParagraphChange]) -> list:
    """Unchanged paragraphs further than CONTEXT from any change become Folds."""
    changes = [place for place, row in enumerate(rows) if row.kind != "same"]
    if not changes:
        return list(rows)
    shown = {
        place
        for change in changes
        for place in range(change - CONTEXT, change + CONTEXT + 1)
        if 0 <= place < len(rows)
    }
    blocks, hidden = [], []
    for place, row in enumerate(rows):
        if place in shown:
            blocks += _fold(hidden)
            hidden = []
            blocks.append(row)
        else:
            hidden.append(row)
    return blocks + _fold(hidden)


def _fold(hidden: list[ParagraphChange]) -> list:
    if len(hidden) >= SMALLEST_FOLD:
        return [Fold(list(hidden))]
    return list(hidden)


# Rendered paragraphs ---------------------------------------------------------------------


class RenderedParagraph:
    """Two renderings of a paragraph (the sanitised HTML readers get) compared word by word.

    Tags are kept whole and never wrapped: the inline view follows the new rendering's tags
    (removed words lose their italics), each side of a side-by-side view its own, so the
    result is always well nested. It is cleaned again as the public page is.
    """

    def __init__(self, old_html: str, new_html: str):
        self.old, self.new = _HTML_TOKEN.findall(old_html), _HTML_TOKEN.findall(new_html)

    @cached_property
    def _opcodes(self) -> list:
        if len(self.old) * len(self.new) > words.WORD_MATCH_LIMIT:
            return [("replace", 0, len(self.old), 0, len(self.new))]
        matcher = difflib.SequenceMatcher(None, self.old, self.new)
        return _spaces_joined(matcher.get_opcodes(), self.old)

    def inline(self) -> SafeString:
        if not self.old or not self.new:
            return self.side("new" if self.new else "old")
        parts = []
        for operation, start, end, new_start, new_end in self._opcodes:
            if operation == "equal":
                parts += self.old[start:end]
                continue
            removed = [token for token in self.old[start:end] if not _is_tag(token)]
            parts += _marked("del", removed)
            parts += _marked("ins", self.new[new_start:new_end])
        return _clean(parts)

    def side(self, side: str) -> SafeString:
        tag, tokens = ("del", self.old) if side == "old" else ("ins", self.new)
        parts = []
        for operation, *places in self._opcodes:
            start, end = places[:2] if side == "old" else places[2:]
            if operation == "equal":
                parts += tokens[start:end]
            else:
                parts += _marked(tag, tokens[start:end])
        return _clean(parts)


def _spaces_joined(opcodes: list, tokens: list[str]) -> list:
    """Opcodes with a space or a stop shared between two changes taken into them, and
    neighbouring changes joined, as ``words.segments`` does for markup."""
    joined: list = []
    for place, (operation, start, end, new_start, new_end) in enumerate(opcodes):
        lone_space = (
            operation == "equal"
            and 0 < place < len(opcodes) - 1
            and not any(_is_tag(token) for token in tokens[start:end])
            and words.is_filler("".join(tokens[start:end]))
        )
        if lone_space or operation != "equal":
            operation = "replace"
        if joined and operation == "replace" and joined[-1][0] == "replace":
            joined[-1] = ("replace", joined[-1][1], end, joined[-1][3], new_end)
        else:
            joined.append((operation, start, end, new_start, new_end))
    return joined


def _is_tag(token: str) -> bool:
    return token.startswith("<") and token.endswith(">")


def _marked(tag: str, tokens: list[str]) -> list[str]:
    """Tokens with each run of words between tags marked; the tags left as they are."""
    parts, run = [], []
    for token in [*tokens, None]:
        if token is None or _is_tag(token):
            text = "".join(run)
            if text.strip():
                parts.append(words.mark(tag, text))
            elif tag == "ins":
                parts.append(text)  # added space still separates words
            run = []
            if token is not None:
                parts.append(token)
        else:
            run.append(token)
    return parts


def _clean(parts: list[str]) -> SafeString:
    attributes = {**ALLOWED_ATTRIBUTES, "span": {"class"}}
    html = nh3.clean("".join(parts), tags=_DIFF_TAGS, attributes=attributes, link_rel=None)
    return mark_safe(html)  # noqa: S308 (cleaned by nh3 above)
