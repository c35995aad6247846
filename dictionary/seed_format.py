"""Reading seed documents (headword, dates, body, source line) into plain data; no database.

A seed document has three lines (trailing site boilerplate, see the setting
HEADWORD_IMPORT_BOILERPLATE, is stripped and reported)::

    - Serge, Victor
    - (1890–1947)Born Victor Lvovich Khibalchich in Brussels ... in 1947.Serge’s autobiography ...
    Historical dictionary of Marxism. David Walker and Daniel Gray . 2014.

The dates, when there are any, are glued to the start of the body, and the body lost its
paragraph breaks (``paragraphs.split_paragraphs`` restores them). Dates may also be printed
inside the headword (``headwords``); dates that cannot be read are kept as printed with a
warning. A body that is only "See X." makes the headword another name of X. Works named in
the body with a year in brackets ("The Case of Comrade Tulayev (1950)") are picked up for an
editor to confirm (``works_in_text``).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from .citing.csl_names import PARTICLES, NameList, parse_name_list
from .dates import DateRange, read_dates
from .headwords import read_headword
from .models import EntryType
from .names import INVERTED_NAME
from .paragraphs import (
    ABBREVIATIONS,
    ends_abbreviation,
    escape_markup,
    split_paragraphs,
    strip_boilerplate,
)
from .text import clean_text, control_character_problem
from .works_in_text import TITLE_SMALL_WORDS, ParsedWork, find_works_by_subject

__all__ = [
    "ABBREVIATIONS",
    "TITLE_SMALL_WORDS",
    "ParsedWork",
    "SeedDocument",
    "SeedFormatError",
    "find_works_by_subject",
    "parse_seed_document",
    "split_paragraphs",
]

BOM = b"\xef\xbb\xbf"

_LEADING_DATES = re.compile(r"^\(([^()]{1,80})\)\s*")
# "Gray . 2014", and "in 1947 .Serge’s" where a paragraph break was lost after it.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\w) +(?=[,;:.!?](?:\s|$|[A-Z‘“\"(]))")
_SEE = re.compile(r"^see\s*:?\s+(?!also\b)(?P<target>.+)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_SOURCE_YEAR = re.compile(r"^(?P<rest>.*?)\.?\s*(?P<year>\d{4})\.?$")


_SPACE_LIKE_CONTROLS = str.maketrans(dict.fromkeys([0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F], " "))


class SeedFormatError(ValueError):
    """A seed document Headword cannot read, with the file and line that say where."""

    def __init__(self, name: str, line: int, reason: str):
        self.name, self.line, self.reason = name, line, reason
        super().__init__(f"{name}, line {line}: {reason}")


@dataclass(frozen=True)
class SeedDocument:
    """What one seed document says, ready to be written as an entry (or an alias).
    ``aliases`` are other names printed in the headword ("known as A. Lind")."""

    name: str
    headword: str
    dates: DateRange
    paragraphs: list[str]
    see_target: str | None
    source: ParsedWork | None
    works_by_subject: list[ParsedWork]
    warnings: list[str]
    aliases: list[str] = field(default_factory=list)


def boilerplate_patterns() -> list[re.Pattern]:
    """The trailing site boilerplate an import strips (setting HEADWORD_IMPORT_BOILERPLATE)."""
    return [re.compile(pattern) for pattern in settings.HEADWORD_IMPORT_BOILERPLATE]


def parse_seed_document(raw: bytes, *, name: str, boilerplate=None) -> SeedDocument:
    """Read one seed document; raise SeedFormatError naming the file, line and reason.

    ``boilerplate``: compiled patterns of trailing site text to strip (by default the
    setting's); each cut is a warning. Dates that cannot be read are kept as printed,
    with a warning.
    """
    patterns = boilerplate_patterns() if boilerplate is None else boilerplate
    warnings: list[str] = []
    lines = _lines(clean_text(decode_document(raw, name)), name, patterns, warnings)
    printed = read_headword(_headword(lines[0], name))
    headword = printed.headword
    if len(lines) < 2:
        raise SeedFormatError(name, 2, "the body line is missing")
    dates, body = _dates_and_body(lines[1], name, patterns, warnings, printed.dates)
    source = _source(lines[2], name, warnings) if len(lines) > 2 else None
    if source is None and len(lines) <= 2:
        warnings.append(f"{name}, line 3: no source line")
    if len(lines) > 3:
        raise SeedFormatError(name, 4, "unexpected text after the source line")
    target = see_target(body)
    if target:
        return SeedDocument(name, headword, dates, [], target, source, [], warnings)
    paragraphs = split_paragraphs(body)
    works = find_works_by_subject("\n".join(paragraphs))
    paragraphs = [escape_markup(paragraph) for paragraph in paragraphs]
    return SeedDocument(
        name, headword, dates, paragraphs, None, source, works, warnings, printed.aliases
    )


def see_target(body: str) -> str | None:
    """The target of a body that only refers elsewhere: "See X.", "See: X", or "See X. Text
    by ..." (what follows the first sentence end is credit text); None for any other body."""
    see = _SEE.match(body)
    if see is None:
        return None
    target = see.group("target")
    for end in _SENTENCE_END.finditer(target):
        if not ends_abbreviation(target[: end.end()]):
            rest = target[end.end() :].strip()
            if len(rest.split()) > 12:
                return None  # a longer body that happens to start with "See"
            target = target[: end.start()]
            break
    target = target.strip(" :;")
    if target.endswith(".") and not ends_abbreviation(target):
        target = target[:-1].rstrip()
    return target or None


def decode_document(raw: bytes, name: str) -> str:
    skipped = len(BOM) if raw.startswith(BOM) else 0
    try:
        text = raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + skipped
        line = raw.count(b"\n", 0, offset) + 1
        byte = raw[offset : offset + 1].hex().upper()
        raise SeedFormatError(
            name, line, f"not UTF-8 text (byte 0x{byte} at offset {offset})"
        ) from error
    if not text.strip():
        raise SeedFormatError(name, 1, "the file is empty")
    return text


def _lines(text: str, name: str, patterns, warnings: list[str]) -> list[str]:
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text)]
    while lines and not lines[-1]:
        lines.pop()
    for number, line in enumerate(lines[:3], start=1):
        if "\x00" in line:
            raise SeedFormatError(name, number, "not a seed document (binary data)")
        # Vertical tabs, form feeds and the separators U+001C-U+001F are whitespace to
        # split(), which every line goes through: they become spaces. Others are refused.
        problem = control_character_problem(line.translate(_SPACE_LIKE_CONTROLS))
        if problem:
            raise SeedFormatError(name, number, f"an invisible control character, {problem}")
    kept = lines[:2]
    for number, line in enumerate(lines[2:], start=3):
        stripped, cut = strip_boilerplate(line, patterns)
        warnings.extend(f"{name}, line {number}: boilerplate stripped: {text}" for text in cut)
        if stripped or not cut:
            kept.append(stripped)
    while len(kept) > 2 and not kept[-1]:
        kept.pop()
    return kept


