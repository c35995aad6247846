"""Creating a batch of new entries with bulk inserts, still one history revision per file."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from reversion.models import Revision

from dictionary.markup import extract_references
from dictionary.models import Citation, CitationRole, CrossReference, Entry, ReferenceKind
from dictionary.seed_format import guess_entry_type
from dictionary.text import fold

from .history import import_comment, insert_versions, version_rows


def create_entries_in_bulk(run, items: list, works) -> list[tuple[Entry, Revision, int]]:
    """Insert entries for files that match no entry, with their works, citations and inline
    references, and one Revision per file ("Imported from <file>") holding the versions a
    per-file import would have recorded. Returns (entry, revision, citations created) per
    file. Entries the run's theme list names are filed under their themes (one insert of
    the links for the batch). Side effects: the inserts above, and references waiting for
    these headwords are pointed at them. The caller's transaction holds it all; on failure
    it imports the files one by one instead.
    """
    entries = [_new_entry(run, item) for item in items]
    Entry.objects.bulk_create(entries)
    themes = _file_under_themes(run, entries)
    batch_keys = {entry.match_key: entry.pk for entry in entries}
    citations = _create_citations(items, entries, works)
    references = _create_references(run, entries, batch_keys)
    _resolve_waiting_references(batch_keys)
    revisions = _record_revisions(run.user, items, entries, citations, references, themes)
    return [
        (entry, revision, len(cited))
        for entry, revision, cited in zip(entries, revisions, citations, strict=True)
    ]


def _new_entry(run, item) -> Entry:
    document = item.document
    entry = Entry(
        headword=document.headword,
        slug=run.unused_slug(document.headword),
        entry_type=guess_entry_type(document),
        dates=document.dates.printed,
        body=run.linked_body(document),
        source_file=item.name,
        source_digest=item.digest,
    )
    entry.fill_derived_fields()  # what Entry.save() does, which bulk_create skips
    return entry


def _create_citations(items: list, entries: list[Entry], works) -> list[list[Citation]]:
    works.create_missing(
        [work for item in items for work in _cited(item.document)],
    )
    per_entry = []
    for item, entry in zip(items, entries, strict=True):
        rows = []
        if item.document.source is not None:
            work = works.get_or_create(item.document.source)
            rows.append(Citation(entry=entry, work=work, role=CitationRole.SOURCE, order=0))
        for order, parsed in enumerate(item.document.works_by_subject):
            work = works.get_or_create(parsed)
            rows.append(
                Citation(
                    entry=entry,
                    work=work,
                    role=CitationRole.WORK_BY_SUBJECT,
                    order=order,
                    confirmed=False,
                )
            )
        per_entry.append(rows)
    Citation.objects.bulk_create([row for rows in per_entry for row in rows])
    return per_entry


def _cited(document) -> list:
    return ([document.source] if document.source else []) + list(document.works_by_subject)


def _create_references(run, entries: list[Entry], batch_keys: dict) -> list[list]:
    per_entry = [inline_references(run, entry, batch_keys) for entry in entries]
    CrossReference.objects.bulk_create([row for rows in per_entry for row in rows])
    return per_entry


def inline_references(run, entry: Entry, batch_keys: dict) -> list[CrossReference]:
    """The unsaved rows ``sync_inline_references`` would make for a new entry, with targets
    found in the run's preloaded index (and ``batch_keys``) instead of a query each."""
    rows = []
    for order, reference in enumerate(extract_references(entry.body)):
        text = " ".join(reference.target.split())
        key = fold(text)  # bulk_create skips CrossReference.save(), which derives this
        target_id = batch_keys.get(key) or run.by_key.get(key) or run.alias_keys.get(key)
        rows.append(
            CrossReference(
                source=entry,
                target_id=None if target_id == entry.pk else target_id,
                target_text=text,
                target_key=key,
                kind=ReferenceKind.INLINE,
                order=order,
            )
        )
    return rows


def _resolve_waiting_references(batch_keys: dict) -> None:
    """``resolve_waiting_references`` for a whole batch in one UPDATE, not one per entry: each
    waiting reference takes the new entry with its key, unless that is its own source."""
    target = Entry.objects.filter(pk__in=batch_keys.values(), match_key=OuterRef("target_key"))
    target = target.exclude(pk=OuterRef("source_id")).values("pk")[:1]
    waiting = CrossReference.objects.filter(target__isnull=True, target_key__in=batch_keys)
    waiting.update(target_id=Subquery(target))


def _file_under_themes(run, entries: list[Entry]) -> dict[Entry, dict[str, list[int]]]:
    """Link the new entries to the themes the list gives them, in one insert; return the
    links per entry in the shape ``version_rows`` takes."""
    links = run.filing.links_for(entries)
    Link = Entry.themes.through
    Link.objects.bulk_create(
        [
            Link(entry_id=entry.pk, theme_id=theme_id)
            for entry, theme_ids in links.items()
            for theme_id in theme_ids
        ]
    )
    return {entry: {"themes": theme_ids} for entry, theme_ids in links.items()}


def _record_revisions(user, items, entries, citations, references, themes) -> list[Revision]:
    now = timezone.now()
    revisions = [
        Revision(date_created=now, user=user, comment=import_comment(item.name)) for item in items
    ]
    Revision.objects.bulk_create(revisions)
    recorded = []
    for revision, entry, cited, linked in zip(
        revisions, entries, citations, references, strict=True
    ):
        works = {citation.work.pk: citation.work for citation in cited}
        recorded.extend((revision, obj) for obj in [entry, *cited, *works.values(), *linked])
    insert_versions(version_rows(recorded, many_to_many=themes))
    return revisions
