"""Folding of names for sorting and matching (case, diacritics and punctuation ignored), and
the repair of text decoded with the wrong code page, and the checks every text typed into
Headword passes."""

import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.text import slugify

# Letters that Unicode does not decompose into a base letter plus a diacritic.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def _windows_1252_controls() -> dict[int, str]:
    """C1 control characters that are Windows-1252 punctuation read as Latin-1: U+0096 was an
    en dash, U+0092 a right quote. The five code points cp1252 leaves undefined stay."""
    table = {}
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_WINDOWS_1252 = _windows_1252_controls()
_C1_CONTROL = re.compile("[\x80-\x9f]")


def clean_text(text: str) -> str:
    """Return text with Windows-1252 punctuation read as C1 controls put right ("\x96" -> "–")."""
    if _C1_CONTROL.search(text) is None:
        return text
    return text.translate(_WINDOWS_1252)


_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """Return text with diacritics removed ("Łukács" -> "Lukacs")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65_536)  # an import folds the same names thousands of times
def fold(text: str) -> str:
    """Return the matching key of a name: lower case, no diacritics, no punctuation."""
    plain = _NOT_WORD.sub(" ", strip_diacritics(text).lower())
    return _SPACES.sub(" ", plain).strip()


def title_match_key(title: str) -> str:
    """Return the key under which two titles are the same work's: case ignored ("Historical
    dictionary of Marxism" is "Historical Dictionary of Marxism"), nothing else."""
    return title.casefold()[:500]


def sort_key(headword: str) -> str:
    """Return the key that orders headwords alphabetically, ignoring case and diacritics."""
    return fold(headword)[:255]


def initial_letter(headword: str) -> str:
    """Return the A-Z letter a headword files under, or "#" for anything else."""
    return letter_of_key(sort_key(headword))


def letter_of_key(key: str) -> str:
    """Return the A-Z letter a sort key files under, or "#" for anything else."""
    return key[0].upper() if key and "a" <= key[0] <= "z" else "#"


def make_slug(headword: str) -> str:
    """Return a URL slug for a headword, transliterating diacritics."""
    return slugify(strip_diacritics(headword))[:200] or "entry"


def free_slug(headword: str, taken, *, year: int | None = None) -> str:
    """The headword's slug, or else with its year ("longman-charles-1839", for a homonym),
    or else with -2, -3 ... appended, whichever is not in ``taken``."""
    base = make_slug(headword)
    if base in taken and year is not None:
        base = f"{base}-{year}".replace("--", "-bc-") if year < 0 else f"{base}-{year}"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# C0 control characters other than tab, line feed and carriage return (which text areas
# send): XML cannot carry them, so one in a published text made the Atom feed a 500.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_NAMES = {0x00: "NUL", 0x0B: "a vertical tab, Word's manual line break", 0x1B: "ESC"}


def control_character_problem(text: str) -> str | None:
    """Which control character ``text`` holds and where, for a message; None if it has none."""
    found = CONTROL_CHARACTER.search(text or "")
    if found is None:
        return None
    code, start = ord(found.group()), found.start()
    name = _CONTROL_NAMES.get(code, "a control character")
    if "\n" not in text:
        return f"U+{code:04X} ({name}) at character {start + 1}"
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return f"U+{code:04X} ({name}) at line {line}, column {column}"


def refuse_control_characters(value) -> None:
    """Validator for every text field people type into: no control characters stored."""
    problem = control_character_problem(value if isinstance(value, str) else "")
    if problem:
        raise ValidationError(
            f"This text contains an invisible control character, {problem}. Remove it (a "
            "line break pasted from a word processor can be retyped as a new line).",
            code="control_character",
        )


def refuse_headword_without_letter_or_digit(value: str) -> None:
    """A headword must name something: one made only of punctuation has no sort key,
    no slug and no letter to file under."""
    if not any(char.isalnum() for char in value or ""):
        raise ValidationError(
            "A headword needs at least one letter or digit.", code="headword_without_letters"
        )


# The validators of a text field that editors type into.
TEXT_VALIDATORS = [refuse_control_characters]
