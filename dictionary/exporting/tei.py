"""Editions as TEI Lex-0 entries (see README, "TEI export", for how an encyclopedic entry maps).

An edition becomes an ``<entry>``: its headword the lemma ``<form>``, its aliases variant
forms, its type a ``<gramGrp>``, its dates a dated ``<note type="dates">``, its themes domain
``<usg>``, its body one ``<def>`` a paragraph inside a ``<sense>``, its "See"/"See also"
references ``<xr>``, its works cited one ``<listBibl>`` a role, and the edition's number,
date and change summary a ``<note type="edition">``.
"""

import re
from collections.abc import Callable, Iterable

from lxml import etree

from ..citing import sorted_name
from ..citing.sources import ROLE_ORDER, works_cited
from ..markup import CROSS_REFERENCE
from ..models import Edition, ReferenceKind
from ..models.contributors import AUTHOR_ROLES

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPE = "application/tei+xml"
_INLINE = re.compile(r"(\[\[[^\[\]]+\]\]|\*[^*\n]+\*|_[^_\n]+_)")
_XR_LABELS = {ReferenceKind.SEE: "See", ReferenceKind.SEE_ALSO: "See also"}

# A reference's target (as written) to where it points: "#id" or a URL, None for plain text.
LinkFor = Callable[[str], str | None]


def tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def xml_id(slug: str) -> str:
    """An entry's xml:id: its slug, which may start with a digit and so is prefixed."""
    return f"entry-{slug}"


def _sub(parent, name: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, tei(name), {k: str(v) for k, v in attributes.items()})
    if text:
        element.text = text
    return element


def header(*, title: str, publisher: str, published: str, note: str) -> etree._Element:
    """The ``<teiHeader>`` of an export: title, publisher, date and what the file holds."""
    root = etree.Element(tei("teiHeader"))
    file_desc = _sub(root, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", title)
    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "publisher", publisher)
    _sub(publication, "date", published, when=published)
    _sub(_sub(publication, "availability"), "p", note)
    source = _sub(_sub(file_desc, "sourceDesc"), "listBibl", type="dictionaries")
    _sub(source, "bibl", "Born digital, written and reviewed in Headword.")
    usage = _sub(_sub(root, "profileDesc"), "langUsage")
    _sub(usage, "language", "English", ident="en", role="objectLanguage")
    return root


def entry_element(edition: Edition, *, themes: Iterable, link_for: LinkFor) -> etree._Element:
    """The edition as one TEI Lex-0 ``<entry>``; ``themes`` are its Theme rows."""
    entry = etree.Element(
        tei("entry"),
        {f"{{{XML_NS}}}id": xml_id(edition.slug), f"{{{XML_NS}}}lang": "en"},
        type="mainEntry",
        n=str(edition.number),
    )
    _sub(_sub(entry, "form", type="lemma"), "orth", edition.headword)
    for alias in edition.aliases:
        _sub(_sub(entry, "form", type="variant"), "orth", alias)
    _sub(_sub(entry, "gramGrp"), "gram", edition.entry_type, type="entryType")
    if edition.dates:
        _sub(_sub(entry, "note", type="dates"), "date", edition.dates, **_date_attributes(edition))
    for theme in themes:
        _sub(entry, "usg", theme.name, type="domain", norm=theme.slug)
    _add_byline(entry, edition)
    _add_sense(entry, edition, link_for)
    _add_cross_references(entry, edition, link_for)
    _add_works(entry, edition)
    _add_edition_note(entry, edition)
    return entry


def _add_byline(entry, edition: Edition) -> None:
    """Who signed the edition: authors as ``<author>``, revisers and translators each in a
    ``<respStmt>``, in byline order, each pointing at their contributor page."""
    if not edition.byline:
        return
    bibl = _sub(entry, "bibl", type="byline")
    for item in edition.byline:
        page = f"/contributors/{item.get('slug')}/"
        if item.get("role") in AUTHOR_ROLES:
            _sub(bibl, "author", item.get("display"), role=item.get("role"), ref=page)
        else:
            statement = _sub(bibl, "respStmt")
            _sub(statement, "resp", item.get("role"))
            _sub(statement, "name", item.get("display"), ref=page)


def _date_attributes(edition: Edition) -> dict:
    attributes = {}
    if edition.start_year is not None:
        attributes["notBefore" if edition.end_year is None else "from"] = _year(edition.start_year)
    if edition.end_year is not None:
        attributes["to" if edition.start_year is not None else "notAfter"] = _year(edition.end_year)
    return attributes


