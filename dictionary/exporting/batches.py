"""Reading the dictionary in batches of entries by id, so an export holds one batch at a time."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F, Max, Prefetch

from ..models import (
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Edition,
    EditionReference,
    Entry,
)
from ..views.linking import ReferenceLinks

BATCH_SIZE = 500


@dataclass
class EntryBatch:
    """Some entries with what an export writes of them: their editions (oldest first), the
    current one, the slugs of the published entries their current editions point to, and
    when each withdrawn entry was withdrawn."""

    entries: list[Entry]
    rows: "WorkingRows | None" = None  # a full export's working copies' rows
    editions: dict[int, list[Edition]] = field(default_factory=dict)
    links: ReferenceLinks | None = None
    withdrawn: dict = field(default_factory=dict)
    contributor_slugs: dict[int, str] = field(default_factory=dict)

    def current(self, entry: Entry) -> Edition | None:
        return next((e for e in self.editions.get(entry.pk, []) if e.is_current), None)


def entry_batches(
    *, published_only: bool, current_only: bool = False, batch_size: int = BATCH_SIZE
) -> Iterator[EntryBatch]:
    """Every entry (or every published one) in id order, ``batch_size`` at a time; with
    ``current_only`` (the CSV) only the current editions of the entries are read."""
    entries = Entry.objects.order_by("pk")
    if published_only:
        entries = entries.filter(editions__is_current=True)
    else:  # the workflow row, named by its reverse relation: dictionary never imports editorial
        entries = entries.select_related("workflow")
    last = 0
    while True:
        page = list(entries.filter(pk__gt=last)[:batch_size])
        if not page:
            return
        # The batch's rows are read by a range of entry ids (two parameters, where a list
        # of 500 ids made the queries slow to build and send).
        key_range = {"entry_id__gt": last, "entry_id__lte": page[-1].pk}
        last = page[-1].pk
        batch = _batch(page, published_only=published_only, current_only=current_only)
        if not published_only:
            batch.rows = WorkingRows(key_range)
        yield batch


class WorkingRows:
    """The rows working copies are exported with (themes, credits, aliases, citations,
    cross-references), for the entries a filter on ``entry_id`` names: read as values in
    one query each, in the order the export lists them. An export read them as model
    instances through ``prefetch_related``, which cost most of its time (profiled)."""

    def __init__(self, entries: dict):
        on_source = {name.replace("entry_id", "source_id"): v for name, v in entries.items()}
        self.themes = _grouped(
            Entry.themes.through.objects.filter(**entries).order_by("theme__slug"),
            "entry_id",
            slug=F("theme__slug"),
        )
        self.credits = _grouped(
            Credit.objects.filter(**entries).order_by(*Credit._meta.ordering),
            "entry_id",
            contributor=F("contributor__slug"),
            role=F("role"),
            order=F("order"),
        )
        self.aliases = _grouped(
            Alias.objects.filter(**entries).order_by("name", "pk"),
            "entry_id",
            name=F("name"),
            slug=F("slug"),
            kind=F("kind"),
        )
        self.citations = _grouped(
            Citation.objects.filter(**entries).order_by(*Citation._meta.ordering),
            "entry_id",
            work=F("work_id"),
            role=F("role"),
            locator=F("locator"),
            order=F("order"),
            confirmed=F("confirmed"),
        )
        self.references = _grouped(
            CrossReference.objects.filter(**on_source).order_by(*CrossReference._meta.ordering),
            "source_id", target=F("target_text"), target_slug=F("target__slug"), kind=F("kind"),
            order=F("order"),
        )  # fmt: skip


def _grouped(rows, key: str, **columns) -> dict[int, list[dict]]:
    """``rows`` as dicts of ``columns``, listed by the value of ``key``."""
    grouped: dict[int, list[dict]] = {}
    names = list(columns)
    for values in rows.values_list(key, *columns.values()):
        grouped.setdefault(values[0], []).append(dict(zip(names, values[1:], strict=True)))
    return grouped


def _batch(entries: list[Entry], *, published_only: bool, current_only: bool) -> EntryBatch:
    editions = Edition.objects.filter(entry__in=entries).defer("search_text", "search_vector")
    if published_only or current_only:
        editions = editions.filter(is_current=True)
    references = EditionReference.objects.select_related("target").only(
        *("edition_id", "target_id", "target_text", "target_key", "label", "kind", "order"),
        "target__slug",
    )
    editions = editions.select_related("approved_by").prefetch_related(
        "themes", Prefetch("references", queryset=references)
    )
    batch = EntryBatch(entries)
    references = []
    for edition in editions.order_by("entry_id", "number"):
        batch.editions.setdefault(edition.entry_id, []).append(edition)
        if edition.is_current:
            references += list(edition.references.all())
    # Links to what readers may see: only a published-only export (and TEI) shows them.
    batch.links = ReferenceLinks(references) if published_only else None
    batch.contributor_slugs = _contributor_slugs(batch)
    if not (published_only or current_only):
        batch.withdrawn = _withdrawal_times(batch)
    return batch


def _contributor_slugs(batch: EntryBatch) -> dict[int, str]:
    """The slugs now of the contributors the batch's bylines froze; no query without any."""
    ids = {
        item.get("contributor_id")
        for editions in batch.editions.values()
        for edition in editions
        for item in edition.byline
    }
    ids.discard(None)
    return dict(Contributor.objects.filter(pk__in=ids).values_list("pk", "slug")) if ids else {}


def _withdrawal_times(batch: EntryBatch) -> dict:
    """When each entry of the batch with editions but no current one was last withdrawn:
    the page at its old address says so. Read from the workflow's log by its reverse
    relation (dictionary never imports editorial); no query when none was withdrawn."""
    withdrawn = [
        entry.pk
        for entry in batch.entries
        if batch.editions.get(entry.pk) and batch.current(entry) is None
    ]
    if not withdrawn:
        return {}
    moves = Entry.objects.filter(pk__in=withdrawn, transitions__to_state="unpublished")
    last = moves.values("pk").annotate(at=Max("transitions__created_at"))
    return dict(last.values_list("pk", "at"))
