"""Dates as reference works print them ("1890–1947", "1805-72", "c. 600–c. 450 BCE"), read into
earliest/latest years and an EDTF (ISO 8601-2) normal form.

A printed form is split at its range dash into two sides; each side is a year, a full date,
a decade or century, "?" (unknown), or "present" (open), with qualifiers before it ("c.",
"b.", "d.", "fl.", "born", "active") and after it ("?", an era, a place after a comma).
``parse_dates`` raises on a form it cannot read; ``read_dates`` never does: importers keep
such a form as printed, with no years, and warn.

EDTF years are astronomical (ISO 8601: 1 BC is 0000, 95 BC is -0094); the filtering years
(``start_year``, ``end_year``) are the historian's (95 BC is -95).
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from .text import clean_text

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ],
        start=1,
    )
    for name in names.split()
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_APPROXIMATE = r"c|ca|circa|approx|about|early|mid|late|~"
_ROLES = {"b": "start", "born": "start", "d": "end", "died": "end"}
_ROLES |= dict.fromkeys(["fl", "floruit", "flourished", "active"], "floruit")
_PREFIX = re.compile(
    rf"^(?:(?P<word>{_APPROXIMATE}|b|born|d|died|fl|floruit|flourished|active)\b\.?|~|c(?=\d))\s*",
    re.IGNORECASE,
)
_ERA = re.compile(r"\s*\b(?P<era>B\.?\s?C\.?(?:\s?E\.?)?|C\.?\s?E\.?|A\.?\s?D\.?)(?=\W|$)\.?")
# "b. 1908, Ohio" and "b. 1943 in Lahore": a place printed after the date.
_PLACE = re.compile(r"(?<=\d|\?|\.|[a-z])(?:\s*,\s*|\s+in\s+(?=[A-Z]))[^\d,]*[A-Za-z][^\d]*$")
_DASH = re.compile(r"\s*(?:[-–—]|\bto\b)\s*")
_PLAIN_RANGE = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
_OPEN = re.compile(r"^(?:present|today|now|living)$", re.IGNORECASE)
_CENTURY = re.compile(r"^(?P<number>\d{1,2})(?:st|nd|rd|th)\s+century$", re.IGNORECASE)
_YEAR = re.compile(
    r"^(?P<year>\d{1,4})(?P<decade>'?s)?"
    r"(?:\s*\[(?P<bracketed>\d{1,4})\??\]|\s*/\s*(?P<slashed>\d{1,4})|\s+or\s+(?P<other>\d{1,4}))?$",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{1,4}})$"
)
_DAY_FIRST = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{1,4}})$")
_MONTH_YEAR = re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{3,4}})$")
_NUMERIC = re.compile(r"^(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{3,4})$")


class DateFormatError(ValueError):
    """Raised when a date string is not one of the printed forms Headword understands."""


class DateRange(NamedTuple):
    printed: str
    start_year: int | None
    end_year: int | None
    edtf: str = ""


@dataclass(frozen=True)
class _Side:
    """One side of a printed range, as read."""

    kind: str = "date"  # "date", "unknown" ("?") or "open" ("present")
    low: int | None = None  # years as historians count them (95 BC is -95)
    high: int | None = None
    digits: str = ""  # the year as printed, for "1805-72"
    month: int | None = None
    day: int | None = None
    precision: str = "year"  # "year", "decade", "century"
    role: str | None = None  # "start" (b.), "end" (d.), "floruit" (fl.)
    approximate: bool = False
    uncertain: bool = False
    alternatives: bool = False
    bc: bool | None = None  # None: no era printed

    def with_era(self, bc: bool) -> "_Side":
        """The side with the era the other side printed, when it printed none itself."""
        if self.bc is not None or self.kind != "date":
            return self
        if not bc:
            return replace(self, bc=False)
        return replace(self, bc=True, low=-self.high, high=-self.low)


def _tidy(printed: str) -> str:
    """Normalise spacing and dashes: "1919– present" -> "1919–present"."""
    text = _DASH_ONLY.sub("–", printed.strip())
    text = _ABBREVIATION_DOT.sub(r"\1. ", text)
    return _SPACES.sub(" ", text).strip()


_DASH_ONLY = re.compile(r"\s*[-–—]\s*")
_ABBREVIATION_DOT = re.compile(r"\b(c|ca|b|d|fl)\.(?!\s*[A-Z]\.)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def parse_dates(printed: str) -> DateRange:
    """Parse a printed date form into start and end years and an EDTF string.

    "b. 1943" has only a start, "d. 1921" only an end, "fl. 1840s" spans the decade,
    "1919–present" is open-ended, "1872–?" has an unknown end. An empty string gives no
    years. Raises DateFormatError naming the text when the form cannot be read.
    """
    return _parse(clean_text(printed))


def read_dates(printed: str) -> tuple[DateRange, bool]:
    """``parse_dates`` that never refuses: an unreadable form is kept as printed (spaces
    tidied), with no years and no EDTF. Returns the range and whether it was read."""
    try:
        return parse_dates(printed), True
    except DateFormatError:
        return DateRange(" ".join(clean_text(printed).split()), None, None, ""), False


@lru_cache(maxsize=16_384)  # the same forms come back across a large import
def _parse(printed: str) -> DateRange:
    plain = _PLAIN_RANGE.match(printed)  # most printed dates: read at once
    if plain and int(plain.group(1)) <= int(plain.group(2)):
        start, end = plain.groups()
        return DateRange(f"{start}–{end}", int(start), int(end), f"{start}/{end}")
    text = _tidy(printed)
    if not text:
        return DateRange("", None, None, "")
    sides = _DASH.split(text.replace("–", " – ").strip(), maxsplit=2)
    if len(sides) > 2:
        raise DateFormatError(f"Dates {printed!r} have more than two sides")
    try:
        read = [_side(side.strip()) for side in sides]
        if len(read) == 2:
            read[1] = _open_when_blank(read[1], sides[1].strip())
    except ValueError as error:
        raise DateFormatError(
            f"Dates {printed!r} are not in a form Headword understands"
        ) from error
    if len(read) == 1:
        return _single(text, read[0])
    return _range(text, printed, *_with_eras(*read))


def _with_eras(start: _Side, end: _Side) -> tuple[_Side, _Side]:
    """An era printed once holds for both sides ("95-46 B.C."); "1805-72" means 1872."""
    if end.bc and start.bc is None:
        start = start.with_era(True)
    elif start.bc and end.bc is None:
        end = end.with_era(True)
    if end.kind == "date" and not end.bc and start.kind == "date" and not start.bc:
        end = _expand_abbreviated(start, end)
    return start.with_era(False), end.with_era(False)


def _expand_abbreviated(start: _Side, end: _Side) -> _Side:
    if not (len(start.digits) == 4 and 1 <= len(end.digits) < 4 and end.month is None):
        return end
    if end.precision != "year":
        return end
    year = int(start.digits[: 4 - len(end.digits)] + end.digits)
    if year < start.low:
        year += 10 ** len(end.digits)
    return replace(end, low=year, high=year, digits=str(year))


def _single(text: str, side: _Side) -> DateRange:
    if side.kind != "date":
        raise DateFormatError(f"Dates {text!r} name no year")
    side = side.with_era(False)
    if side.role == "end":
        return DateRange(text, None, side.high, f"/{_edtf(side)}")
    if side.role == "start":
        return DateRange(text, side.low, None, f"{_edtf(side)}/..")
    spans = side.role == "floruit" or side.approximate or side.precision != "year"
    if side.alternatives:
        return DateRange(text, side.low, side.high, _edtf_set(side))
    return DateRange(text, side.low, side.high if spans else None, _edtf(side))


def _range(text: str, printed: str, start: _Side, end: _Side) -> DateRange:
    if start.kind == "open":
        raise DateFormatError(f"Dates {printed!r} start at the present")
    first = start.low if start.kind == "date" else None
    last = end.high if end.kind == "date" else None
    if first is not None and last is not None and last < first:
        raise DateFormatError(f"Dates {printed!r} end before they start")
    if first is None and last is None:
        raise DateFormatError(f"Dates {printed!r} name no year")
    return DateRange(text, first, last, f"{_edtf_end(start)}/{_edtf_end(end)}")


def _edtf_end(side: _Side) -> str:
    if side.kind == "open":
        return ".."
    if side.kind == "unknown":
        return ""
    return _edtf(side)


def _open_when_blank(end: _Side, printed_end: str) -> _Side:
    """ "1919–" (nothing after the dash) is open, like "1919–present"; "1919–?" is unknown."""
    return _Side(kind="open") if end.kind == "unknown" and not printed_end else end


def _edtf(side: _Side) -> str:
    """One date in EDTF: "1854-07-23", "184X", "1820~", "-0427?"."""
    text = _edtf_year(side.low, side.precision)
    if side.month is not None:
        text += f"-{side.month:02d}" + (f"-{side.day:02d}" if side.day else "")
    uncertain = side.uncertain or side.alternatives
    if uncertain:
        return text + ("%" if side.approximate else "?")
    return text + ("~" if side.approximate else "")


def _edtf_set(side: _Side) -> str:
    return f"[{_edtf_year(side.low, 'year')},{_edtf_year(side.high, 'year')}]"


def _edtf_year(year: int, precision: str) -> str:
    astronomical = year + 1 if year < 0 else year
    sign = "-" if astronomical < 0 else ""
    digits = f"{abs(astronomical):04d}"
    if precision == "decade" and year >= 0:
        digits = digits[:3] + "X"
    elif precision == "century" and year >= 0:
        digits = digits[:2] + "XX"
    return sign + digits


def _side(text: str) -> _Side:
    """Read one side; raise ValueError if it is none of the forms."""
    flags: dict = {}
    text = _PLACE.sub("", text).strip()
    while match := _PREFIX.match(text):
        word = (match.group("word") or "~").lower()  # "~" and "c1820" are approximate
        if re.fullmatch(_APPROXIMATE, word):
            flags["approximate"] = True
        else:
            flags["role"] = _ROLES[word]
        text = text[match.end() :]
    if text.endswith("?"):
        flags["uncertain"], text = True, text[:-1].rstrip()
    era = _ERA.search(text)
    if era:
        flags["bc"] = era.group("era").upper().startswith("B")
        text = (text[: era.start()] + text[era.end() :]).strip()
    if text.endswith("?"):  # "1941? BC" as well as "1941 BC?"
        flags["uncertain"], text = True, text[:-1].rstrip()
    side = _core(text)
    side = replace(side, **flags)
    if side.bc:
        side = replace(side, low=-side.high, high=-side.low)
    return side


def _core(text: str) -> _Side:
    if text in {"", "?"}:
        return _Side(kind="unknown")
    if _OPEN.match(text):
        return _Side(kind="open")
    if match := _YEAR.match(text):
        return _year_side(match)
    if match := _CENTURY.match(text):
        number = int(match.group("number"))
        return _Side(low=(number - 1) * 100, high=number * 100 - 1, precision="century")
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _MONTH_YEAR, _NUMERIC):
        if match := pattern.match(text):
            return _full_date(match)
    raise ValueError(text)


def _year_side(match) -> _Side:
    digits = match.group("year")
    year = int(digits)
    if match.group("decade"):
        return _Side(low=year, high=year + 9, digits=digits, precision="decade")
    other = match.group("bracketed") or match.group("slashed") or match.group("other")
    if other is None:
        return _Side(low=year, high=year, digits=digits)
    # "1891[93?]" and "428/427" print only the last digits of the other year.
    alternative = int(digits[: max(len(digits) - len(other), 0)] + other)
    low, high = sorted((year, alternative))
    return _Side(low=low, high=high, digits=digits, alternatives=True)


def _full_date(match) -> _Side:
    month = match.group("month")
    number = int(month) if month.isdigit() else MONTHS.get(month.lower())
    day = int(match.group("day")) if "day" in match.groupdict() else None
    if number is None or not 1 <= number <= 12 or (day is not None and not 1 <= day <= 31):
        raise ValueError(match.group())
    year = int(match.group("year"))
    return _Side(low=year, high=year, digits=match.group("year"), month=number, day=day)


def edtf_marks(edtf: str) -> tuple[str, str]:
    """How sure each end of an EDTF range is: "" (known), "?" (uncertain or approximate),
    "unknown" or "open"; a single date gives the same mark twice."""
    if not edtf:
        return "", ""
    if edtf.startswith("["):
        return "?", "?"
    if "/" not in edtf:
        mark = _mark(edtf)
        return mark, mark
    start, end = edtf.split("/", 1)
    return _mark(start), _mark(end)


def _mark(side: str) -> str:
    if side == "..":
        return "open"
    if side == "":
        return "unknown"
    return "?" if side[-1] in "?~%" or "X" in side else ""


def check_edtf(value: str) -> None:
    """Raise DateFormatError unless ``value`` is valid EDTF, as the ``edtf`` package reads it.
    Slow (milliseconds): for forms and tests, never for each file of an import."""
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    if not value:
        return
    # edtf 5.0.2 cannot read an open end (".."), which EDTF level 1 allows: check the rest.
    readable = value.removesuffix("/..") if value.endswith("/..") else value
    try:
        parse_edtf(readable)
    except (EDTFParseException, TypeError, ValueError) as error:
        raise DateFormatError(f"{value!r} is not EDTF") from error
