"""Reading seed documents (headword, dates, body, source line) into plain data; no database.

A seed document has three lines::

    - Serge, Victor
    - (1890–1947)Born Victor Lvovich Khibalchich in Brussels ... in 1947.Serge’s autobiography ...
    Historical dictionary of Marxism. David Walker and Daniel Gray . 2014.

The dates, when there are any, are glued to the start of the body, and the body lost its
paragraph breaks: a sentence end glued to the next capital ("1947.Serge’s") marks one. A body
that is only "See X." makes the headword another name of X. Works named in the body with a
year in brackets ("The Case of Comrade Tulayev (1950)") are picked up for an editor to confirm.
"""

import re
from dataclasses import dataclass, field

from .dates import DateFormatError, DateRange, parse_dates
from .models import EntryType
from .names import INVERTED_NAME

BOM = b"\xef\xbb\xbf"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that end in a full stop without ending a sentence, compared in lower case.
ABBREVIATIONS = _word_set(
    "st dr mr mrs ms prof gen col capt lt sgt rev hon jr sr mt ft no nos vol vols ed eds "
    "trans c ca b d fl cf vs viz esp approx dept univ inc ltd co corp est"
)
# Small words a title may contain in lower case ("Memoirs of a Revolutionary").
TITLE_SMALL_WORDS = _word_set(
    "a an and as at but by for from in into of on or the to with without under upon de "
    "del della der des di die du el et la le les los und von zu"
)

_PREPOSITIONS = _word_set("in on at by from with after before during through")

_GLUED_SENTENCE_END = re.compile(r"(?<=[.!?])[’”\"')\]]?(?=[‘“\"(]?(\w))")
_WORD_BEFORE = re.compile(r"([\w’'-]+)\W*$")
_LEADING_DATES = re.compile(r"^\(([^()]{1,40})\)\s*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\w) +(?=[,;:.!?](?:\s|$))")
_SEE = re.compile(r"^see\s+(?!also\b)(.+?)\.?$", re.IGNORECASE)
_YEAR_IN_BRACKETS = re.compile(r"\((\d{4})\)")
_YEARS = re.compile(r"^\d{4}(?:[–-]\d{2,4})?$")
_SOURCE_YEAR = re.compile(r"^(?P<rest>.*?)\.?\s*(?P<year>\d{4})\.?$")
_NAME_SEPARATOR = re.compile(r"\s*;\s*|\s+and\s+|\s*&\s*")


class SeedFormatError(ValueError):
    """A seed document Headword cannot read, with the file and line that say where."""

    def __init__(self, name: str, line: int, reason: str):
        self.name, self.line, self.reason = name, line, reason
        super().__init__(f"{name}, line {line}: {reason}")


@dataclass(frozen=True)
class ParsedWork:
    """A work as a seed document names it: title, CSL names ({"given", "family"} or
    {"literal"}) and year."""

    title: str
    authors: list[dict] = field(default_factory=list)
    year: int | None = None


@dataclass(frozen=True)
class SeedDocument:
    """What one seed document says, ready to be written as an entry (or an alias)."""

    name: str
    headword: str
    dates: DateRange
    paragraphs: list[str]
    see_target: str | None
    source: ParsedWork | None
    works_by_subject: list[ParsedWork]
    warnings: list[str]


def parse_seed_document(raw: bytes, *, name: str) -> SeedDocument:
    """Read one seed document; raise SeedFormatError naming the file, line and reason."""
    lines = _lines(decode_document(raw, name), name)
    headword = _headword(lines[0], name)
    if len(lines) < 2:
        raise SeedFormatError(name, 2, "the body line is missing")
    dates, body = _dates_and_body(lines[1], name)
    warnings: list[str] = []
    source = _source(lines[2], name, warnings) if len(lines) > 2 else None
    if source is None and len(lines) <= 2:
        warnings.append(f"{name}, line 3: no source line")
    if len(lines) > 3:
        raise SeedFormatError(name, 4, "unexpected text after the source line")
    see = _SEE.match(body)
    if see and not re.search(r"[.!?]\s", see.group(1)):
        return SeedDocument(name, headword, dates, [], see.group(1).strip(), source, [], warnings)
    paragraphs = split_paragraphs(body)
    works = find_works_by_subject("\n".join(paragraphs))
    return SeedDocument(name, headword, dates, paragraphs, None, source, works, warnings)


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


