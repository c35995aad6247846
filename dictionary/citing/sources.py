"""What the citation formats describe: an edition as a citable item, and its works cited.

An edition is signed by the authors and co-authors its byline froze (revisers and
translators are credited on the page, not as authors); the dictionary's general editors,
publisher and place come from the settings (``dictionary.publication``). An unsigned entry
is cited as a contribution of the dictionary itself, and the machine formats (BibTeX, RIS,
CSL-JSON) then invent no author at all.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from ..bylines import authors
from ..models import CSL_NAME_PARTS, CitationRole, Edition
from ..publication import publication
from .csl_names import as_csl_name

# The order in which an entry's works cited are listed, as on the entry page.
ROLE_ORDER = (CitationRole.WORK_BY_SUBJECT, CitationRole.FURTHER_READING, CitationRole.SOURCE)


@dataclass(frozen=True)
class CitedEdition:
    """The facts every citation of one edition is made from."""

    key: str
    headword: str
    number: int
    work_title: str
    publisher: str
    revised: date
    first_published: date
    url: str
    # None when the citation is of a fixed, dated version (an edition's permanent page or
    # download, cached for a year): the manuals ask for an access date only for what can
    # change (Chicago 14.12, APA 9.16), and a cached date would soon be wrong.
    accessed: date | None
    authors: tuple[dict, ...] = ()  # CSL names, in byline order
    editors: tuple[dict, ...] = ()  # the dictionary's general editors
    place: str = ""
    fingerprint: str = ""

    @property
    def note(self) -> str:
        """The edition, its first publication and its fingerprint, for the formats' notes."""
        note = f"Edition {self.number}; entry first published {self.first_published.isoformat()}"
        return f"{note}; SHA-256 {self.fingerprint}" if self.fingerprint else note


@dataclass(frozen=True)
class CitedWork:
    """One item of an entry's works cited: its CSL-JSON record and the role it plays."""

    key: str
    role: str
    locator: str
    confirmed: bool
    item: dict

    @property
    def role_label(self) -> str:
        return CitationRole(self.role).label if self.role in CitationRole.values else self.role

    @property
    def note(self) -> str:
        """Role, locator and confirmation in words, for the formats' note fields."""
        parts = [self.role_label]
        if self.locator:
            parts.append(f"cited at {self.locator}")
        if not self.confirmed:
            parts.append("not yet confirmed by an editor")
        return "; ".join(parts)


def describe_edition(edition: Edition, *, url: str, accessed: date | None) -> CitedEdition:
    """Collect what a citation of the edition needs; ``url`` is its absolute permanent URL."""
    work = publication()
    return CitedEdition(
        key=edition_key(edition),
        headword=edition.headword,
        number=edition.number,
        work_title=settings.HEADWORD_TITLE,
        publisher=settings.HEADWORD_PUBLISHER,
        revised=timezone.localtime(edition.published_at).date(),
        first_published=timezone.localtime(edition.first_published_at).date(),
        url=url,
        accessed=accessed,
        authors=tuple(clean_name(item.get("name") or {}) for item in authors(edition.byline)),
        editors=work.editors,
        place=work.place,
        fingerprint=edition.fingerprint,
    )


def edition_key(edition: Edition) -> str:
    """The citation key of an edition: its slug and number ("serge-victor-ed2")."""
    return f"{edition.slug}-ed{edition.number}"


def works_cited(edition: Edition) -> list[CitedWork]:
    """The edition's works cited in reading order (by role, then order), with unique keys."""
    rank = {role: position for position, role in enumerate(ROLE_ORDER)}
    rows = sorted(
        edition.citations,
        key=lambda row: (rank.get(row.get("role"), len(rank)), row.get("order", 0)),
    )
    cited, taken = [], set()
    for row in rows:
        work = _cited_work(row, taken)
        taken.add(work.key)
        cited.append(work)
    return cited


def _cited_work(row: dict, taken: set[str]) -> CitedWork:
    item = _clean_item(row.get("csl") or {})
    key = str(item.get("id") or f"work-{row.get('work_id')}")
    if key in taken:
        # One work may be cited under two roles; each export record still needs its own key.
        key = f"{key}-{row.get('role')}"
    item["id"] = key
    return CitedWork(
        key=key,
        role=row.get("role", ""),
        locator=row.get("locator", ""),
        confirmed=row.get("confirmed", True),
        item=item,
    )


def _clean_item(item: dict) -> dict:
    """A copy of a stored CSL item whose names keep only the parts CSL defines."""
    cleaned = dict(item)
    for role in ("author", "editor"):
        if role in cleaned:
            cleaned[role] = [clean_name(as_csl_name(name)) for name in cleaned[role]]
    cleaned.setdefault("type", "book")
    cleaned.setdefault("title", "")
    return cleaned


def clean_name(name: dict) -> dict:
    """A CSL name with only CSL's name parts, all as strings."""
    return {part: str(name[part]) for part in CSL_NAME_PARTS if name.get(part)}


def date_parts(value: date) -> dict:
    """A date in CSL-JSON's structured form."""
    return {"date-parts": [[value.year, value.month, value.day]]}


def issued_parts(item: dict) -> tuple[int, ...]:
    """Year, month and day, as far as a CSL item's issued date gives them; () if unusable."""
    try:
        first = item["issued"]["date-parts"][0]
    except (KeyError, IndexError, TypeError):
        return ()
    # A bare string would be read digit by digit below: only a list of parts is a date.
    if not isinstance(first, list | tuple):
        return ()
    try:
        return tuple(int(part) for part in first[:3])
    except (TypeError, ValueError):
        return ()