def _opens_with_dates(body: str, match) -> bool:
    """Whether the body's opening bracket holds its dates: it reads as dates, or it is glued
    to the text after it ("(Easter 1916–soon)Born"), as the dates of a seed are; a bracket
    followed by a space and not read as dates is text ("(CPSU, founded 1912) was ...")."""
    return read_dates(match.group(1))[1] or not body[match.end(1) + 1 :][:1].isspace()


def _drop_space_before_punctuation(text: str) -> str:
    """ "Gray . 2014" -> "Gray. 2014"; most texts have no such space, and are not scanned."""
    if not any(f" {mark}" in text for mark in ",;:.!?"):
        return text
    return _SPACE_BEFORE_PUNCTUATION.sub("", text)


def _headword(line: str, name: str) -> str:
    if not line.startswith("-"):
        raise SeedFormatError(name, 1, 'not a seed document: the first line should be "- Headword"')
    headword = " ".join(line[1:].split())
    if not headword:
        raise SeedFormatError(name, 1, "the headword is empty")
    if not any(char.isalnum() for char in headword):
        raise SeedFormatError(name, 1, "the headword has no letter or digit")
    if len(headword) > 255:
        raise SeedFormatError(name, 1, "the headword is longer than 255 characters")
    return headword


def _dates_and_body(
    line: str, name: str, patterns, warnings: list[str], headword_dates: str
) -> tuple[DateRange, str]:
    if not line.startswith("-"):
        raise SeedFormatError(name, 2, 'the body line should start with "- "')
    body = " ".join(line[1:].split())
    printed = headword_dates
    match = _LEADING_DATES.match(body)
    if match and re.search(r"\d", match.group(1)) and _opens_with_dates(body, match):
        # "(1894–1936).Born ..." and "(1894–1936), born ...": the stop goes with the dates.
        printed, body = match.group(1), body[match.end() :].lstrip(" .,;:")
    dates, read = read_dates(printed)
    if not read:
        warnings.append(f"{name}, line 2: dates not understood, kept as printed: {printed}")
    body, cut = strip_boilerplate(_drop_space_before_punctuation(body), patterns)
    warnings.extend(f"{name}, line 2: boilerplate stripped: {text}" for text in cut)
    if not body:
        raise SeedFormatError(name, 2, "the body is empty")
    return dates, body


