"""Citation fixity: an edition's fingerprint, the SHA-256 of a canonical form of its text.

The canonical form (version 1) is UTF-8 text, Unicode NFC, lines ending in LF:

    headword-fixity/1
    headword: <headword as printed>
    dates: <dates as printed, or empty>
    byline: <display names in byline order, each followed by " (role)", joined by "; ">
    <one empty line>
    <the body markup, its paragraphs separated by one empty line>

In every value, runs of whitespace become one space and ends are trimmed; inside the body
this is done per paragraph, and empty paragraphs are dropped. Anyone holding an edition's
text and byline can compute the fingerprint again (``sha256sum`` on the canonical form) and
so check that the text they quote is the text that was published. Only what a reader reads
counts: the edition number, dates of publication and aliases are left out, so an edition
republished unchanged keeps its fingerprint.
"""

import hashlib
import re
import unicodedata

CANONICAL_VERSION = "headword-fixity/1"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def byline_text(byline: list[dict]) -> str:
    """The byline as the canonical form writes it: "David Walker (author); ..."."""
    return "; ".join(f"{_tidy(item.get('display'))} ({item.get('role', '')})" for item in byline)


def canonical_form(*, headword: str, dates: str, byline: list[dict], body: str) -> str:
    """The text an edition's fingerprint is the SHA-256 of (see the module docstring)."""
    body = unicodedata.normalize("NFC", str(body or "")).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [_tidy(part) for part in _PARAGRAPH_BREAK.split(body)]
    lines = [
        CANONICAL_VERSION,
        f"headword: {_tidy(headword)}",
        f"dates: {_tidy(dates)}",
        f"byline: {byline_text(byline)}",
        "",
        "\n\n".join(part for part in paragraphs if part),
    ]
    return "\n".join(lines) + "\n"


def edition_fingerprint(edition) -> str:
    """The SHA-256 (hex) of the edition's canonical form."""
    text = canonical_form(
        headword=edition.headword,
        dates=edition.dates,
        byline=edition.byline or [],
        body=edition.body,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
