"""Restoring the paragraph breaks a scraped body lost, and making its text safe as markup.

A scraped body is one line: a sentence end glued to the next capital ("1947.Serge’s"), a
heading glued to its first sentence ("Early yearsEdward"), or a colon glued to a quotation
("wrote:The masses") marks where a paragraph ended. Initials, abbreviations, acronyms
("U.S.S.R."), "Ph.D." and regnal numbers ("Charles I.") do not.
"""

import re

from .markup import CROSS_REFERENCE, escape_text


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end in a full stop without ending a sentence, compared in lower case.
ABBREVIATIONS = _words(
    "st dr mr mrs ms prof gen col capt lt sgt rev hon jr sr mt ft no nos vol vols ed eds "
    "trans c ca b d fl cf vs viz esp approx dept univ inc ltd co corp est phil ph jan feb mar "
    "apr jun jul aug sep sept oct nov dec pp p ff al"
)
_GLUED_SENTENCE_END = re.compile(r"(?<=[.!?])([’”\"')\]]?)(?=[‘“\"(]?(\w))")
_ROMAN = re.compile(r"^[IVXLC]+$")
_INITIAL_AHEAD = re.compile(r"[A-Z]\.")
_GLUED_COLON = re.compile(r"[a-z]:(?=[‘“\"]?[A-Z][a-z])")
_WORDS = re.compile(r"[\w’'-]+")
# "Early yearsEdward": a short heading (at most six words) glued to a capitalised word.
_GLUED_HEADING = re.compile(r"^((?:[\w’'-]+ ){0,5}?[A-Za-z’'-]*[a-z]{3,})(?=[A-Z][a-z])")
_CAMEL_PREFIXES = ("Mac", "Mc")
_SMALL_WORDS = _words("a an and as at by for from in of on or the to with")


def split_paragraphs(body: str) -> list[str]:
    """Split a body where a paragraph break was lost; see the module's docstring."""
    paragraphs = []
    for part in _split_at_sentence_ends(body):
        paragraphs.extend(_split_glued_colons(part))
    return [piece for part in paragraphs for piece in _split_heading(part) if piece]


def _split_at_sentence_ends(body: str) -> list[str]:
    paragraphs, start = [], 0
    for match in _GLUED_SENTENCE_END.finditer(body):
        before = body[max(match.start() - 81, 0) : match.start()]
        if not match.group(2).isupper() or _ends_abbreviation(before):
            continue
        if _INITIAL_AHEAD.match(body, match.end()):
            continue
        # A quote that opens the next sentence belongs to the next paragraph.
        stop = match.start() if _opens_quote(body, match) else match.end()
        paragraphs.append(body[start:stop].strip())
        start = stop
    paragraphs.append(body[start:].strip())
    return [paragraph for paragraph in paragraphs if paragraph]


def _opens_quote(body: str, match) -> bool:
    """Whether a straight quote right after the full stop opens a quotation: it closes one
    when an odd number of them came before it."""
    quote = match.group(1)
    return quote == '"' and body.count('"', 0, match.start()) % 2 == 0


def _split_glued_colons(paragraph: str) -> list[str]:
    if ":" not in paragraph:
        return [paragraph]
    parts, start = [], 0
    for match in _GLUED_COLON.finditer(paragraph):
        parts.append(paragraph[start : match.end()].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return parts


def _split_heading(paragraph: str) -> list[str]:
    """ "Early yearsEdward was born" -> "Early years", "Edward was born"."""
    match = _GLUED_HEADING.match(paragraph)
    if match is None:
        return [paragraph]
    heading = match.group(1)
    words = heading.split()
    # One short word is more likely a name in camel case ("YouTube") than a heading.
    if len(words) == 1 and len(heading) < 5 or words[-1].startswith(_CAMEL_PREFIXES):
        return [paragraph]
    if words[-1].lower() in _SMALL_WORDS or not words[0][:1].isupper():
        return [paragraph]
    return [heading, paragraph[match.end() :]]


def ends_abbreviation(text: str) -> bool:
    """Whether the full stop ending ``text`` belongs to an initial, an abbreviation, an
    acronym ("U.S.S.R.") or a regnal number ("Charles I.", "Henry VIII.")."""
    return _ends_abbreviation(text)


def _ends_abbreviation(text: str) -> bool:
    if not text.endswith("."):
        return False
    token = _last_word(text[-80:-1])
    if not token:
        return False
    if (len(token) == 1 and token.isalpha()) or token.lower() in ABBREVIATIONS:
        return True
    before = text[-80:-1].rstrip(".)’”\"'")
    return bool(_ROMAN.match(token)) and _after_capitalised_word(before, token)


def _last_word(text: str) -> str:
    """The last word of ``text``, trailing punctuation aside."""
    words = _WORDS.findall(text[-40:])
    return words[-1] if words else ""


def _after_capitalised_word(text: str, token: str) -> bool:
    before = text[: len(text) - len(token)].split()
    return bool(before) and before[-1][:1].isupper()


def escape_markup(text: str) -> str:
    """Escape what the body markup would read as italics or links: a seed's literal
    asterisks, underscores and brackets are text. A whole cross-reference ("[[Stalin,
    Josef|Stalin]]") was written as one on purpose and stays."""
    if not any(character in text for character in "\\*_[]"):
        return text
    parts, last = [], 0
    for match in CROSS_REFERENCE.finditer(text):
        parts += [escape_text(text[last : match.start()]), match.group()]
        last = match.end()
    return "".join(parts) + escape_text(text[last:])


def strip_boilerplate(text: str, patterns) -> tuple[str, list[str]]:
    """Cut the trailing site boilerplate matched by ``patterns`` (compiled regular
    expressions, tried in turn); return the text and what was cut."""
    cut = []
    for pattern in patterns:
        # Boilerplate trails the text: searching only its end keeps long bodies cheap.
        offset = max(len(text) - _BOILERPLATE_REACH, 0)
        match = pattern.search(text, offset)
        if match and not text[match.end() :].strip():
            cut.append(text[match.start() :].strip())
            text = text[: match.start()].rstrip()
    return text, cut


_BOILERPLATE_REACH = 400
