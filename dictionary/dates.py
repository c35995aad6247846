"""Parsing of dates as reference works print them ("1890–1947", "b. 1943", "fl. 1840s")."""

import re
from typing import NamedTuple

_DASH = r"\s*[-–—]\s*"
_YEAR = r"(\d{1,4})(s)?(?:\s*(BCE|BC|CE|AD))?"
_QUALIFIER = r"(?:(c|ca|b|d|fl)\.?\s*)?"
_PART = _QUALIFIER + _YEAR
_RANGE = re.compile(rf"^{_PART}(?:{_DASH}(?:{_PART}|(present|today|now)|$))?$", re.IGNORECASE)


class DateFormatError(ValueError):
    """Raised when a date string is not one of the printed forms Headword understands."""


class DateRange(NamedTuple):
    printed: str
    start_year: int | None
    end_year: int | None


def _year(digits: str | None, decade: str | None, era: str | None, *, last: bool) -> int | None:
    if digits is None:
        return None
    year = int(digits)
    if decade:
        year = year + 9 if last else year
    if era and era.upper() in {"BC", "BCE"}:
        year = -year
    return year


def _tidy(printed: str) -> str:
    """Normalise spacing and dashes: "1919– present" -> "1919–present"."""
    text = re.sub(_DASH, "–", printed.strip())
    text = re.sub(r"\b(c|ca|b|d|fl)\.\s*", r"\1. ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text)


def parse_dates(printed: str) -> DateRange:
    """Parse a printed date form into start and end years.

    "b. 1943" has only a start, "d. 1921" only an end, "fl. 1840s" spans the decade,
    "1919–present" is open-ended. An empty string is allowed and gives no years.
    """
    text = _tidy(printed)
    if not text:
        return DateRange("", None, None)
    match = _RANGE.match(text)
    if not match:
        raise DateFormatError(f"Dates {printed!r} are not in a form Headword understands")
    q1, y1, dec1, era1, q2, y2, dec2, era2, _present = match.groups()
    first_is_end = (q1 or "").lower() == "d"
    single = y2 is None and "–" not in text
    start = _year(y1, dec1, era1 or era2, last=False)
    if first_is_end:
        return DateRange(text, None, _year(y1, dec1, era1, last=True))
    if y2 is not None:
        end = _year(y2, dec2, era2, last=True)
    elif single and (dec1 or (q1 or "").lower() in {"fl", "c", "ca"}):
        end = _year(y1, dec1, era1, last=True)
    else:
        end = None
    if start is not None and end is not None and end < start:
        raise DateFormatError(f"Dates {printed!r} end before they start")
    return DateRange(text, start, end)
