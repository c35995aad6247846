"""CSL-JSON items for an edition (``entry-encyclopedia``) and for an entry's works cited."""

from datetime import date

from ..models import Edition
from .sources import CitedEdition, date_parts, describe_edition, works_cited


def edition_as_csl(edition: Edition, *, url: str, accessed: date | None) -> dict:
    """The edition as one CSL-JSON item (a download wraps it in a list, as CSL-JSON wants)."""
    return cited_as_csl(describe_edition(edition, url=url, accessed=accessed))


def cited_as_csl(cited: CitedEdition) -> dict:
    """The CSL-JSON item of an edition described by ``describe_edition``: the downloads and
    the styles (through citeproc-py) both start from it."""
    item = {
        "id": cited.key,
        "type": "entry-encyclopedia",
        "title": cited.headword,
        "container-title": cited.work_title,
        "publisher": cited.publisher,
        "issued": date_parts(cited.revised),
        "URL": cited.url,
        "version": str(cited.number),
        "note": cited.note,
    }
    if cited.accessed:
        item["accessed"] = date_parts(cited.accessed)
    if cited.authors:
        item["author"] = [dict(name) for name in cited.authors]
    if cited.editors:
        item["editor"] = [dict(name) for name in cited.editors]
    if cited.place:
        item["publisher-place"] = cited.place
    return item


def works_as_csl(edition: Edition) -> list[dict]:
    """The edition's works cited as CSL-JSON items, each with its role as keyword and note."""
    return [
        {**work.item, "keyword": work.role_label, "note": work.note}
        for work in works_cited(edition)
    ]