def _lines(text: str, name: str) -> list[str]:
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text)]
    while lines and not lines[-1]:
        lines.pop()
    for number, line in enumerate(lines[:3], start=1):
        if "\x00" in line:
            raise SeedFormatError(name, number, "not a seed document (binary data)")
    return lines


def _headword(line: str, name: str) -> str:
    if not line.startswith("-"):
        raise SeedFormatError(name, 1, 'not a seed document: the first line should be "- Headword"')
    headword = " ".join(line[1:].split())
    if not headword:
        raise SeedFormatError(name, 1, "the headword is empty")
    if len(headword) > 255:
        raise SeedFormatError(name, 1, "the headword is longer than 255 characters")
    return headword


def _dates_and_body(line: str, name: str) -> tuple[DateRange, str]:
    if not line.startswith("-"):
        raise SeedFormatError(name, 2, 'the body line should start with "- "')
    body = " ".join(line[1:].split())
    dates = DateRange("", None, None)
    match = _LEADING_DATES.match(body)
    if match and re.search(r"\d", match.group(1)):
        try:
            dates = parse_dates(match.group(1))
        except DateFormatError as error:
            raise SeedFormatError(name, 2, str(error)) from error
        body = body[match.end() :]
    body = _SPACE_BEFORE_PUNCTUATION.sub("", body)
    if not body:
        raise SeedFormatError(name, 2, "the body is empty")
    return dates, body


def split_paragraphs(body: str) -> list[str]:
    """Split a body where a sentence end is glued to the next sentence ("1947.Serge’s").

    Initials and abbreviations stay whole: "U.S.", "E.H. Carr", "St.Petersburg".
    """
    paragraphs, start = [], 0
    for match in _GLUED_SENTENCE_END.finditer(body):
        stop = match.end()
        if not match.group(1).isupper() or _ends_abbreviation(body[: match.start()]):
            continue
        paragraphs.append(body[start:stop].strip())
        start = stop
    paragraphs.append(body[start:].strip())
    return [paragraph for paragraph in paragraphs if paragraph]


def _ends_abbreviation(text: str) -> bool:
    """Whether the full stop ending ``text`` belongs to an initial or an abbreviation."""
    if not text.endswith("."):
        return False
    # The last few dozen characters hold the word; searching the whole text before it
    # would make splitting a long body quadratic.
    word = _WORD_BEFORE.search(text[-80:-1])
    if word is None:
        return False
    token = word.group(1)
    return (len(token) == 1 and token.isalpha()) or token.lower() in ABBREVIATIONS


def find_works_by_subject(body: str) -> list[ParsedWork]:
    """Works named with a year in brackets: "The Case of Comrade Tulayev (1950)".

    The title is read backwards from the bracket over capitalised words, small words and
    year ranges. It guesses: what it finds is cited unconfirmed, for an editor to check.
    """
    works, seen = [], set()
    for match in _YEAR_IN_BRACKETS.finditer(body):
        title = _title_before(body[: match.start()])
        if title and title.casefold() not in seen:
            seen.add(title.casefold())
            works.append(ParsedWork(title=title, year=int(match.group(1))))
    return works


def _title_before(text: str) -> str | None:
    words = text.split()
    title: list[str] = []
    for word in reversed(words):
        bare = word.strip("“”‘’\"'*")
        if not bare or (title and bare[-1] in ",.;!?") or not _may_be_in_title(bare):
            break
        title.insert(0, word)
    while title and not title[0].strip('“”‘"*')[:1].isupper():
        title.pop(0)
    title = _cut_leading_preposition(_cut_at_inner_article(title))
    if not any(word[:1].isupper() and word.lower() not in TITLE_SMALL_WORDS for word in title):
        return None
    text = " ".join(title).strip('“”‘’"*,;: ')
    return text if len(title) > 1 or len(text) > 3 else None


