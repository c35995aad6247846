"""Works a body names with their year in brackets ("The Case of Comrade Tulayev (1950)").

Precision comes before recall: a wrong work cited by the subject misleads readers, a missed
one is only not listed. The title is read backwards from the bracket over capitalised
words, small words and year ranges, then refused when it reads as something else: a role
("Vice-Chairman (1958)"), an event or a body ("General Strike (1926)", "Labour Party
(1900)"), a lone word that no cue ("novel", "wrote") calls a work ("Hitler (1936)"), a
fragment ending in a small word, or text with mojibake in it. A bracketed translation
between the title and the year ("Der Weg [The Way] (1921)") becomes the work's note.
"""

import re
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Small words a title may contain in lower case ("Memoirs of a Revolutionary").
TITLE_SMALL_WORDS = _words(
    "a an and as at but by for from in into of on or the to with without under upon de "
    "del della der des di die du el et la le les los und von zu"
)
_PREPOSITIONS = _words("in on at by from with after before during through")
# Words a sentence opens with that are never the first word of a title they precede.
_OPENERS = _words(
    "his her their its this these those also then later there here when while "
    "after before during in on at by from with as again yet still thus however moreover "
    "finally soon meanwhile afterwards subsequently eventually both each another other "
    "some many most several one two although though because since once where"
)
_ROLE_WORDS = _words(
    "chairman chairwoman chair president vice-president secretary minister commissar "
    "director editor professor leader member head ambassador governor deputy premier "
    "chancellor treasurer general lieutenant colonel captain commander delegate founder "
    "vice-chairman co-founder lecturer fellow mayor senator rector dean"
)
_EVENT_WORDS = _words(
    "revolution revolutions rebellion trial trials uprising uprisings insurrection war wars "
    "revolt mutiny strike strikes massacre purge purges putsch coup famine congress "
    "conference election elections treaty pact agreement crisis riots riot plenum "
    "assembly summit occupation invasion siege battle campaign march"
)
_BODY_WORDS = _words(
    "party parties international league opposition committee union federation association "
    "bureau council group front society organization organisation movement army guard "
    "tendency faction university institute college school academy ministry government "
    "commission church"
)
_CUES = _words(
    "novel novels book books wrote write writes published publish publishes study memoir "
    "memoirs pamphlet pamphlets essay essays poem poems play plays film films article "
    "articles autobiography biography work works treatise collection volume journal "
    "newspaper magazine story stories manifesto thesis tract"
)
_YEAR_IN_BRACKETS = re.compile(r"\((\d{4})(?:\s*[–-]\s*\d{2,4})?\)")
_TRANSLATION = re.compile(r"\s*[\[(]([^\[\]()]{2,120})[\])]\s*$")
_YEARS = re.compile(r"^\d{4}(?:[–-]\d{2,4})?$")
_MOJIBAKE = re.compile("[\x80-\x9f]|â€|Ã.|Â")
# "Trotsky’s" names whose work follows; "Workers’" (a plural) is more likely the title's own
# ("The Workers’ Opposition", "The Twenty Years’ Crisis").
_POSSESSIVE = re.compile(r"^[\w.-]+[’']s$")
_QUOTES = "“”‘’\"'"
_REACH = 400


@dataclass(frozen=True)
class ParsedWork:
    """A work as a seed document names it: title, CSL names ({"given", "family"} or
    {"literal"}) of its authors or, for a source line such as "Walker and Gray, eds.", of
    its editors, year, and a note (a translation of the title)."""

    title: str
    authors: list[dict] = field(default_factory=list)
    year: int | None = None
    note: str = ""
    editors: list[dict] = field(default_factory=list)


def find_works_by_subject(body: str) -> list[ParsedWork]:
    """Works named with a year in brackets, each title once; see the module's docstring."""
    works, seen = [], set()
    for match in _YEAR_IN_BRACKETS.finditer(body):
        # A title is read back over a few dozen words at most: reading the whole text
        # before each bracket would make long bodies quadratic.
        before = body[max(match.start() - _REACH, 0) : match.start()]
        work = _work_before(before, int(match.group(1)))
        if work and work.title.casefold() not in seen:
            seen.add(work.title.casefold())
            works.append(work)
    return works


def _work_before(text: str, year: int) -> ParsedWork | None:
    note = ""
    translation = _TRANSLATION.search(text)
    if translation and translation.group(1)[:1].isupper():
        note, text = translation.group(1).strip(), text[: translation.start()]
    words, cued = _title_words(text)
    title = " ".join(words).strip(_QUOTES + "*,;: ")
    if not title or not _looks_like_title(words, title, cued=cued):
        return None
    return ParsedWork(title=title, year=year, note=note)


def _title_words(text: str) -> tuple[list[str], bool]:
    """The title's words read backwards from the end of ``text``, and whether a cue word
    ("novel", "published") or quotation marks introduce them."""
    quoted = text.rstrip().endswith(("”", "’", '"'))
    words = text.split()
    title: list[str] = []
    for word in reversed(words):
        bare = word.strip(_QUOTES + "*")
        if not bare or (title and bare[-1] in ",.;!?") or not _may_be_in_title(bare):
            break
        title.insert(0, word)
        if word[:1] in _QUOTES and quoted:
            break  # the opening quote starts the title
    rest = words[: len(words) - len(title)]
    while title and not title[0].strip(_QUOTES + "*")[:1].isupper():
        rest.append(title.pop(0))
    title = _trim(title)
    cue = rest[-3:] if rest else []
    cued = quoted or any(word.strip(",.:;").lower() in _CUES for word in cue)
    return title, cued


def _trim(title: list[str]) -> list[str]:
    """Cut what reads backwards into the title but is not part of it: a possessive
    ("Trotsky’s History ..."), an opening word or preposition ("His Memoirs ...", but "My
    Life" keeps its "My": a third-person text opens no sentence with it), or a
    name before an inner article ("Hannah Arendt in The Origins")."""
    for index in range(len(title) - 1, -1, -1):
        if _POSSESSIVE.match(title[index]) and index < len(title) - 1:
            title = title[index + 1 :]
            break
    for index in range(len(title) - 2, 0, -1):
        if title[index] in TITLE_SMALL_WORDS and title[index + 1] in {"The", "A", "An"}:
            title = title[index + 1 :]
            break
    while len(title) > 1 and title[0].lower().strip(_QUOTES) in _OPENERS | _PREPOSITIONS:
        title = title[1:]
    return title


def _may_be_in_title(word: str) -> bool:
    return word[:1].isupper() or word.lower() in TITLE_SMALL_WORDS or bool(_YEARS.match(word))


def _looks_like_title(words: list[str], title: str, *, cued: bool) -> bool:
    keys = [word.strip(_QUOTES + "*,.;:()[]").lower() for word in words]
    significant = [key for key in keys if key not in TITLE_SMALL_WORDS]
    if not significant or keys[-1] in TITLE_SMALL_WORDS:
        return False  # a fragment cut before its last word
    if (
        _MOJIBAKE.search(title)
        or _unbalanced(title)
        or any(key in _ROLE_WORDS or key.startswith("vice-") for key in keys)
    ):
        return False
    if keys[-1] in _EVENT_WORDS | _BODY_WORDS and not cued:
        return False
    if len(significant) == 1:
        return cued and len(title) > 3  # "Hitler (1936)" is rarely a book
    return True


def _unbalanced(title: str) -> bool:
    return any(title.count(left) != title.count(right) for left, right in ("()", "[]", "“”"))
