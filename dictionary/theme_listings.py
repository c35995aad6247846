"""The one writer of theme listings (``ThemeListing``): current editions under their themes."""

from collections.abc import Collection, Iterable

from .models import UNDATED_YEAR, Edition, ThemeListing

BATCH_SIZE = 5000


def write_theme_listings(
    *, entry_ids: Collection[int] | None, listed: Iterable[tuple[Edition, int]]
) -> int:
    """Bring the theme listings of these entries in line with their current editions: delete
    the listings of their editions that are no longer current, then insert ``listed``: the
    (current edition, theme id) pairs that are not listed yet. ``entry_ids=None`` deletes
    every listing first (a rebuild: ``relist_every_edition``). Return how many were inserted.

    Called after the editions' ``is_current`` changed and their theme links were written
    (publication, withdrawal, an import's restore, the generator), in the caller's
    transaction: what is deleted is read after that change, so an edition it has just made
    current keeps its listings. One DELETE and one INSERT a 5,000 rows, whatever the number
    of entries; none when nothing is listed.
    """
    if entry_ids is None:
        ThemeListing.objects.all().delete()
    elif entry_ids:
        stale = ThemeListing.objects.filter(edition__entry_id__in=entry_ids)
        stale.filter(edition__is_current=False).delete()
    rows = (_listing(edition, theme_id) for edition, theme_id in listed)
    return len(ThemeListing.objects.bulk_create(rows, batch_size=BATCH_SIZE))


def relist_every_edition() -> int:
    """Write the listings of every current edition again from its theme links, the others
    dropped; return how many were written. For editions written or changed past the
    services (loaddata, a shell, a repair)."""
    links = Edition.themes.through.objects.filter(edition__is_current=True).order_by("id")
    fields = ("sort_key", "entry_type", "start_year", "end_year", "published_at")
    links = links.select_related("edition").only("theme_id", *(f"edition__{f}" for f in fields))
    listed = ((link.edition, link.theme_id) for link in links.iterator(chunk_size=BATCH_SIZE))
    return write_theme_listings(entry_ids=None, listed=listed)


def _listing(edition: Edition, theme_id: int) -> ThemeListing:
    # The year as the date order files the edition (CHRONOLOGICAL's annotation).
    year = next((y for y in (edition.start_year, edition.end_year) if y is not None), None)
    return ThemeListing(
        theme_id=theme_id,
        edition=edition,
        sort_key=edition.sort_key,
        entry_type=edition.entry_type,
        position_year=UNDATED_YEAR if year is None else year,
        published_at=edition.published_at,
    )
