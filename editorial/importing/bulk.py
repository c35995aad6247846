"""Creating a batch of new entries with bulk inserts, still one history revision per file."""

from collections import Counter

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from reversion.models import Revision

from dictionary.inserting import insert_new_rows
from dictionary.models import (
    Alias,
    AliasKind,
    Citation,
    CitationRole,
    Credit,
    CrossReference,
    Entry,
    EntryName,
    Theme,
)
from dictionary.seed_format import guess_entry_type
from dictionary.services import entry_name_rows, inline_reference_rows

from .credits import credit_rows, source_authors
from .history import import_comment, insert_versions, version_rows
from .works import cited_works


def create_entries_in_bulk(
    run, items: list, works, contributors
) -> list[tuple[Entry, Revision, int]]:
    """Insert entries for files that match no entry, with their works, citations, credits
    (their sources' authors, see ``credits``) and inline references, and one Revision per
    file ("Imported from <file>") holding the versions a per-file import would have
    recorded. Returns (entry, revision, citations created) per
    file. Entries the run's theme list names are filed under their themes (one insert of
    the links for the batch). Side effects: the inserts above, the entries' stored names,
    and references waiting for these headwords are pointed at them. The caller's
    transaction holds it all, and gives the entries their workflow rows in it: draft rows
    (``start_workflows``) for those it leaves unpublished, the published rows of
    ``publish_imported_entries`` for the others. On failure it imports the files one by
    one instead.
    """
    entries = [_new_entry(run, item) for item in items]
    insert_new_rows(entries)
    themes = _file_under_themes(run, entries)
    batch_keys = _unambiguous_keys(run, entries)
    aliases = _create_printed_aliases(items, entries)
    citations = _create_citations(items, entries, works)
    credits = _create_credits(items, entries, contributors)
    references = _create_references(run, entries, batch_keys)
    _resolve_waiting_references(batch_keys)
    _resolve_references_waiting_for_aliases([alias for named in aliases for alias in named])
    EntryName.objects.bulk_create(
        row
        for entry, named in zip(entries, aliases, strict=True)
        for row in entry_name_rows(entry, [alias.name for alias in named])
    )
    followed = [
        [*named, *cited, *signed]
        for named, cited, signed in zip(aliases, citations, credits, strict=True)
    ]
    revisions = _record_revisions(run.user, items, entries, followed, references, themes)
    return [
        (entry, revision, len(cited))
        for entry, revision, cited in zip(entries, revisions, citations, strict=True)
    ]


def _new_entry(run, item) -> Entry:
    document = item.document
    entry = Entry(
        headword=document.headword,
        slug=run.known.unused_slug(document.headword, _year(document)),
        entry_type=guess_entry_type(document),
        dates=document.dates.printed,
        body=run.known.linked_body(item),
        source_file=item.name,
        source_digest=item.digest,
    )
    entry.fill_derived_fields()  # what Entry.save() does, which bulk_create skips
    return entry


def _year(document) -> int | None:
    """The year that tells a homonym's slug apart ("longman-charles-1839")."""
    dates = document.dates
    return dates.start_year if dates.start_year is not None else dates.end_year


def _unambiguous_keys(run, entries: list[Entry]) -> dict[str, int]:
    """The new entries by headword key, but for keys two entries share (homonyms): no
    reference naming such a headword can say which it means."""
    counts = Counter(entry.match_key for entry in entries)
    return {
        entry.match_key: entry.pk
        for entry in entries
        if counts[entry.match_key] == 1 and entry.match_key not in run.known.keyed
    }


def _create_printed_aliases(items: list, entries: list[Entry]) -> list[list[Alias]]:
    """The other names printed in the headwords ("known as A. Lind"), as aliases."""
    per_entry = []
    for item, entry in zip(items, entries, strict=True):
        named = {}
        for name in item.document.aliases:
            alias = Alias(entry=entry, name=name, kind=AliasKind.PSEUDONYM)
            alias.fill_derived_fields()  # what Alias.save() does, which bulk_create skips
            if alias.match_key != entry.match_key:
                named.setdefault(alias.match_key, alias)
        per_entry.append(list(named.values()))
    Alias.objects.bulk_create([alias for named in per_entry for alias in named])
    return per_entry


