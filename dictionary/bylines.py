"""Bylines as readers see them: who wrote an edition, grouped by what they did."""

from .models import AUTHOR_ROLES, CreditRole

# What the words before each group say; authors and co-authors share one "By".
_LEADS = {
    CreditRole.AUTHOR: "By",
    CreditRole.CO_AUTHOR: "By",
    CreditRole.REVISER: "Revised by",
    CreditRole.TRANSLATOR: "Translated by",
}


def byline_groups(byline: list[dict]) -> list[dict]:
    """The byline's credits as groups ({"lead": "By", "people": [items]}), authors first,
    each person once per group, in byline order."""
    groups: dict[str, list[dict]] = {}
    for item in byline or []:
        lead = _LEADS.get(item.get("role"), "By")
        people = groups.setdefault(lead, [])
        if all(person.get("contributor_id") != item.get("contributor_id") for person in people):
            people.append(item)
    return [{"lead": lead, "people": people} for lead, people in groups.items()]


def authors(byline: list[dict]) -> list[dict]:
    """The byline's authors and co-authors, in order: the names a citation starts with."""
    return [item for item in byline or [] if item.get("role") in AUTHOR_ROLES]


def names_in_words(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
