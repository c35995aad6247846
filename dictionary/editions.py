"""Building the snapshot that an edition freezes, and reading works as CSL-JSON."""

from dataclasses import dataclass

from django.utils import timezone

from .caching import mark_publication_changed
from .inserting import insert_new_rows
from .markup import extract_references, plain_text
from .models import (
    UNDATED_YEAR,
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Edition,
    EditionCredit,
    EditionReference,
    Entry,
    ThemeListing,
    Work,
)

SUMMARY_LENGTH = 300


def work_as_csl(work: Work) -> dict:
    """Return a work as a CSL-JSON item (https://citeproc-js.readthedocs.io/)."""
    item = {"id": f"work-{work.pk}", "type": work.work_type, "title": work.title}
    if work.authors:
        item["author"] = work.authors
    if work.editors:
        item["editor"] = work.editors
    if work.year is not None:
        item["issued"] = {"date-parts": [[work.year]]}
    optional = {
        "publisher": work.publisher,
        "publisher-place": work.place,
        "container-title": work.container_title,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages,
        "DOI": work.doi,
        "ISBN": work.isbn,
        "URL": work.url,
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


CITATION_ORDER = ("role", "order", "id")


_CITATION_COLUMNS = ("entry_id", "work_id", "role", "locator", "order", "confirmed")
_REFERENCE_COLUMNS = ("source_id", "target_id", "target_text", "target_key", "kind", "order")


def citation_item(row, work: Work) -> dict:
    """A citation (a Citation or a row with its columns) as an edition keeps it."""
    return {
        "role": row.role,
        "locator": row.locator,
        "order": row.order,
        "confirmed": row.confirmed,
        "work_id": row.work_id,
        "csl": work_as_csl(work),
    }


def byline_item(contributor: Contributor, role: str) -> dict:
    """A credit as an edition's byline keeps it: enough to print and link it with no query."""
    return {
        "contributor_id": contributor.pk,
        "slug": contributor.slug,
        "name": contributor.csl_name,
        "display": contributor.display_name,
        "inverted": contributor.inverted_name,
        "role": role,
    }


def edition_credit_rows(edition: Edition) -> list[EditionCredit]:
    """The unsaved EditionCredit rows of an edition's byline (for bulk writers too)."""
    return [
        EditionCredit(
            edition=edition, contributor_id=item["contributor_id"], role=item["role"], order=order
        )
        for order, item in enumerate(edition.byline)
    ]


FROZEN_ENTRY_FIELDS = (
    "headword",
    "sort_key",
    "initial",
    "slug",
    "entry_type",
    "dates",
    "dates_edtf",
    "start_year",
    "end_year",
    "body",
)


def frozen_fields(entry: Entry) -> dict:
    """The entry's own fields as an edition freezes them."""
    frozen = {name: getattr(entry, name) for name in FROZEN_ENTRY_FIELDS}
    return {**frozen, "summary": _summary(entry.body)}


def _summary(body: str) -> str:
    text = plain_text(body)
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


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


def frozen_references(edition: Edition, body: str, references) -> list[EditionReference]:
    labels = {ref.target: ref.label for ref in extract_references(body)}
    return [
        EditionReference(
            edition=edition,
            target_id=ref.target_id,
            target_text=ref.target_text,
            target_key=ref.target_key,
            label=labels.get(ref.target_text, ""),
            kind=ref.kind,
            order=ref.order,
        )
        for ref in references
    ]


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
    snapshot = _BulkSnapshot(ids)
    decision = {"approved_by": approved_by, "without_review": without_review}
    editions = [
        _next_edition(item, previous.get(item.entry.pk), snapshot, now=now, **decision)
        for item in items
    ]
    for edition in editions:
        edition.fill_search_fields()  # what Edition.save() does, which bulk_create skips
    insert_new_rows(editions)
    snapshot.freeze_links(editions)
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
    item: EditionRequest, previous, snapshot, *, now, approved_by, without_review
) -> Edition:
    entry = item.entry
    return Edition(
        entry=entry,
        number=previous[0] + 1 if previous else 1,
        revision=item.revision,
        is_current=True,
        **frozen_fields(entry),
        aliases=sorted(snapshot.aliases.get(entry.pk, [])),
        byline=snapshot.bylines.get(entry.pk, []),
        citations=snapshot.citations.get(entry.pk, []),
        change_summary=item.change_summary[:500],
        approved_by=approved_by,
        without_review=without_review,
        first_published_at=previous[1] if previous else now,
        published_at=now,
    )


class _BulkSnapshot:
    """What ``create_edition`` reads per entry, read for a batch of entries in six queries.

    Rows come as named tuples rather than model instances, which cost more to build than
    anything else here; the works are instances, as ``work_as_csl`` wants.
    """

    def __init__(self, ids: list[int]):
        self.aliases: dict[int, list[str]] = {}
        for entry_id, name in Alias.objects.filter(entry_id__in=ids).values_list(
            "entry_id", "name"
        ):
            self.aliases.setdefault(entry_id, []).append(name)
        cited = Citation.objects.filter(entry_id__in=ids).order_by(*CITATION_ORDER)
        rows = list(cited.values_list(*_CITATION_COLUMNS, named=True))
        works = Work.objects.in_bulk({row.work_id for row in rows})
        self.citations: dict[int, list[dict]] = {}
        for row in rows:
            item = citation_item(row, works[row.work_id])
            self.citations.setdefault(row.entry_id, []).append(item)
        # In the model's order, as ``entry.outgoing_references.all()``.
        references = CrossReference.objects.filter(source_id__in=ids)
        self.references: dict[int, list] = {}
        for ref in references.values_list(*_REFERENCE_COLUMNS, named=True):
            self.references.setdefault(ref.source_id, []).append(ref)
        themes = Entry.themes.through.objects.filter(entry_id__in=ids)
        self.themes = list(themes.values_list("entry_id", "theme_id"))
        self.bylines: dict[int, list[dict]] = {}
        credits = Credit.objects.filter(entry_id__in=ids).select_related("contributor")
        for credit in credits.order_by("entry_id", "order", "id"):
            item = byline_item(credit.contributor, credit.role)
            self.bylines.setdefault(credit.entry_id, []).append(item)

    def freeze_links(self, editions: list[Edition]) -> None:
        """Insert the editions' theme links, their theme listings (the editions are current)
        and their frozen cross-references."""
        by_entry = {edition.entry_id: edition for edition in editions}
        Edition.themes.through.objects.bulk_create(
            Edition.themes.through(edition_id=by_entry[entry_id].pk, theme_id=theme_id)
            for entry_id, theme_id in self.themes
        )
        ThemeListing.objects.bulk_create(
            theme_listing(by_entry[entry_id], theme_id) for entry_id, theme_id in self.themes
        )
        rows = [
            row
            for edition in editions
            for row in frozen_references(
                edition, edition.body, self.references.get(edition.entry_id, [])
            )
        ]
        EditionReference.objects.bulk_create(rows)
        EditionCredit.objects.bulk_create(
            row for edition in editions for row in edition_credit_rows(edition)
        )
