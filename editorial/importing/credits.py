"""Signing imported entries: the authors a seed's source line names become the entry's credits.

A source line names the authors of the work an entry comes from ("Historical dictionary of
Marxism. David Walker and Daniel Gray . 2014."); in a reference work those are the people
who wrote its entries, so each imported entry is credited to them in order, with the role
"author", which editors may change. Editors named with "eds." sign nothing. Contributors are
found again by their name parts, so a run creates each person or body once.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from dictionary.models import Contributor, Credit, CreditRole, Entry
from dictionary.seed_format import SeedDocument
from dictionary.text import free_slug, make_slug

_PARTS = ("literal", "given", "non-dropping-particle", "family", "suffix")


def source_authors(document: SeedDocument) -> list[dict]:
    """The CSL names of the authors the document's source line names, in order."""
    return list(document.source.authors) if document.source is not None else []


def contributor_key(name: dict) -> tuple[str, ...]:
    """Under which key a CSL name and a contributor are the same person or body."""
    return tuple(" ".join(str(name.get(part) or "").split()) for part in _PARTS)


def _contributor(name: dict) -> Contributor:
    contributor = Contributor(
        literal=name.get("literal", ""),
        given=name.get("given", ""),
        particle=name.get("non-dropping-particle", ""),
        family=name.get("family", ""),
        suffix=name.get("suffix", ""),
    )
    contributor.fill_derived_fields()
    return contributor


class ContributorCache:
    """Existing contributors by name key, looked up when the run's sources first name them."""

    def __init__(self):
        self.found: dict[tuple, Contributor] = {}
        self.looked_up: set[tuple] = set()

    def load(self, names) -> None:
        """Fetch in one query the existing contributors among ``names`` not looked up yet."""
        wanted = {contributor_key(name): name for name in names}
        wanted = {key: name for key, name in wanted.items() if key not in self.looked_up}
        if not wanted:
            return
        self.looked_up |= set(wanted)
        sort_names = {_contributor(name).sort_name for name in wanted.values()}
        for person in Contributor.objects.filter(sort_name__in=sort_names).order_by("-id"):
            key = contributor_key(person.csl_name)
            if key in wanted:
                self.found[key] = person  # the oldest of two namesakes comes last and wins


class PendingContributors:
    """The contributors one group of files names; the new ones are kept only if it commits."""

    def __init__(self, cache: ContributorCache):
        self.cache, self.new = cache, {}

    def get(self, name: dict) -> Contributor:
        key = contributor_key(name)
        self.cache.load([name])
        return self.new.get(key) or self.cache.found[key]

    def create_missing(self, names: list[dict]) -> None:
        """Create in one insert the contributors that neither exist nor were created yet."""
        self.cache.load(names)
        missing: dict[tuple, Contributor] = {}
        for name in names:
            key = contributor_key(name)
            if key not in self.new and key not in self.cache.found and key not in missing:
                missing[key] = _contributor(name)
        if not missing:
            return
        bases = {make_slug(person.display_name) for person in missing.values()}
        similar = reduce(or_, (Q(slug__startswith=base) for base in bases))
        taken = set(Contributor.objects.filter(similar).values_list("slug", flat=True))
        for person in missing.values():
            person.slug = free_slug(person.display_name, taken)
            taken.add(person.slug)
        Contributor.objects.bulk_create(missing.values())
        self.new.update(missing)

    def keep(self) -> None:
        self.cache.found.update(self.new)
        self.cache.looked_up |= set(self.new)


def credit_rows(entry: Entry, document: SeedDocument, contributors) -> list[Credit]:
    """Unsaved Credit rows signing the entry with its source's authors (role author)."""
    seen, rows = set(), []
    for name in source_authors(document):
        person = contributors.get(name)
        if person.pk not in seen:
            seen.add(person.pk)
            rows.append(
                Credit(entry=entry, contributor=person, role=CreditRole.AUTHOR, order=len(rows))
            )
    return rows


def write_credits(entry: Entry, document: SeedDocument, contributors) -> int:
    """Sign an entry with its source's authors unless it is signed already (an editor's
    credits are never replaced by a re-import); return how many credits were written."""
    if entry.credits.exists():
        return 0
    contributors.create_missing(source_authors(document))
    rows = credit_rows(entry, document, contributors)
    for row in rows:
        row.save()  # one by one, so that reversion's follow records them in the revision
    return len(rows)