def _create_citations(items: list, entries: list[Entry], works) -> list[list[Citation]]:
    works.create_missing(
        [work for item in items for work in cited_works(item.document)],
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


def _create_credits(items: list, entries: list[Entry], contributors) -> list[list[Credit]]:
    contributors.create_missing([name for item in items for name in source_authors(item.document)])
    per_entry = [
        credit_rows(entry, item.document, contributors)
        for item, entry in zip(items, entries, strict=True)
    ]
    Credit.objects.bulk_create([row for rows in per_entry for row in rows])
    return per_entry


def _create_references(run, entries: list[Entry], batch_keys: dict) -> list[list]:
    per_entry = [
        inline_reference_rows(
            entry, target_of=lambda key: batch_keys.get(key) or run.known.entry_named(key)
        )
        for entry in entries
    ]
    CrossReference.objects.bulk_create([row for rows in per_entry for row in rows])
    return per_entry


def add_aliases_in_bulk(run, items: list, entry_ids: list[int]) -> list[tuple[Entry, Revision]]:
    """Add the alias each "See" document gives, to entries no two of them share, with one
    Revision per file holding what reversion records for it one by one: the alias and its
    entry as it now stands (aliases, citations, works, cross-references, themes). Returns
    (entry, revision) per file. Side effects: the Alias rows, their stored names, and
    references waiting for these names pointed at their entries. The caller's transaction
    holds it all; on failure it writes the files one by one instead.
    """
    entries = Entry.objects.in_bulk(entry_ids)
    aliases = [
        Alias(entry=entries[pk], name=item.document.headword, kind=AliasKind.REDIRECT)
        for item, pk in zip(items, entry_ids, strict=True)
    ]
    for alias in aliases:
        alias.fill_derived_fields()  # what Alias.save() does, which bulk_create skips
    Alias.objects.bulk_create(aliases)
    names = [row for alias in aliases for row in entry_name_rows(alias.entry, [alias.name])]
    EntryName.objects.bulk_create(names, ignore_conflicts=True)  # the headword's are there
    _resolve_references_waiting_for_aliases(aliases)
    revisions = [
        Revision(date_created=timezone.now(), user=run.user, comment=import_comment(item.name))
        for item in items
    ]
    Revision.objects.bulk_create(revisions)
    ordered = [entries[pk] for pk in entry_ids]
    followed, themes = _followed_rows(ordered)
    recorded = [
        (revision, obj)
        for revision, entry in zip(revisions, ordered, strict=True)
        for obj in [entry, *followed[entry.pk]]
    ]
    insert_versions(version_rows(recorded, many_to_many=themes))
    return list(zip(ordered, revisions, strict=True))


def _followed_rows(entries: list[Entry]) -> tuple[dict[int, list], dict]:
    """The rows reversion follows from each entry (its registration's ``follow``), and its
    themes in Theme's ordering, as ``version_rows`` takes them."""
    ids = [entry.pk for entry in entries]
    followed: dict[int, list] = {pk: [] for pk in ids}
    for alias in Alias.objects.filter(entry_id__in=ids):
        followed[alias.entry_id].append(alias)
    works = {}
    for citation in Citation.objects.filter(entry_id__in=ids).select_related("work"):
        followed[citation.entry_id].append(citation)
        works.setdefault(citation.entry_id, {})[citation.work_id] = citation.work
    for entry_id, cited in works.items():
        followed[entry_id].extend(cited.values())
    people = {}
    for credit in Credit.objects.filter(entry_id__in=ids).select_related("contributor"):
        followed[credit.entry_id].append(credit)
        people.setdefault(credit.entry_id, {})[credit.contributor_id] = credit.contributor
    for entry_id, signers in people.items():
        followed[entry_id].extend(signers.values())
    for reference in CrossReference.objects.filter(source_id__in=ids):
        followed[reference.source_id].append(reference)
    links = Entry.themes.through.objects.filter(entry_id__in=ids)
    links = links.order_by(*(f"theme__{field}" for field in Theme._meta.ordering), "theme_id")
    filed: dict[int, list[int]] = {}
    for entry_id, theme_id in links.values_list("entry_id", "theme_id"):
        filed.setdefault(entry_id, []).append(theme_id)
    themes = {entry: {"themes": filed[entry.pk]} for entry in entries if entry.pk in filed}
    return followed, themes


def _resolve_references_waiting_for_aliases(aliases: list[Alias]) -> None:
    """``resolve_waiting_references`` for new aliases in one UPDATE: each waiting reference
    takes the entry of the alias with its key, unless that entry is its own source."""
    new = Alias.objects.filter(pk__in=[alias.pk for alias in aliases])
    target = new.filter(match_key=OuterRef("target_key")).exclude(entry_id=OuterRef("source_id"))
    keys = {alias.match_key for alias in aliases}
    waiting = CrossReference.objects.filter(target__isnull=True, target_key__in=keys)
    waiting.update(target_id=Subquery(target.order_by("entry_id").values("entry_id")[:1]))


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


def _record_revisions(user, items, entries, followed, references, themes) -> list[Revision]:
    """One revision per file holding its entry and what reversion follows from it:
    ``followed`` are its aliases, citations and credits, whose works and contributors are
    recorded too."""
    now = timezone.now()
    revisions = [
        Revision(date_created=now, user=user, comment=import_comment(item.name)) for item in items
    ]
    Revision.objects.bulk_create(revisions)
    recorded = []
    for revision, entry, rows, linked in zip(revisions, entries, followed, references, strict=True):
        works = {row.work.pk: row.work for row in rows if isinstance(row, Citation)}
        people = {row.contributor.pk: row.contributor for row in rows if isinstance(row, Credit)}
        objects = [entry, *rows, *works.values(), *people.values(), *linked]
        recorded.extend((revision, obj) for obj in objects)
    insert_versions(version_rows(recorded, many_to_many=themes))
    return revisions
