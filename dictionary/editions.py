"""Publishing editions: each freezes an EntrySnapshot of its entry, in batches."""

from dataclasses import dataclass, field

from django.utils import timezone

from .caching import mark_publication_changed
from .inserting import insert_new_rows
from .models import (
    Edition,
    EditionAlias,
    EditionCredit,
    EditionReference,
    Entry,
)
from .snapshots import EntrySnapshot
from .text import fold, make_slug
from .theme_listings import write_theme_listings


def edition_credit_rows(edition: Edition) -> list[EditionCredit]:
    """The unsaved EditionCredit rows of an edition's byline (for bulk writers too)."""
    return [
        EditionCredit(
            edition=edition, contributor_id=item["contributor_id"], role=item["role"], order=order
        )
        for order, item in enumerate(edition.byline)
    ]


def create_edition(
    *,
    entry: Entry,
    revision=None,
    approved_by=None,
    change_summary: str = "",
    without_review: bool = False,
) -> Edition:
    """Freeze the entry's working copy as its next edition and make that edition current.

    The bulk path for a batch of one, so that both write exactly the same edition. Side
    effects: those of ``create_editions_in_bulk``. Callers wrap this in their transaction.
    """
    item = EditionRequest(entry=entry, revision=revision, change_summary=change_summary)
    return create_editions_in_bulk(
        items=[item], approved_by=approved_by, without_review=without_review
    )[0]


def edition_preview(entry: Entry) -> tuple[Edition, EntrySnapshot]:
    """The edition publishing the entry's working copy now would make, left unsaved (no
    row, no link, no cache touched), with the snapshot holding its links: a preview."""
    snapshot = EntrySnapshot.of_entry(entry)
    previous = _latest_editions([entry.pk]).get(entry.pk)
    edition = _next_edition(EditionRequest(entry=entry), snapshot, previous, now=timezone.now())
    edition.fill_search_fields()  # its fingerprint, as publishing fills it
    return edition, snapshot


def edition_reference_rows(edition: Edition, references) -> list[EditionReference]:
    """The unsaved EditionReference rows of an edition's frozen cross-references."""
    return [EditionReference(edition=edition, **vars(ref)) for ref in references]


@dataclass(frozen=True)
class EditionRequest:
    """One entry for ``create_editions_in_bulk``: the revision it comes from and its summary."""

    entry: Entry
    revision: object = None
    change_summary: str = ""


def create_editions_in_bulk(
    *, items: list[EditionRequest], approved_by=None, without_review: bool = False
) -> list[Edition]:
    """``create_edition`` for many entries with a fixed number of queries, not ~10 each.

    Each entry gets exactly the edition ``create_edition`` would give it, read from the same
    rows (aliases, credits with their contributors, citations with their works,
    cross-references, themes). Its byline freezes the credits. Side effects: the
    entries' current editions stop being current and lose their theme listings; the new
    Editions (current), their theme links, theme listings, EditionReference rows and the
    EditionCredit rows of their bylines are inserted in bulk; the publication generation is
    bumped (now and at the commit). Callers wrap this in their transaction. bulk_create
    skips Edition.save(), so the search columns and the fingerprint are filled here; on
    PostgreSQL the insert trigger fills the search vector as for any insert.
    """
    if not items:
        return []
    ids = [item.entry.pk for item in items]
    previous = _latest_editions(ids)
    Edition.objects.filter(entry_id__in=ids, is_current=True).update(is_current=False)
    now = timezone.now()
    snapshots = EntrySnapshot.of_entries(item.entry for item in items)
    decision = {"approved_by": approved_by, "without_review": without_review}
    editions = [
        _next_edition(
            item, snapshots[item.entry.pk], previous.get(item.entry.pk), now=now, **decision
        )
        for item in items
    ]
    return insert_editions(
        [EditionRows.frozen(edition, snapshots[edition.entry_id]) for edition in editions],
        followed=ids,
    )


def _latest_editions(ids: list[int]) -> dict[int, tuple[int, object]]:
    """(number, first published) of each entry's newest edition."""
    rows = Edition.objects.filter(entry_id__in=ids).order_by("entry_id", "number")
    return {
        entry_id: (number, first)
        for entry_id, number, first in rows.values_list("entry_id", "number", "first_published_at")
    }


def _next_edition(
    item: EditionRequest,
    snapshot: EntrySnapshot,
    previous: tuple | None,
    *,
    now,
    approved_by=None,
    without_review: bool = False,
) -> Edition:
    """The unsaved Edition that publishing ``snapshot`` now makes, after the entry's
    ``previous`` (number, first published) newest edition; a preview renders it unsaved."""
    return Edition(
        entry=item.entry,
        number=previous[0] + 1 if previous else 1,
        revision=item.revision,
        is_current=True,
        **snapshot.edition_fields(),
        change_summary=item.change_summary[:500],
        approved_by=approved_by,
        without_review=without_review,
        first_published_at=previous[1] if previous else now,
        published_at=now,
    )


@dataclass
class EditionRows:
    """An unsaved edition and what is written beside it: the themes it files under, its
    frozen cross-references (EditionReference rows, unsaved) and its aliases' slugs (by
    name; an alias without one gets the slug made from its name, as Alias makes it)."""

    edition: Edition
    theme_ids: list[int]
    references: list[EditionReference]
    alias_slugs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def frozen(cls, edition: Edition, snapshot: EntrySnapshot) -> "EditionRows":
        """The rows of an edition that freezes ``snapshot``."""
        references = edition_reference_rows(edition, snapshot.references)
        return cls(edition, list(snapshot.themes), references, dict(snapshot.alias_slugs))

    def alias_rows(self) -> list[EditionAlias]:
        """The edition's aliases as it freezes them (EditionAlias rows, unsaved)."""
        return [
            EditionAlias(
                edition=self.edition,
                name=name,
                match_key=fold(name),
                slug=self.alias_slugs.get(name) or make_slug(name),
            )
            for name in self.edition.aliases
        ]


def insert_editions(rows: list[EditionRows], *, followed=()) -> list[Edition]:
    """The one writer of edition rows, for every way an edition comes to be: publishing
    (``create_editions_in_bulk``), an import's restore and the synthetic generator.

    ``followed`` names the entries whose current editions these follow (they have just
    stopped being current: their theme listings go). Side effects: the Editions (their
    search fields and fingerprint filled, as ``Edition.save()`` would), their theme links,
    the theme listings of the current ones, their EditionReference rows, their aliases with
    their slugs (EditionAlias) and the EditionCredit rows of their bylines, each in bulk;
    the publication generation is bumped (now and at the commit). Callers wrap this in
    their transaction.
    """
    editions = [row.edition for row in rows]
    for edition in editions:
        edition.fill_search_fields()
    insert_new_rows(editions)
    links = [(row.edition, theme_id) for row in rows for theme_id in row.theme_ids]
    Link = Edition.themes.through
    Link.objects.bulk_create(Link(edition_id=edition.pk, theme_id=pk) for edition, pk in links)
    listed = [(edition, theme_id) for edition, theme_id in links if edition.is_current]
    write_theme_listings(entry_ids=list(followed), listed=listed)
    for row in rows:
        for reference in row.references:
            reference.edition = row.edition
    EditionReference.objects.bulk_create(ref for row in rows for ref in row.references)
    EditionAlias.objects.bulk_create(alias for row in rows for alias in row.alias_rows())
    EditionCredit.objects.bulk_create(
        credit for edition in editions for credit in edition_credit_rows(edition)
    )
    if editions:
        mark_publication_changed(entry_ids={edition.entry_id for edition in editions})
    return editions
