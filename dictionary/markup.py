"""The body markup: paragraphs, *italics*, and inline cross-references [[Target|label]].

Bodies are parsed with markdown-it (raw HTML disabled) and the output is cleaned again with
nh3, so no markup typed into a body can reach a page as HTML of its own.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from .text import fold

CROSS_REFERENCE = re.compile(r"\[\[\s*([^\[\]|]+?)\s*(?:\|\s*([^\[\]]+?)\s*)?\]\]")
# *A title* (an asterisk escaped as \* is text, not markup).
ITALICS = re.compile(r"(?<!\\)\*(?=\S)([^*\n]+?)(?<![\s\\])\*")

ALLOWED_TAGS = {"p", "em", "strong", "a", "span", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "span": {"class"}}

LinkResolver = Callable[[str], str | None]


@dataclass(frozen=True)
class InlineReference:
    target: str
    label: str


def extract_references(body: str) -> list[InlineReference]:
    """Return the inline cross-references of a body, in order, each target once.

    "Once" is by the folded key that cross-references are matched and stored by, so
    [[Lukács, György]] and [[Lukacs, Gyorgy]] are one reference (the first spelling).
    """
    seen: set[str] = set()
    references = []
    for match in CROSS_REFERENCE.finditer(body or ""):
        target = " ".join(match.group(1).split())
        if fold(target) in seen:
            continue
        seen.add(fold(target))
        references.append(InlineReference(target, match.group(2) or target))
    return references


def _cross_reference_rule(state, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = CROSS_REFERENCE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("cross_reference", "", 0)
        token.meta = {
            "target": " ".join(match.group(1).split()),
            "label": match.group(2) or match.group(1),
        }
    state.pos = match.end()
    return True


def _render_cross_reference(renderer, tokens, index, options, env) -> str:
    meta = tokens[index].meta
    label = escapeHtml(meta["label"])
    href = env["link_for"](meta["target"])
    if href:
        return f'<a class="xref" href="{escapeHtml(href)}">{label}</a>'
    return f'<span class="xref-unlinked">{label}</span>'


def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "typographer": False})
    parser.enable(["paragraph", "emphasis", "escape", "newline"])
    parser.inline.ruler.before("emphasis", "cross_reference", _cross_reference_rule)
    parser.add_render_rule("cross_reference", _render_cross_reference)
    return parser


_PARSER = _parser()


def _no_links(target: str) -> None:
    return None


def render_body(body: str, *, link_for: LinkResolver = _no_links) -> str:
    """Render body markup to safe HTML.

    ``link_for`` maps a cross-reference target to a URL, or to None when the target must
    stay plain text (it does not exist, or is not published).
    """
    html = _PARSER.render(body or "", {"link_for": link_for})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel=None,
    )


def plain_text(body: str) -> str:
    """Return the body as plain text: labels instead of references, no markup."""
    text = CROSS_REFERENCE.sub(lambda m: m.group(2) or m.group(1), body or "")
    return " ".join(re.sub(r"[*_\\]", "", text).split())


def italicise_titles(body: str, titles) -> str:
    """Mark the first mention of each title as italics ("*The Case of Comrade Tulayev*"),
    unless it is already inside italics or a cross-reference. Titles are plain text: the
    body escapes literal asterisks and brackets, so the title is looked for escaped."""
    for title in titles:
        escaped = escape_text(title)
        start = body.find(escaped)
        taken = [
            match.span() for match in (*ITALICS.finditer(body), *CROSS_REFERENCE.finditer(body))
        ]
        if start < 0 or any(low <= start < high for low, high in taken):
            continue
        body = f"{body[:start]}*{escaped}*{body[start + len(escaped) :]}"
    return body


_MARKUP_CHARACTERS = re.compile(r"([\\*_\[\]])")


def escape_text(text: str) -> str:
    """Text as body markup that shows it as typed: asterisks, underscores, brackets escaped."""
    return _MARKUP_CHARACTERS.sub(r"\\\1", text)


def join_paragraphs(parts: list[str]) -> str:
    """Join paragraphs into body markup (blank line between them)."""
    return "\n\n".join(part.strip() for part in parts if part.strip())
