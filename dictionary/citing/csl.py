"""CSL-JSON items for an edition (``entry-encyclopedia``) and for an entry's works cited."""

from datetime import date

from ..models import Edition
from .sources import date_parts, describe_edition, works_cited


def edition_as_csl(edition: Edition, *, url: str, accessed: date) -> dict:
    """The edition as one CSL-JSON item (a download wraps it in a list, as CSL-JSON wants)."""
    cited = describe_edition(edition, url=url, accessed=accessed)
    return {
        "id": cited.key,
        "type": "entry-encyclopedia",
        "title": cited.headword,
        "container-title": cited.work_title,
        "publisher": cited.publisher,
        "issued": date_parts(cited.revised),
        "accessed": date_parts(cited.accessed),
        "URL": cited.url,
        "version": str(cited.number),
        "note": f"Edition {cited.number}; entry first published "
        f"{cited.first_published.isoformat()}",
    }


def works_as_csl(edition: Edition) -> list[dict]:
    """The edition's works cited as CSL-JSON items, each with its role as keyword and note."""
    return [
        {**work.item, "keyword": work.role_label, "note": work.note}
        for work in works_cited(edition)
    ]
