"""Publishing editions: each freezes an EntrySnapshot of its entry, in batches."""

from dataclasses import dataclass

from django.utils import timezone

from .caching import mark_publication_changed
from .inserting import insert_new_rows
from .models import (
    UNDATED_YEAR,
    Edition,
    EditionCredit,
    EditionReference,
    Entry,
    ThemeListing,
)
from .snapshots import EntrySnapshot


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
    unlist(entry_ids=ids)
    now = timezone.now()
    snapshots = EntrySnapshot.of_entries(item.entry for item in items)
    decision = {"approved_by": approved_by, "without_review": without_review}
    editions = [
        _next_edition(
            item, snapshots[item.entry.pk], previous.get(item.entry.pk), now=now, **decision
        )
        for item in items
    ]
    for edition in editions:
        edition.fill_search_fields()  # what Edition.save() does, which bulk_create skips
    insert_new_rows(editions)
    _freeze_links(editions, snapshots)
    mark_publication_changed(entry_ids=ids)
    return editions


def theme_listing(edition: Edition, theme_id: int) -> ThemeListing:
    """The listing of a current edition under one of its themes."""
    return ThemeListing(
        theme_id=theme_id,
        edition=edition,
        sort_key=edition.sort_key,
        entry_type=edition.entry_type,
        position_year=_position_year(edition.start_year, edition.end_year),
        published_at=edition.published_at,
    )


def _position_year(start: int | None, end: int | None) -> int:
    """The year the date order files an edition under (as CHRONOLOGICAL's annotation)."""
    return next((year for year in (start, end) if year is not None), UNDATED_YEAR)


def unlist(*, entry_ids) -> None:
    """Delete the theme listings of these entries' editions that are no longer current,
    after their current edition stopped being so (a new one is published, or the entry is
    withdrawn). Read after that change, so that an edition made current meanwhile by
    another transaction keeps its listings, and one it has just un-made loses them."""
    stale = ThemeListing.objects.filter(edition__entry_id__in=entry_ids)
    stale.filter(edition__is_current=False).delete()


def list_current_editions() -> int:
    """Write the theme listings of every current edition again from its theme links, the
    others dropped; return how many were written. For editions written or changed past
    ``create_editions_in_bulk`` and ``unpublish`` (loaddata, a shell, a repair)."""
    ThemeListing.objects.all().delete()
    links = Edition.themes.through.objects.filter(edition__is_current=True).order_by("id")
    fields = ("sort_key", "entry_type", "start_year", "end_year", "published_at")
    links = links.select_related("edition").only("theme_id", *(f"edition__{f}" for f in fields))
    rows = (theme_listing(link.edition, link.theme_id) for link in links.iterator(chunk_size=5000))
    return len(ThemeListing.objects.bulk_create(rows, batch_size=5000))


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


def _freeze_links(editions: list[Edition], snapshots: dict[int, EntrySnapshot]) -> None:
    """Insert the editions' theme links, their theme listings (the editions are current),
    their frozen cross-references and their bylines' credits."""
    themes = [(edition, pk) for edition in editions for pk in snapshots[edition.entry_id].themes]
    Edition.themes.through.objects.bulk_create(
        Edition.themes.through(edition_id=edition.pk, theme_id=theme_id)
        for edition, theme_id in themes
    )
    ThemeListing.objects.bulk_create(
        theme_listing(edition, theme_id) for edition, theme_id in themes
    )
    EditionReference.objects.bulk_create(
        row
        for edition in editions
        for row in edition_reference_rows(edition, snapshots[edition.entry_id].references)
    )
    EditionCredit.objects.bulk_create(
        row for edition in editions for row in edition_credit_rows(edition)
    )
