"""Works cited, read from an edition's frozen CSL-JSON items and grouped by role."""

from ..citing import issued_parts, sorted_name
from ..models import CitationRole

ROLE_HEADINGS = {
    CitationRole.WORK_BY_SUBJECT: "Works",
    CitationRole.FURTHER_READING: "Further reading",
    CitationRole.SOURCE: "Source",
}


def _year(item: dict) -> str:
    parts = issued_parts(item)
    return str(parts[0]) if parts else ""


def work_display(citation: dict) -> dict:
    """The fields a bibliography line shows, already joined where needed."""
    item = citation.get("csl") or {}
    return {
        "authors": "; ".join(sorted_name(person) for person in item.get("author", [])),
        "editors": "; ".join(sorted_name(person) for person in item.get("editor", [])),
        "title": item.get("title", ""),
        "is_part": bool(item.get("container-title")),
        "container": item.get("container-title", ""),
        "volume": item.get("volume", ""),
        "issue": item.get("issue", ""),
        "place": item.get("publisher-place", ""),
        "publisher": item.get("publisher", ""),
        "year": _year(item),
        "pages": item.get("page", ""),
        "locator": citation.get("locator", ""),
        "doi": item.get("DOI", ""),
        "url": item.get("URL", ""),
        "confirmed": citation.get("confirmed", True),
    }


def works_by_role(citations: list[dict]) -> list[dict]:
    """Groups in a fixed order (works, further reading, source), each sorted by its order."""
    groups = []
    for role, heading in ROLE_HEADINGS.items():
        rows = sorted(
            (c for c in citations if c.get("role") == role), key=lambda c: c.get("order", 0)
        )
        if rows:
            groups.append(
                {"role": role, "heading": heading, "works": [work_display(c) for c in rows]}
            )
    return groups
