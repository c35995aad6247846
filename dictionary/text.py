"""Folding of names for sorting and matching (case, diacritics and punctuation ignored), and
the repair of text decoded with the wrong code page."""

import re
import unicodedata
from functools import lru_cache

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
    key = sort_key(headword)
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
