"""The JSON export: a versioned document of the whole dictionary, written entry by entry.

The format is described by ``dictionary/exporting/schema/headword-export-2.json`` (JSON
Schema) and in the README ("Exports"). ``FORMAT_VERSION`` changes whenever a field changes
meaning, goes away or becomes required; new optional fields keep the version. Version 2
made the export lossless for ``import_dictionary``: contributors and credits, the EDTF
dates, works' notes, the editions' fingerprints and full bylines, and the targets of
their frozen references.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from reversion.models import Version

from ..models import Contributor, Edition, Entry, Theme, Work
from ..views.linking import ReferenceLinks
from .batches import EntryBatch, WorkingRows
from .published import public_body, public_references

FORMAT_NAME = "headword-dictionary"
FORMAT_VERSION = 2
SCHEMA_PATH = Path(__file__).parent / "schema" / f"headword-export-{FORMAT_VERSION}.json"
WORK_FIELDS = (
    *("work_type", "title", "authors", "editors", "year", "publisher", "place"),
    *("container_title", "volume", "issue", "pages", "doi", "isbn", "url", "note"),
)
CONTRIBUTOR_FIELDS = (
    *("slug", "given", "family", "particle", "suffix", "literal"),
    *("orcid", "affiliation", "biography"),
)


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def head(*, published_only: bool, with_history: bool) -> dict:
    """The document's opening fields, written before its lists."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": settings.HEADWORD_TITLE,
        "publisher": settings.HEADWORD_PUBLISHER,
        "exported_at": timezone.now().isoformat(),
        "published_only": published_only,
        "with_history": with_history,
    }


def theme_records(*, published_only: bool) -> list[dict]:
    """Every theme (or every published one); a full export gives its id too, which the
    history revisions name it by."""
    themes = Theme.objects.published() if published_only else Theme.objects.all()
    return [
        {
            **({} if published_only else {"id": theme.pk}),
            "slug": theme.slug,
            "name": theme.name,
            "description": theme.description,
        }
        for theme in themes
    ]


def contributor_records(*, published_only: bool) -> list[dict]:
    """Every contributor by slug, their identity across databases; in a published-only
    export only those whose page readers may see. A full export gives their id too, which
    the history revisions name them by."""
    people = Contributor.objects.public() if published_only else Contributor.objects.all()
    return [
        {
            **({} if published_only else {"id": person.pk}),
            **{name: getattr(person, name) for name in CONTRIBUTOR_FIELDS},
        }
        for person in people.order_by("slug")
    ]


def work_records(*, published_only: bool) -> Iterator[dict]:
    """Every work, by id; none in a published-only export, whose editions carry their
    works cited as they froze them (the working copies of works may hold unpublished changes)."""
    if published_only:
        return
    for work in Work.objects.order_by("pk").iterator(chunk_size=2000):
        yield {"id": work.pk, **{name: getattr(work, name) for name in WORK_FIELDS}}


def entry_records(batch: EntryBatch, *, published_only: bool, with_history: bool):
    histories = batch_history(batch.entries) if with_history else {}
    for entry in batch.entries:
        editions = batch.editions.get(entry.pk, [])
        links = batch.links if published_only else None
        record = {
            "id": entry.pk,
            "entry": None if published_only else working_copy(entry, batch.rows),
            "editions": [
                edition_record(edition, public_links=links, slugs=batch.contributor_slugs)
                for edition in editions
            ],
        }
        if not published_only:
            record["withdrawn_at"] = _time(batch.withdrawn.get(entry.pk))
            record["workflow"] = _workflow_state(entry)
        if with_history:
            record["history"] = histories.get(entry.pk, [])
        yield record


def _workflow_state(entry: Entry) -> str | None:
    """Where the entry stands in the review workflow; None if it has no row yet."""
    row = getattr(entry, "workflow", None)  # a missing one-to-one raises an AttributeError
    return row.state if row is not None else None