def _year(year: int) -> str:
    """A year as XML Schema writes it: at least four digits, a minus sign before BCE years."""
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _add_sense(entry, edition: Edition, link_for: LinkFor) -> None:
    sense = _sub(entry, "sense", **{f"{{{XML_NS}}}id": f"{xml_id(edition.slug)}-sense"})
    paragraphs = [part for part in re.split(r"\n\s*\n", edition.body or "") if part.strip()]
    for paragraph in paragraphs or [""]:
        _fill_inline(_sub(sense, "def"), " ".join(paragraph.split()), link_for)


def _fill_inline(parent, text: str, link_for: LinkFor) -> None:
    """Write a paragraph's text with its italics as ``<hi>`` and its links as ``<ref>``."""
    last = parent
    for piece in _INLINE.split(text):
        if not piece:
            continue
        element = _inline_element(parent, piece, link_for)
        if element is None:
            piece = piece.replace("\\", "")
            if last is parent:
                parent.text = (parent.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
        else:
            last = element


def _inline_element(parent, piece: str, link_for: LinkFor):
    match = CROSS_REFERENCE.fullmatch(piece)
    if match:
        target = " ".join(match.group(1).split())
        label = match.group(2) or target
        return _reference(parent, target, label, link_for)
    if len(piece) > 2 and piece[0] == piece[-1] and piece[0] in "*_":
        return _sub(parent, "hi", piece[1:-1], rend="italic")
    return None


def _reference(parent, target: str, label: str, link_for: LinkFor):
    link = link_for(target)
    return _sub(parent, "ref", label, type="entry", **({"target": link} if link else {}))


def _add_cross_references(entry, edition: Edition, link_for: LinkFor) -> None:
    for kind, label in _XR_LABELS.items():
        references = [ref for ref in edition.references.all() if ref.kind == kind]
        if not references:
            continue
        xr = _sub(entry, "xr", type="related")
        _sub(xr, "lbl", label)
        for ref in references:
            _reference(xr, ref.target_text, ref.label or ref.target_text, link_for)


def _add_works(entry, edition: Edition) -> None:
    cited = works_cited(edition)
    for role in ROLE_ORDER:
        works = [work for work in cited if work.role == role]
        if works:
            listing = _sub(entry, "listBibl", type=role)
            for work in works:
                _bibl(listing, work)


def _bibl(parent, work) -> None:
    item = work.item
    bibl = _sub(parent, "bibl", type=item.get("type", "book"), n=work.key)
    for name in item.get("author", []):
        _sub(bibl, "author", sorted_name(name))
    for name in item.get("editor", []):
        _sub(bibl, "editor", sorted_name(name))
    _sub(bibl, "title", item.get("title", ""), level="a" if item.get("container-title") else "m")
    if item.get("container-title"):
        _sub(bibl, "title", item["container-title"], level="j")
    _bibl_details(bibl, item)
    if work.locator:
        _sub(bibl, "citedRange", work.locator)
    if not work.confirmed:
        _sub(bibl, "note", "Not yet confirmed by an editor.", type="unconfirmed")


def _bibl_details(bibl, item: dict) -> None:
    for key, name, unit in (("volume", "biblScope", "volume"), ("issue", "biblScope", "issue")):
        if item.get(key):
            _sub(bibl, name, item[key], unit=unit)
    if item.get("publisher-place"):
        _sub(bibl, "pubPlace", item["publisher-place"])
    if item.get("publisher"):
        _sub(bibl, "publisher", item["publisher"])
    issued = (item.get("issued") or {}).get("date-parts") or [[]]
    if issued[0] and isinstance(issued[0][0], int):
        _sub(bibl, "date", str(issued[0][0]), when=_year(issued[0][0]))
    if item.get("page"):
        _sub(bibl, "biblScope", item["page"], unit="page")
    for key in ("DOI", "ISBN", "URL"):
        if item.get(key):
            _sub(bibl, "idno", item[key], type="URI" if key == "URL" else key)


def _add_edition_note(entry, edition: Edition) -> None:
    published = edition.published_at.date().isoformat()
    note = _sub(entry, "note", type="edition", n=str(edition.number))
    date = _sub(note, "date", published, when=published, type="published")
    date.tail = f" {edition.change_summary}" if edition.change_summary else None


def document(entries: Iterable[etree._Element], teiheader) -> etree._Element:
    """A whole TEI document around the given ``<entry>`` elements."""
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS}, type="lex-0")
    root.append(teiheader)
    body = _sub(_sub(root, "text"), "body")
    body.extend(entries)
    return root
