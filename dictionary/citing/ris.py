"""RIS records for an edition (``TY  - ENCYC``, its authors AU, the work's editors A2) and
for an entry's works cited.

Each line is a two-character tag, two spaces, a hyphen and a space, then the value; the RIS
specification ends lines with CR LF and a record with ``ER  -``. A value never spans lines.
"""

import re
from datetime import date

from ..models import Edition
from .csl_names import sorted_name
from .sources import CitedWork, describe_edition, issued_parts, works_cited

LINE_END = "\r\n"

# CSL item types and the RIS reference types a reference manager expects for them.
RIS_TYPES = {
    "book": "BOOK",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "chapter": "CHAP",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "paper-conference": "CPAPER",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "manuscript": "MANSCPT",
}
_PAGE_RANGE = re.compile(r"\s*[-‐‑–—]+\s*")


def edition_as_ris(edition: Edition, *, url: str, accessed: date | None) -> str:
    """The edition as one RIS record of type ENCYC."""
    cited = describe_edition(edition, url=url, accessed=accessed)
    return _record(
        [
            ("TY", "ENCYC"),
            ("ID", cited.key),
            *[("AU", sorted_name(name)) for name in cited.authors],
            ("TI", cited.headword),
            ("T2", cited.work_title),
            # A2, the secondary authors: for an entry, the editors of the reference work.
            *[("A2", sorted_name(name)) for name in cited.editors],
            ("PB", cited.publisher),
            ("CY", cited.place),
            ("PY", str(cited.revised.year)),
            ("DA", _ris_date(cited.revised)),
            ("ET", str(cited.number)),
            ("UR", cited.url),
            ("Y2", _ris_date(cited.accessed) if cited.accessed else ""),
            ("N1", cited.note),
        ]
    )


def works_as_ris(edition: Edition) -> str:
    """The edition's works cited as RIS records, in reading order."""
    return LINE_END.join(_work_record(work) for work in works_cited(edition))


def _work_record(work: CitedWork) -> str:
    item = work.item
    year, full_date = _issued(item)
    first_page, last_page = _pages(str(item.get("page", "")))
    return _record(
        [
            ("TY", RIS_TYPES.get(item.get("type", ""), "GEN")),
            ("ID", work.key),
            *[("AU", sorted_name(name)) for name in item.get("author", [])],
            *[("ED", sorted_name(name)) for name in item.get("editor", [])],
            ("TI", item.get("title", "")),
            ("T2", item.get("container-title", "")),
            ("PY", year),
            ("DA", full_date),
            ("PB", item.get("publisher", "")),
            ("CY", item.get("publisher-place", "")),
            ("VL", item.get("volume", "")),
            ("IS", item.get("issue", "")),
            ("SP", first_page),
            ("EP", last_page),
            ("DO", item.get("DOI", "")),
            ("SN", item.get("ISBN", "")),
            ("UR", item.get("URL", "")),
            ("KW", work.role_label),
            ("N1", work.note),
        ]
    )


def _record(lines: list[tuple[str, str]]) -> str:
    """Tagged lines (empty values skipped) closed by ER."""
    kept = [(tag, " ".join(str(value).split())) for tag, value in lines]
    text = [f"{tag}  - {value}" for tag, value in kept if value]
    return LINE_END.join([*text, "ER  - "]) + LINE_END


def _issued(item: dict) -> tuple[str, str]:
    """(PY year, DA "YYYY/MM/DD" date) from a CSL issued date; DA only if finer than a year."""
    parts = issued_parts(item)
    if not parts:
        return "", ""
    full = "/".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])
    return f"{parts[0]:04d}", full if len(parts) > 1 else ""


def _pages(pages: str) -> tuple[str, str]:
    first, _dash, last = _PAGE_RANGE.sub("-", pages.strip()).partition("-")
    return first, last


def _ris_date(value: date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"
