"""Works cited, read from an edition's frozen CSL-JSON items and grouped by role."""

from ..models import CitationRole

ROLE_HEADINGS = {
    CitationRole.WORK_BY_SUBJECT: "Works",
    CitationRole.FURTHER_READING: "Further reading",
    CitationRole.SOURCE: "Source",
}


def name_of(person: dict) -> str:
    """A CSL name as printed in a bibliography: "Walker, David" or the literal name."""
    if person.get("literal"):
        return person["literal"]
    return ", ".join(part for part in (person.get("family"), person.get("given")) if part)


def _year(item: dict) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def work_display(citation: dict) -> dict:
    """The fields a bibliography line shows, already joined where needed."""
    item = citation.get("csl") or {}
    return {
        "authors": "; ".join(name_of(person) for person in item.get("author", [])),
        "editors": "; ".join(name_of(person) for person in item.get("editor", [])),
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
