"""BibTeX and biblatex records for an edition and for an entry's works cited.

Two dialects: classic BibTeX (``edition_as_bibtex``, ``works_as_bibtex``), which BibTeX
itself, bibtexparser and pybtex read (``@incollection`` with year, author, booktitle,
editor, publisher, url and a note carrying the version, access date and fingerprint), and
biblatex (``edition_as_biblatex``, ``works_as_biblatex``: ``@inreference`` with date,
version and urldate), which biber reads and classic BibTeX drops.

Values are LaTeX-escaped in a single pass so that an escape is never escaped twice;
non-ASCII text stays UTF-8, which biber and every current reference manager read. URL and
DOI fields are verbatim in biblatex, so they are not escaped; only the characters that
would unbalance the braces around them are percent-encoded.
"""

import re
from datetime import date

from ..models import Edition
from .csl_names import name_parts
from .sources import CitedWork, describe_edition, issued_parts, works_cited

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_VERBATIM_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}
_UNSAFE_KEY = re.compile(r"[^A-Za-z0-9_.:-]+")
_PAGE_RANGE = re.compile(r"(?<=\w)\s*[-‐‑–—]+\s*(?=\w)")

# CSL item types and the biblatex entry types a reference manager expects for them.
BIBTEX_TYPES = {
    "book": "book",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "chapter": "incollection",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
    "paper-conference": "inproceedings",
    "thesis": "thesis",
    "report": "report",
    "webpage": "online",
    "manuscript": "unpublished",
}
# Which biblatex field holds a CSL container title, by CSL type; "series" otherwise.
_CONTAINER_FIELDS = {
    "article-journal": "journaltitle",
    "article-magazine": "journaltitle",
    "article-newspaper": "journaltitle",
    "chapter": "booktitle",
    "entry-encyclopedia": "booktitle",
    "entry-dictionary": "booktitle",
    "paper-conference": "booktitle",
    "webpage": "organization",
    "manuscript": "howpublished",
}
_SUBTYPES = {"article-newspaper": "newspaper", "article-magazine": "magazine"}


def escape_latex(text: str) -> str:
    """Text with LaTeX's special characters escaped and runs of whitespace made one space."""
    return "".join(_LATEX_SPECIALS.get(char, char) for char in " ".join(str(text).split()))


def edition_as_bibtex(edition: Edition, *, url: str, accessed: date | None) -> str:
    """The edition as a classic BibTeX ``@incollection`` record."""
    cited = describe_edition(edition, url=url, accessed=accessed)
    fields = [
        ("author", _names(cited.authors)),
        # A record without an author still sorts: classic styles read "key" for it.
        ("key", "" if cited.authors else escape_latex(cited.headword)),
        # The inner braces keep a name's capitals when a style changes the case of titles.
        ("title", "{" + escape_latex(cited.headword) + "}"),
        ("booktitle", escape_latex(cited.work_title)),
        ("editor", _names(cited.editors)),
        ("publisher", escape_latex(cited.publisher)),
        ("address", escape_latex(cited.place)),
        ("year", str(cited.revised.year)),
        ("edition", str(cited.number)),
        ("url", _verbatim(cited.url)),
        ("note", escape_latex(f"Version {cited.number}; {_accessed(cited)}{cited.note}")),
    ]
    return _record("incollection", cited.key, fields)


def edition_as_biblatex(edition: Edition, *, url: str, accessed: date | None) -> str:
    """The edition as a biblatex ``@inreference`` record."""
    cited = describe_edition(edition, url=url, accessed=accessed)
    fields = [
        ("author", _names(cited.authors)),
        ("title", "{" + escape_latex(cited.headword) + "}"),
        ("booktitle", escape_latex(cited.work_title)),
        ("editor", _names(cited.editors)),
        ("publisher", escape_latex(cited.publisher)),
        ("location", escape_latex(cited.place)),
        ("date", cited.revised.isoformat()),
        ("version", str(cited.number)),
        ("url", _verbatim(cited.url)),
        ("urldate", cited.accessed.isoformat() if cited.accessed else ""),
        ("note", escape_latex(cited.note)),
    ]
    return _record("inreference", cited.key, fields)