def _cut_at_inner_article(title: list[str]) -> list[str]:
    """ "Hannah Arendt in The Origins" names the work after "in": keep "The Origins"."""
    for index in range(len(title) - 2, 0, -1):
        if title[index] in TITLE_SMALL_WORDS and title[index + 1] in {"The", "A", "An"}:
            return title[index + 1 :]
    return title


def _cut_leading_preposition(title: list[str]) -> list[str]:
    """A sentence may open with the preposition: "In The Dilemmas of Lenin (2017)"."""
    if len(title) > 2 and title[0].lower() in _PREPOSITIONS:
        return title[1:]
    return title


def _may_be_in_title(word: str) -> bool:
    return word[:1].isupper() or word.lower() in TITLE_SMALL_WORDS or bool(_YEARS.match(word))


def _source(line: str, name: str, warnings: list[str]) -> ParsedWork | None:
    """Read "Title. Authors . Year." (the stray space before a full stop is dropped)."""
    text = _SPACE_BEFORE_PUNCTUATION.sub("", " ".join(line.lstrip("-").split()))
    match = _SOURCE_YEAR.match(text)
    year = int(match.group("year")) if match else None
    rest = (match.group("rest") if match else text).rstrip(". ")
    if not rest:
        warnings.append(f"{name}, line 3: the source line has no title")
        return None
    title, authors = _title_and_authors(rest)
    if len(title) > 500:
        raise SeedFormatError(name, 3, "the source title is longer than 500 characters")
    if not authors:
        warnings.append(f"{name}, line 3: no authors found in the source line")
    return ParsedWork(title=title, authors=authors, year=year)


def _title_and_authors(text: str) -> tuple[str, list[dict]]:
    """Split at the first full stop that ends neither an initial nor an abbreviation and is
    followed by something that reads as a list of names."""
    for match in re.finditer(r"\.\s+", text):
        head, tail = text[: match.start()], text[match.end() :]
        if _ends_abbreviation(head + ".") or not _looks_like_names(tail):
            continue
        return head.strip(), parse_names(tail)
    return _title_and_corporate_author(text)


def _title_and_corporate_author(text: str) -> tuple[str, list[dict]]:
    """Fall back to the last full stop: "... dictionary. The Headword editors" has an author
    that is not a person ({"literal": ...})."""
    splits = [
        m for m in re.finditer(r"\.\s+", text) if not _ends_abbreviation(text[: m.start() + 1])
    ]
    if not splits:
        return text.strip(), []
    head, tail = text[: splits[-1].start()], text[splits[-1].end() :].strip()
    if not tail[:1].isupper() or len(tail.split()) > 8:
        return text.strip(), []
    return head.strip(), [{"literal": tail}]


def _looks_like_names(text: str) -> bool:
    if any(not _ends_abbreviation(text[: m.start() + 1]) for m in re.finditer(r"\.\s", text)):
        return False
    words = re.findall(r"[\w’'-]+\.?", text)
    particles = {"and", "van", "von", "de", "der", "da", "di", "du", "la", "le", "et", "al"}
    return bool(words) and all(w[:1].isupper() or w.rstrip(".") in particles for w in words)


def parse_names(text: str) -> list[dict]:
    """Turn "David Walker and Daniel Gray" or "Walker, David; Gray, Daniel" into CSL names."""
    names = []
    for part in filter(None, (p.strip(" ,") for p in _NAME_SEPARATOR.split(text))):
        inverted = INVERTED_NAME.match(part)
        if inverted and " " not in inverted.group(1).strip():
            names.append({"family": inverted.group(1).strip(), "given": inverted.group(2).strip()})
        else:
            names.extend(_natural_name(piece.strip()) for piece in part.split(",") if piece.strip())
    return names


def _natural_name(text: str) -> dict:
    words = text.split()
    if len(words) < 2:
        return {"literal": text}
    split = len(words) - 1
    while split > 1 and words[split - 1][:1].islower():
        split -= 1
    return {"given": " ".join(words[:split]), "family": " ".join(words[split:])}


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