def working_copy(entry: Entry, rows: WorkingRows) -> dict:
    """The entry as editors last saved it, with its aliases, citations and references
    (``rows``, read for its batch)."""
    return {
        "headword": entry.headword,
        "slug": entry.slug,
        "entry_type": entry.entry_type,
        "dates": entry.dates,
        "dates_edtf": entry.dates_edtf,
        "start_year": entry.start_year,
        "end_year": entry.end_year,
        "body": entry.body,
        "themes": [theme["slug"] for theme in rows.themes.get(entry.pk, [])],
        "credits": rows.credits.get(entry.pk, []),
        "aliases": rows.aliases.get(entry.pk, []),
        "citations": rows.citations.get(entry.pk, []),
        "cross_references": rows.references.get(entry.pk, []),
        "source_file": entry.source_file,
        "source_digest": entry.source_digest,
        "created_at": _time(entry.created_at),
        "updated_at": _time(entry.updated_at),
    }


def edition_record(
    edition: Edition, *, public_links: ReferenceLinks | None = None, slugs: dict | None = None
) -> dict:
    """An edition with its frozen content. With ``public_links`` (a published-only export,
    which readers may download) it is shown as readers see it: no approver (staff), and no
    inline reference naming an entry that is not published (``exporting.published``).
    ``slugs``: the contributors' slugs now, by id, which the byline names them by."""
    approver = edition.approved_by.get_username() if edition.approved_by_id else None
    return {
        "number": edition.number,
        "is_current": edition.is_current,
        "published_at": _time(edition.published_at),
        "first_published_at": _time(edition.first_published_at),
        "approved_by": None if public_links else approver,
        "without_review": edition.without_review,
        "change_summary": edition.change_summary,
        "fingerprint": edition.fingerprint,
        "content": _content(edition, public_links, slugs or {}),
    }


def _content(edition: Edition, public_links: ReferenceLinks | None, slugs: dict) -> dict:
    references = list(edition.references.all())
    if public_links:
        body = public_body(edition.body, public_links)
        shown = public_references(public_links, references)
    else:
        body = edition.body
        shown = [
            {
                "target": ref.target_text,
                "target_slug": ref.target.slug if ref.target_id else None,
                "label": ref.label,
                "kind": ref.kind,
                "order": ref.order,
            }
            for ref in references
        ]
    return {
        "headword": edition.headword,
        "slug": edition.slug,
        "entry_type": edition.entry_type,
        "dates": edition.dates,
        "dates_edtf": edition.dates_edtf,
        "start_year": edition.start_year,
        "end_year": edition.end_year,
        "body": body,
        "summary": edition.summary,
        "aliases": list(edition.aliases),
        "byline": [_byline_item(item, slugs) for item in edition.byline],
        "themes": sorted(theme.slug for theme in edition.themes.all()),
        "citations": list(edition.citations),
        "references": shown,
    }


def _byline_item(item: dict, slugs: dict) -> dict:
    """A credit of a frozen byline: ``contributor`` is the contributor's slug now, their
    identity in the export (a slug may have been changed since); ``slug`` the one frozen."""
    return {
        "contributor": slugs.get(item.get("contributor_id"), item.get("slug")),
        "slug": item.get("slug"),
        "name": item.get("name"),
        "display": item.get("display"),
        "inverted": item.get("inverted"),
        "role": item.get("role"),
    }


def batch_history(entries: list[Entry]) -> dict[int, list[dict]]:
    """Each entry's history revisions, oldest first, each with the entry as it was saved
    and the other rows the revision recorded with it: two queries for the batch."""
    entry_type = ContentType.objects.get_for_model(Entry)
    versions = list(
        Version.objects.filter(content_type=entry_type)
        .filter(object_id__in=[str(entry.pk) for entry in entries])
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )
    followed: dict[int, list[dict]] = {}
    rows = Version.objects.filter(revision_id__in={version.revision_id for version in versions})
    for revision_id, data in rows.exclude(content_type=entry_type).values_list(
        "revision_id", "serialized_data"
    ):
        followed.setdefault(revision_id, []).extend(json.loads(data))
    histories: dict[int, list[dict]] = {}
    for version in versions:
        revision = version.revision
        histories.setdefault(int(version.object_id), []).append(
            {
                "date": _time(revision.date_created),
                "user": revision.user.get_username() if revision.user_id else None,
                "comment": revision.get_comment(),
                "data": json.loads(version.serialized_data),
                "followed": sorted(
                    followed.get(revision.pk, []), key=lambda row: (row["model"], row["pk"])
                ),
            }
        )
    return histories
