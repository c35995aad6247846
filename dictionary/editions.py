"""Building the snapshot that an edition freezes, and reading works as CSL-JSON."""

from django.db.models import Max
from django.utils import timezone

from .markup import extract_references, plain_text
from .models import Edition, EditionReference, Entry, Work

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


def _citations(entry: Entry) -> list[dict]:
    rows = entry.citations.select_related("work").order_by("role", "order", "id")
    return [
        {
            "role": row.role,
            "locator": row.locator,
            "order": row.order,
            "confirmed": row.confirmed,
            "work_id": row.work_id,
            "csl": work_as_csl(row.work),
        }
        for row in rows
    ]


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

    Side effects: the previous current edition stops being current; the new Edition and
    its EditionReference rows are written. Callers wrap this in their transaction.
    """
    previous = entry.editions.order_by("-number").first()
    now = timezone.now()
    entry.editions.filter(is_current=True).update(is_current=False)
    edition = Edition.objects.create(
        entry=entry,
        number=(previous.number + 1) if previous else 1,
        revision=revision,
        is_current=True,
        headword=entry.headword,
        sort_key=entry.sort_key,
        initial=entry.initial,
        slug=entry.slug,
        entry_type=entry.entry_type,
        dates=entry.dates,
        start_year=entry.start_year,
        end_year=entry.end_year,
        body=entry.body,
        summary=_summary(entry.body),
        aliases=sorted(entry.aliases.values_list("name", flat=True)),
        citations=_citations(entry),
        change_summary=change_summary[:500],
        approved_by=approved_by,
        without_review=without_review,
        first_published_at=previous.first_published_at if previous else now,
        published_at=now,
    )
    edition.themes.set(entry.themes.all())
    _freeze_references(edition, entry)
    return edition


def _freeze_references(edition: Edition, entry: Entry) -> None:
    labels = {ref.target: ref.label for ref in extract_references(entry.body)}
    EditionReference.objects.bulk_create(
        EditionReference(
            edition=edition,
            target_id=ref.target_id,
            target_text=ref.target_text,
            target_key=ref.target_key,
            label=labels.get(ref.target_text, ""),
            kind=ref.kind,
            order=ref.order,
        )
        for ref in entry.outgoing_references.all()
    )


def next_edition_number(entry: Entry) -> int:
    """The number the entry's next edition will carry."""
    return (entry.editions.aggregate(top=Max("number"))["top"] or 0) + 1
