"""Headwords as scraped: dates and other names printed inside them moved out.

"Vance, Edgar (1894–1936) ." is the headword "Vance, Edgar" with the dates "1894–1936";
"Weber, Anna (known as A. Lind, 1881–1945)" also gives the alias "A. Lind". A bracket that
is neither ("Communist Party of the Soviet Union (CPSU)") stays in the headword.
"""

import re
from typing import NamedTuple

from .dates import DateFormatError, parse_dates

_TRAILING_DOT = re.compile(r"(?:\s+\.|(?<=\))\s*\.)+$")
_LAST_BRACKET = re.compile(r"^(?P<head>.+?)\s*\((?P<inside>[^()]+)\)$")
_KNOWN_AS = re.compile(
    r"^(?:also |better |later |often )?(?:known|called) as\s+(?P<name>.+?)"
    r"(?:\s*[,;]\s*(?P<rest>[^,;]*\d.*))?$",
    re.IGNORECASE,
)


class Headword(NamedTuple):
    headword: str
    dates: str  # as printed inside the headword, "" if none
    aliases: list[str]


def read_headword(text: str) -> Headword:
    """Split the printed headword into the headword, the dates and the aliases inside it."""
    text = " ".join(text.split())
    if text.endswith("."):
        text = _TRAILING_DOT.sub("", text)
    if not text.endswith(")"):
        return _dates_after_comma(text)
    match = _LAST_BRACKET.match(text)
    if match is None:
        return Headword(text, "", [])
    head, inside = match.group("head").rstrip(" ,"), match.group("inside").strip()
    known_as = _KNOWN_AS.match(inside)
    if known_as:
        dates = known_as.group("rest") or ""
        return Headword(head, dates.strip(), [known_as.group("name").strip(" ,")])
    if _reads_as_dates(inside):
        return Headword(head, inside, [])
    return Headword(text, "", [])


def _dates_after_comma(text: str) -> Headword:
    """ "Longman, Charles, 1839–1901": dates printed after the name's last comma."""
    head, comma, tail = text.rpartition(",")
    if comma and "," in head and _reads_as_dates(tail.strip()):
        return Headword(head.strip(), tail.strip(), [])
    return Headword(text, "", [])


def _reads_as_dates(text: str) -> bool:
    if not re.search(r"\d", text):
        return False
    try:
        dates = parse_dates(text)
    except DateFormatError:
        return False
    return dates.start_year is not None or dates.end_year is not None
