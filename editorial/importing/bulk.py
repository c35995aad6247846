"""What a group of seed files asks of the writers: new entries, and aliases from See files."""

from collections import Counter
from functools import cache

from django.db.models import F
from reversion.models import Revision

from dictionary.models import Alias, AliasKind, Citation, CitationRole, Entry
from dictionary.seed_format import guess_entry_type
from dictionary.services import resolve_waiting_references, sync_entry_names
from editorial.models import EntryWorkflow
from editorial.services import (
    NewEntry,
    RevisionRequest,
    StaleWorkflowError,
    create_entries,
    record_revisions,
)

from .credits import credit_rows, source_authors
from .works import cited_works


def import_comment(name: str) -> str:
    """The comment of a file's import revision (its EntryRevision names the file)."""
    return f"Imported from {name}"


FIRST_PUBLISHED = "First published."
REPUBLISHED = "Revised from an updated source text."


def public_summary(*, first: bool) -> str:
    """What readers see as an imported edition's change ("what changed" on the edition
    page, in the feed and the exports). The seed file's name is an editorial detail: it is
    kept in the revision's comment and its EntryRevision, never shown to readers."""
    return FIRST_PUBLISHED if first else REPUBLISHED


def create_entries_in_bulk(
    run, items: list, works, contributors
) -> list[tuple[Entry, Revision, int]]:
    """Create the entries of files that match no entry, through ``create_entries``: each
    with its works (those missing made in one insert), its citations (the source, and the
    works by the subject unconfirmed), its credits (its source's authors, those missing
    made in one insert, see ``credits``), the themes the run's list files it under, and its
    revision ("Imported from <file>", with the file and digest). Returns (entry, revision,
    citations made) per file. The caller's transaction holds it all; on failure it imports
    the files one by one instead.
    """
    works.create_missing([work for item in items for work in cited_works(item.document)])
    contributors.create_missing([name for item in items for name in source_authors(item.document)])
    new = [
        NewEntry(
            entry=(entry := new_entry(run, item)),
            comment=import_comment(item.name),
            aliases=printed_aliases(item.document, entry),
            credits=credit_rows(entry, item.document, contributors),
            citations=imported_citations(item.document, works),
            theme_ids=run.filing.theme_ids(item.document.headword),
            source_file=item.name,
            source_digest=item.digest,
        )
        for item in items
    ]
    entries = [n.entry for n in new]
    revisions = create_entries(entries=new, user=run.user, target_of=_names_led_to(run, entries))
    return [
        (n.entry, revision, len(n.citations)) for n, revision in zip(new, revisions, strict=True)
    ]


def _names_led_to(run, entries: list[Entry]):
    """What a name in the batch's links leads to, once the entries have their keys: a new
    entry with that headword, unless two entries share it (homonyms: no link can say which
    it means), else what the run knows."""

    @cache
    def batch() -> dict[str, int]:  # asked once the entries have their keys
        counts = Counter(entry.match_key for entry in entries)
        return {
            entry.match_key: entry.pk
            for entry in entries
            if counts[entry.match_key] == 1 and entry.match_key not in run.known.keyed
        }

    return lambda key: batch().get(key) or run.known.entry_named(key)


def new_entry(run, item) -> Entry:
    """The unsaved entry of a file, with a slug the run reserved for it (a homonym's with
    its year, "longman-charles-1839")."""
    document = item.document
    dates = document.dates
    year = dates.start_year if dates.start_year is not None else dates.end_year
    entry = Entry(
        headword=document.headword,
        slug=run.known.unused_slug(document.headword, year),
        entry_type=guess_entry_type(document),
        dates=document.dates.printed,
        body=run.known.linked_body(item),
        source_file=item.name,
        source_digest=item.digest,
    )
    entry.fill_derived_fields()  # its match key, which its printed names are checked against
    return entry


def printed_aliases(document, entry: Entry) -> list[Alias]:
    """The other names printed in the headword ("known as A. Lind"), as unsaved aliases:
    each once, none that is the headword itself."""
    named = {}
    for name in document.aliases:
        alias = Alias(name=name, kind=AliasKind.PSEUDONYM)
        alias.fill_derived_fields()
        if alias.match_key != entry.match_key:
            named.setdefault(alias.match_key, alias)
    return list(named.values())


def imported_citations(document, works) -> list[Citation]:
    """The unsaved citations of a new entry: its source, then the works by its subject
    (unconfirmed: a machine found them)."""
    rows = []
    if document.source is not None:
        work = works.get_or_create(document.source)
        rows.append(Citation(work=work, role=CitationRole.SOURCE, order=0))
    for order, parsed in enumerate(document.works_by_subject):
        work = works.get_or_create(parsed)
        rows.append(
            Citation(work=work, role=CitationRole.WORK_BY_SUBJECT, order=order, confirmed=False)
        )
    return rows


def add_aliases_in_bulk(run, items: list, entry_ids: list[int]) -> list[tuple[Entry, Revision]]:
    """Add the alias each "See" document gives to entries of this run no two of them share,
    still unpublished: what ``save_entry`` does for each, in a fixed number of queries.
    Returns (entry, revision) per file. Side effects: the Alias rows and their stored
    names, the references waiting for them resolved (``resolve_waiting_references``), the
    entries' lock versions raised, one revision per file of the entry as it now stands
    (``record_revisions``). Only for entries whose workflow rows nobody moved since the run
    made them (drafts at version 1, locked first as ``save_entry`` locks them): an edit
    moves nothing there. StaleWorkflowError otherwise (an editor submitted one meanwhile),
    and the caller, whose transaction holds it all, writes the files one by one through
    ``save_entry``, which withdraws the submission it changes.
    """
    untouched = EntryWorkflow.objects.select_for_update().never_moved()
    untouched = untouched.filter(entry_id__in=entry_ids)
    if len(untouched.values_list("entry_id", flat=True)) != len(set(entry_ids)):
        raise StaleWorkflowError("An entry of the run moved in the workflow since it was made.")
    Entry.objects.filter(pk__in=entry_ids).update(lock_version=F("lock_version") + 1)
    entries = Entry.objects.in_bulk(entry_ids)
    aliases = [
        Alias(entry=entries[pk], name=item.document.headword, kind=AliasKind.REDIRECT)
        for item, pk in zip(items, entry_ids, strict=True)
    ]
    for alias in aliases:
        alias.fill_derived_fields()  # what Alias.save() does, which bulk_create skips
    Alias.objects.bulk_create(aliases)
    ordered = [entries[pk] for pk in entry_ids]
    added = {alias.entry_id: [alias.name] for alias in aliases}  # one each: the pks differ
    sync_entry_names(entries=ordered, aliases=added, replace=False)
    keys = {alias.match_key for alias in aliases} | {entry.match_key for entry in ordered}
    resolve_waiting_references(entries=ordered, keys=keys)
    revisions = record_revisions(
        [
            RevisionRequest(
                objects=[entry],
                comment=import_comment(item.name),
                user=run.user,
                source_file=item.name,
                source_digest=item.digest,
            )
            for item, entry in zip(items, ordered, strict=True)
        ]
    )
    return list(zip(ordered, revisions, strict=True))
