"""'Cite this entry' in Chicago, MLA and APA, as safe HTML pointing at an edition's URL.

Each style's pattern is its rule for an entry in an online reference work with no named
author (see ``sources`` for why entries have none):

- Chicago (17th ed., 14.232-14.234): alphabetical reference works are cited under the
  work's title with "s.v." ("under the word"), with the revision date, access date and URL.
- MLA (9th ed.): an entry with no author starts with its title in quotation marks; the
  dictionary is the container, followed by its version, publisher, date and URL, and the
  access date ends the entry. A publisher whose name is the work's title is left out.
- APA (7th ed.): the dictionary is the group author; an entry's title is neither quoted
  nor italicized; a work that changes over time gets a retrieval date. The publisher is
  left out when it is the same as the author.
"""

from datetime import date

from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Edition
from .sources import CitedEdition, describe_edition

CITATION_STYLES = (("chicago", "Chicago"), ("mla", "MLA"), ("apa", "APA"))

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


def format_entry_citation(edition: Edition, *, style: str, url: str, accessed: date) -> SafeString:
    """The edition's citation in ``style`` (a key of CITATION_STYLES) as safe HTML."""
    formatters = {"chicago": _chicago, "mla": _mla, "apa": _apa}
    if style not in formatters:
        known = ", ".join(key for key, _label in CITATION_STYLES)
        raise ValueError(f"Unknown citation style {style!r}; choose one of {known}.")
    return formatters[style](describe_edition(edition, url=url, accessed=accessed))


def format_entry_citations(edition: Edition, *, url: str, accessed: date) -> list[tuple]:
    """(style key, style label, HTML) for every style, in CITATION_STYLES order."""
    return [
        (key, label, format_entry_citation(edition, style=key, url=url, accessed=accessed))
        for key, label in CITATION_STYLES
    ]


def _chicago(cited: CitedEdition) -> SafeString:
    event = "last modified" if cited.number > 1 else "published"
    return format_html(
        "<i>{}</i>, s.v. “{},” edition {}, {} {}, accessed {}, {}.",
        cited.work_title,
        cited.headword,
        cited.number,
        event,
        _long_date(cited.revised),
        _long_date(cited.accessed),
        cited.url,
    )


def _mla(cited: CitedEdition) -> SafeString:
    publisher = "" if _same_name(cited.publisher, cited.work_title) else f"{cited.publisher}, "
    return format_html(
        "“{}” <i>{}</i>, edition {}, {}{}, {}. Accessed {}.",
        _end_sentence(cited.headword),
        cited.work_title,
        cited.number,
        publisher,
        _mla_date(cited.revised),
        cited.url,
        _mla_date(cited.accessed),
    )


def _apa(cited: CitedEdition) -> SafeString:
    publisher = "" if _same_name(cited.publisher, cited.work_title) else f" {cited.publisher}."
    revised = cited.revised
    return format_html(
        "{} ({}, {} {}). {} (Edition {}). In <i>{}</i>.{} Retrieved {}, from {}",
        _end_sentence(cited.work_title),
        revised.year,
        _MONTHS[revised.month - 1],
        revised.day,
        cited.headword,
        cited.number,
        cited.work_title,
        publisher,
        _long_date(cited.accessed),
        cited.url,
    )


def _long_date(value: date) -> str:
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def _mla_date(value: date) -> str:
    return f"{value.day} {_MLA_MONTHS[value.month - 1]} {value.year}"


def _end_sentence(text: str) -> str:
    """Text closed with a full stop, unless it already ends in one, "?" or "!"."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _same_name(first: str, second: str) -> bool:
    return first.casefold().removeprefix("the ") == second.casefold().removeprefix("the ")