def _accessed(cited) -> str:
    return f"accessed {cited.accessed}; " if cited.accessed else ""


def works_as_bibtex(edition: Edition) -> str:
    """The edition's works cited as classic BibTeX records, in reading order."""
    return "\n".join(_work_record(work, classic=True) for work in works_cited(edition))


def works_as_biblatex(edition: Edition) -> str:
    """The edition's works cited as biblatex records, in reading order."""
    return "\n".join(_work_record(work) for work in works_cited(edition))


def _work_record(work: CitedWork, *, classic: bool = False) -> str:
    """A work cited as a biblatex record, or as a classic BibTeX one (``classic``): the same
    fields, with classic BibTeX's names, types and a year where biblatex has a date."""
    item, kind = work.item, work.item.get("type", "")
    publisher_field = "institution" if kind in ("thesis", "report") else "publisher"
    issued = issued_parts(item)
    fields = [
        ("entrysubtype", "" if classic else _SUBTYPES.get(kind, "")),
        ("author", _names(item.get("author", []))),
        ("editor", _names(item.get("editor", []))),
        ("title", escape_latex(item.get("title", ""))),
        (_CONTAINER_FIELDS.get(kind, "series"), escape_latex(item.get("container-title", ""))),
        ("year", str(issued[0]) if issued else "") if classic else ("date", _issued(item)),
        (publisher_field, escape_latex(item.get("publisher", ""))),
        ("location", escape_latex(item.get("publisher-place", ""))),
        ("volume", escape_latex(item.get("volume", ""))),
        ("number", escape_latex(item.get("issue", ""))),
        ("pages", _PAGE_RANGE.sub("--", escape_latex(item.get("page", "")))),
        ("doi", _verbatim(item.get("DOI", ""))),
        ("isbn", escape_latex(item.get("ISBN", ""))),
        ("url", _verbatim(item.get("URL", ""))),
        ("keywords", escape_latex(work.role)),
        ("note", escape_latex(work.note)),
    ]
    entry_type = BIBTEX_TYPES.get(kind, "misc")
    if classic:
        fields = [(_CLASSIC_FIELDS.get(name, name), value) for name, value in fields]
        entry_type = _CLASSIC_TYPES.get(entry_type, entry_type)
    return _record(entry_type, work.key, fields)


# Classic BibTeX's entry types and field names where biblatex's differ.
_CLASSIC_TYPES = {
    "inreference": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "online": "misc",
    "unpublished": "unpublished",
}
_CLASSIC_FIELDS = {"journaltitle": "journal", "organization": "howpublished", "location": "address"}


def _record(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{entry_type}{{{_UNSAFE_KEY.sub('-', key)},"]
    lines += [_field(name, value) for name, value in fields if value]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}},"


def _names(names) -> str:
    return " and ".join(filter(None, (_name(name) for name in names)))


def _name(name: dict) -> str:
    """A CSL name in BibTeX's "von Last, Jr, First" form; a literal name kept whole."""
    parts = name_parts(name)
    if parts.literal:
        return "{" + escape_latex(parts.literal) + "}"
    family, given = escape_latex(parts.family), escape_latex(parts.given)
    if "," in family or " and " in family:
        family = "{" + family + "}"
    if not family:
        return given
    if parts.suffix:
        return ", ".join([family, escape_latex(parts.suffix), given])
    return f"{family}, {given}" if given else family


def _issued(item: dict) -> str:
    """The issued date as biblatex's ISO form ("1951", "1951-03", "1951-03-07")."""
    parts = issued_parts(item)
    if not parts:
        return ""
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


def _verbatim(value: str) -> str:
    return "".join(_VERBATIM_UNSAFE.get(char, char) for char in str(value).strip())