def _source(line: str, name: str, warnings: list[str]) -> ParsedWork | None:
    """Read "Title. Authors . Year." (the stray space before a full stop is dropped)."""
    text = _drop_space_before_punctuation(" ".join(line.lstrip("-").split()))
    match = _SOURCE_YEAR.match(text)
    year = int(match.group("year")) if match else None
    rest = (match.group("rest") if match else text).rstrip(". ")
    if not rest:
        warnings.append(f"{name}, line 3: the source line has no title")
        return None
    title, names = _title_and_authors(rest)
    if len(title) > 500:
        raise SeedFormatError(name, 3, "the source title is longer than 500 characters")
    if not names.names:
        warnings.append(f"{name}, line 3: no authors found in the source line")
    if names.editors:
        return ParsedWork(title=title, editors=names.names, year=year)
    return ParsedWork(title=title, authors=names.names, year=year)


def _title_and_authors(text: str) -> tuple[str, NameList]:
    """Split at the first full stop that ends neither an initial nor an abbreviation and is
    followed by something that reads as a list of names."""
    for match in re.finditer(r"\.\s+", text):
        head, tail = text[: match.start()], text[match.end() :]
        if ends_abbreviation(head + ".") or not _looks_like_names(tail):
            continue
        return head.strip(), parse_name_list(tail)
    return _title_and_corporate_author(text)


def _title_and_corporate_author(text: str) -> tuple[str, NameList]:
    """Fall back to the last full stop: "... dictionary. The Headword editors" has an author
    that is not a person ({"literal": ...})."""
    splits = [
        m for m in re.finditer(r"\.\s+", text) if not ends_abbreviation(text[: m.start() + 1])
    ]
    if not splits:
        return text.strip(), NameList([])
    head, tail = text[: splits[-1].start()], text[splits[-1].end() :].strip()
    if not tail[:1].isupper() or len(tail.split()) > 8:
        return text.strip(), NameList([])
    return head.strip(), NameList([{"literal": tail}])


def _looks_like_names(text: str) -> bool:
    if any(not ends_abbreviation(text[: m.start() + 1]) for m in re.finditer(r"\.\s", text)):
        return False
    words = re.findall(r"[\w’'-]+\.?", text)
    return bool(words) and all(w[:1].isupper() or w.rstrip(".") in _NAME_WORDS for w in words)


# Lower-case words a list of names may have: particles, "and", "et al.", "eds.".
_NAME_WORDS = PARTICLES | {"and", "et", "al", "ed", "eds", "editor", "editors", "edited", "by"}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_EVENT_WORDS = _word_set(
    "revolution revolutions rebellion trial trials uprising uprisings insurrection war "
    "wars revolt mutiny strike massacre purge purges putsch coup famine congress "
    "conference"
)
_ORGANIZATION_WORDS = _word_set(
    "party parties international league opposition committee union federation association "
    "bureau council group front society organization organisation movement bund comintern "
    "cominform cheka army guard tendency faction"
)
_PUBLICATION_WORDS = _word_set("newspaper journal magazine gazette review bulletin")


def _described_as(document: SeedDocument) -> set[str]:
    """Key words of what the opening sentence says the subject is: "X was the faction of"."""
    opening = document.paragraphs[0][:300] if document.paragraphs else ""
    match = re.search(r"\b(?:is|was|are|were|appeared as)\b(.{0,60})", opening)
    words = set(re.findall(r"[a-z]+", match.group(1).lower())) if match else set()
    kinds = {"daily": "newspaper", "weekly": "newspaper"}
    described = {kinds.get(word, word) for word in words}
    return described & (_PUBLICATION_WORDS | {"faction", "party", "insurrection", "uprising"})


def guess_entry_type(document: SeedDocument) -> str:
    """Guess the entry type from the headword and the body's opening; an editor corrects it.

    "Surname, Forename" with dates (or a body starting "Born") is a person; words such as
    party, league or opposition make an organization; revolution, trials or war an event;
    newspaper or journal a publication; anything else a concept.
    """
    words = set(re.findall(r"[a-z]+", document.headword.lower())) | _described_as(document)
    born = bool(document.paragraphs) and document.paragraphs[0].startswith("Born")
    if INVERTED_NAME.match(document.headword) and (document.dates.printed or born):
        return EntryType.PERSON
    if words & _PUBLICATION_WORDS:
        return EntryType.PUBLICATION
    if words & _EVENT_WORDS:
        return EntryType.EVENT
    if words & _ORGANIZATION_WORDS:
        return EntryType.ORGANIZATION
    return EntryType.CONCEPT
