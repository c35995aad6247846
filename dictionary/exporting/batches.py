"""Reading the dictionary in batches of entries by id, so an export holds one batch at a time."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import Edition, Entry, EntryType
from ..views.linking import ReferenceLinks

BATCH_SIZE = 500


@dataclass
class EntryBatch:
    """Some entries with what an export writes of them: their editions (oldest first), the
    current one, and the slugs of the published entries their current editions point to."""

    entries: list[Entry]
    editions: dict[int, list[Edition]] = field(default_factory=dict)
    links: ReferenceLinks | None = None

    def current(self, entry: Entry) -> Edition | None:
        return next((e for e in self.editions.get(entry.pk, []) if e.is_current), None)


def entry_batches(*, published_only: bool, batch_size: int = BATCH_SIZE) -> Iterator[EntryBatch]:
    """Every entry (or every published one) in id order, ``batch_size`` at a time."""
    entries = Entry.objects.order_by("pk")
    if published_only:
        entries = entries.filter(editions__is_current=True)
    last = 0
    while True:
        page = list(_with_related(entries.filter(pk__gt=last))[:batch_size])
        if not page:
            return
        last = page[-1].pk
        yield _batch(page, published_only=published_only)


def _with_related(entries):
    return entries.prefetch_related(
        "themes", "aliases", "citations", "outgoing_references__target"
    ).defer("source_digest")


def _batch(entries: list[Entry], *, published_only: bool) -> EntryBatch:
    editions = Edition.objects.filter(entry__in=entries).defer("search_text", "search_vector")
    if published_only:
        editions = editions.filter(is_current=True)
    editions = editions.select_related("approved_by").prefetch_related(
        "themes", Prefetch("references")
    )
    batch = EntryBatch(entries)
    references = []
    for edition in editions.order_by("entry_id", "number"):
        batch.editions.setdefault(edition.entry_id, []).append(edition)
        if edition.is_current:
            references += list(edition.references.all())
    batch.links = ReferenceLinks(references)
    return batch


def type_label(value: str) -> str:
    return EntryType(value).label if value in EntryType.values else value
