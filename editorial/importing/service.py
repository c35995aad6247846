"""Importing seed documents as entries: one transaction and one history revision per file.

What one run does, in order:

1. Finds the files (``files``: folders recursively; each file identified by its path from
   the folder named) and reads and parses each (``dictionary.seed_format``). A file that
   cannot be read, is no regular file, shares its identity with another, or holds a field
   too long for its column (``lengths``) is reported with its name, line and reason and
   never touches the database.
2. Loads, in a few queries, only what the run's documents can touch, so that a run costs
   the same in a small dictionary as in one of 100,000 entries: the stored names their
   words could mention (``EntryName`` by lead words, see ``dictionary.names``), the
   entries and aliases their headwords, file names, links and theme list name, the slugs
   their new headwords would take, and the works they cite (``known.RunIndex``).
3. Linking pass. A name index holds those natural names and the names of every document in
   this run: the headword as printed ("Serge, Victor"), "Forename Surname" for
   "Surname, Forename" ("Victor Serge"), both halves of "Communist International (Comintern)",
   and aliases ("CPSU", and the headwords of "See" documents). In each body the FIRST mention
   of another entry by one of these names becomes inline markup, e.g. "Grigori Zinoviev" ->
   "[[Zinoviev, Grigori|Grigori Zinoviev]]". Matching is case-sensitive, on whole words, tries
   the longest name first at each word, never inside an existing [[...]], never to the entry
   itself, and skips a name two entries share. A mention of an entry that arrives later in
   the run is kept as an unresolved reference until ``resolve_waiting_references`` finds it.
4. Plans (``planning.plan_import``, a pure function of the files and of what step 2
   found): each file's action (create, update, alias, unchanged, conflict) and its
   publication (now, after its alias, draft).
5. Carries the plan out: each regular document in its own transaction and revision
   ("Imported from <file>", its EntryRevision naming the file and digest), then the
   "See X." documents, each an alias of X. New entries are made by ``create_entries``,
   changed ones saved by ``save_entry`` (which raises their lock version). For speed,
   files are committed in groups of COMMIT_EVERY, each file still in its own nested
   transaction (savepoint); the new entries of a group are one ``create_entries`` batch
   (one revision per file all the same) and are published in bulk
   (``publish_imported_entries``: the same editions, workflow rows and transitions as
   ``publish_entry``). If a bulk write fails, the group is rolled back and written file
   by file, so that only the faulty file fails.
6. With a theme list (``themes``, see ``dictionary.theme_list.parse_theme_list``), the
   themes it names are created if missing, and each entry the run CREATES is filed under
   the themes listing its headword before it is published, so that its revision and its
   edition hold them (``themes.py``). Existing entries are never changed by the list.

Re-running on unchanged files (same SHA-256) writes nothing. A changed file whose entry was
edited or withdrawn since its last import is a conflict unless ``force`` is given.
"""

import gc
import hashlib
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from dictionary.editions import EditionRequest
from dictionary.models import Alias, AliasKind, Edition, Entry
from dictionary.seed_format import (
    SeedFormatError,
    parse_seed_document,
)
from dictionary.text import fold
from editorial.services import (
    NewEntry,
    create_entries,
    publish_entry,
    publish_imported_entries,
    save_entry,
)

from .bulk import (
    add_aliases_in_bulk,
    create_entries_in_bulk,
    import_comment,
    imported_citations,
    new_entry,
    printed_aliases,
    public_summary,
)
from .credits import PendingContributors, credit_rows, source_authors, write_credits
from .files import SeedFile, find_seed_files
from .known import ReadFile, RunIndex
from .lengths import refuse_overlong_fields
from .planning import AFTER_ALIAS, ALIAS, CONFLICT, CREATE, DRAFT, NOW, UNCHANGED, Step, plan_import
from .report import ImportReport
from .themes import ThemeFiling
from .works import PendingWorks, write_citations

Progress = Callable[[int, int, str, str], None]

COMMIT_EVERY = 100


class _ImportFailure(Exception):
    """A file that parsed but cannot be written; the message names the file."""


@contextmanager
def _cyclic_collector_paused():
    """A run makes tens of thousands of short-lived model instances, which reference
    counting frees; the cyclic garbage collector, started by allocation counts, still spent
    ~13% of a run walking them (measured on 1,000 documents). Paused for the run only;
    ``write_all`` collects the young generation once per group instead."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def seed_files(paths: Iterable[str | Path]) -> list[Path]:
    """The regular files a run of ``paths`` imports (folders read recursively, see
    ``files.find_seed_files``); the files it refuses are left out."""
    return [seed.path for seed in find_seed_files(paths).files]


def import_seed_documents(
    *,
    paths: Iterable[str | Path],
    user=None,
    dry_run: bool = False,
    as_drafts: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    themes: dict[str, list[str]] | None = None,
) -> ImportReport:
    """Import seed documents (files or folders) as entries and return what happened.

    Side effects: per file, one transaction and one reversion revision commented
    "Imported from <file name>" writing the Entry, its Works and Citations (source and
    unconfirmed works by the subject), inline CrossReferences, and resolving references
    that waited for it; an Edition unless ``as_drafts``. "See X." files add an Alias to X.
    With ``themes`` (theme name -> headwords), the missing Themes are created in one
    revision, and each entry this run creates is linked to the themes listing it, inside
    its own revision. Headwords matching no entry are warnings; existing entries the list
    files differently are notes.
    ``dry_run`` does all of it inside a transaction that is rolled back.
    """
    started = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    found = find_seed_files(paths)
    run = _ImportRun(
        user=user, as_drafts=as_drafts, force=force, report=report, progress=progress, themes=themes
    )
    run.total = len(found.files) + len(found.refused)
    for path, reason in found.refused.items():
        run.refuse(path, reason)
    with _cyclic_collector_paused():
        read = [item for item in map(run.read, found.files) if item is not None]
        if dry_run:
            with transaction.atomic():
                run.write_all(read)
                transaction.set_rollback(True)
        else:
            run.write_all(read)
    report.seconds = time.perf_counter() - started
    return report


class _ImportRun:
    """The state of one import: options, the report, and what it preloaded."""

    def __init__(
        self, *, user, as_drafts: bool, force: bool, report: ImportReport, progress, themes=None
    ):
        self.user, self.as_drafts, self.force = user, as_drafts, force
        self.report, self.progress, self.total = report, progress, 0
        self.known = RunIndex()
        self.published_now: set[int] = set()
        self.steps: dict[str, Step] = {}  # the plan, by file path
        self.created: dict[str, int] = {}  # entries the run created, by their file's path
        # Entries waiting to be published until their alias is on, so that their first
        # edition already carries it (``AFTER_ALIAS``): pk -> their file.
        self.deferred: dict[int, ReadFile] = {}
        self.completed: dict[int, EditionRequest] = {}  # deferred entries now with aliases
        self.filing = ThemeFiling(themes)

    # Reading

    def refuse(self, path: str, reason: str) -> None:
        """Report a file the run cannot import (``files.find_seed_files`` says why)."""
        self._finish(path, "failed", error=reason)

    def read(self, seed: SeedFile) -> ReadFile | None:
        path = seed.path
        try:
            raw = path.read_bytes()
            document = parse_seed_document(raw, name=str(path))
            refuse_overlong_fields(document, name=str(path))
        except SeedFormatError as error:
            self._finish(str(path), "failed", error=str(error))
            return None
        except OSError as error:
            self._finish(str(path), "failed", error=f"{path}: cannot be read ({error.strerror})")
            return None
        self.report.warnings.extend(document.warnings)
        return ReadFile(str(path), seed.identity, hashlib.sha256(raw).hexdigest(), document)

    # Writing

    def write_all(self, read: list[ReadFile]) -> None:
        if not read:
            return
        self.known.load(read, theme_keys=self.filing.by_key)
        self.report.warnings.extend(self.known.warnings)
        self.report.works_to_confirm.extend(self.known.works_to_confirm)
        regular = [item for item in read if item.document.see_target is None]
        self._prepare_themes(regular)
        plan = plan_import(
            read, known=self.known.planned(), as_drafts=self.as_drafts, force=self.force
        )
        self.steps = {step.item.path: step for step in plan}
        ordered = [step.item for step in plan]
        # Each file is its own (nested) transaction; committing every COMMIT_EVERY files
        # spares the disk a flush per file, which would otherwise cap a run at ~70 files/s.
        for start in range(0, len(ordered), COMMIT_EVERY):
            with transaction.atomic():
                fresh, others = self._split_new(ordered[start : start + COMMIT_EVERY])
                self._write_new_in_bulk(fresh)
                for item in others:
                    if item.document.see_target is None:
                        self._write_one(item)
                see_documents = [item for item in others if item.document.see_target]
                for item in self._add_aliases_in_bulk(see_documents):
                    self._write_one(item)
                self._publish_completed()
            # The collector is paused for the run (``_cyclic_collector_paused``): free the
            # group's reference cycles here, once, so that memory stays flat on long runs.
            gc.collect(0)
        self._publish_still_deferred()

    def _add_aliases_in_bulk(self, items: list[ReadFile]) -> list[ReadFile]:
        """Write in bulk the See documents that give a new alias to an entry waiting for it
        (at most one each); return the others, for writing one by one."""
        batch, targets, rest = [], [], []
        for item in items:
            step = self.steps[item.path]
            entry_id = self._entry_id(step)
            if step.action == ALIAS and entry_id in self.deferred and entry_id not in targets:
                batch.append(item)
                targets.append(entry_id)
            else:
                rest.append(item)
        if not batch:
            return rest
        try:
            with transaction.atomic():
                added = add_aliases_in_bulk(self, batch, targets)
        except (DatabaseError, ValidationError):
            return items
        for item, (entry, revision) in zip(batch, added, strict=True):
            self._aliased(item, entry, revision)
            self._finish(item.path, "alias")
        return rest

    def _aliased(self, item: ReadFile, entry: Entry, revision) -> None:
        """Remember the alias the file gave; an entry that waited for it is now complete."""
        self.known.remember_alias(entry.pk, fold(item.document.headword))
        if entry.pk in self.deferred:
            # Published with the other entries the group's See documents completed.
            self.completed[entry.pk] = EditionRequest(
                entry=entry,
                revision=revision,
                change_summary=public_summary(first=True),  # new entries waited for it
            )

    def _publish_completed(self) -> None:
        """Publish the entries that waited for their aliases and now have them, each at the
        revision of its last See document: in bulk those never published, one by one the
        others (an entry the run updated) and all of them if the bulk write fails."""
        requests, self.completed = list(self.completed.values()), {}
        if not requests:
            return
        ids = [request.entry.pk for request in requests]
        editions = Edition.objects.filter(entry_id__in=ids)
        published = set(editions.values_list("entry_id", flat=True))
        first = [request for request in requests if request.entry.pk not in published]
        again = [request for request in requests if request.entry.pk in published]
        try:
            with transaction.atomic():
                publish_imported_entries(items=first, user=self.user)
        except (DatabaseError, ValidationError):
            again += first
        else:
            for request in first:
                self.deferred.pop(request.entry.pk)
                self.published_now.add(request.entry.pk)
        for request in again:
            self._publish_alone(request.entry)

    def _publish_alone(self, entry: Entry) -> None:
        """Publish one waiting entry in its own transaction; a refusal is reported against
        the entry's file, which stays imported as a draft."""
        item = self.deferred[entry.pk]
        try:
            with transaction.atomic():
                self._publish(entry, item, now=True)
        except (DatabaseError, ValidationError) as error:
            self.deferred.pop(entry.pk, None)
            self.report.unpublished += 1
            self.report.errors.append(
                f"{item.path}: imported, but it could not be published: "
                f"{_failure_text('', error).removeprefix(': ')}"
            )

    def _publish_still_deferred(self) -> None:
        """Publish the entries whose "See" document failed: they waited for nothing."""
        entries = Entry.objects.in_bulk(list(self.deferred))  # one query, not one an entry
        for pk in list(self.deferred):
            self._publish_alone(entries[pk])

    def _prepare_themes(self, regular: list[ReadFile]) -> None:
        """Create the listed themes, and report what the list names that no entry answers
        (checked against the entries as they were before the run writes anything)."""
        self.filing.prepare(user=self.user)
        run_keys = {fold(item.document.headword) for item in regular}
        self.filing.check(run_keys=run_keys, existing=self.known.by_key, report=self.report)

    def _split_new(self, chunk: list[ReadFile]) -> tuple[list[ReadFile], list[ReadFile]]:
        """The files the plan creates entries for, inserted in bulk, and the others."""
        fresh = [item for item in chunk if self.steps[item.path].action == CREATE]
        return fresh, [item for item in chunk if self.steps[item.path].action != CREATE]

    def _write_new_in_bulk(self, items: list[ReadFile]) -> None:
        if not items:
            return
        works, mark = PendingWorks(self.known.works), len(self.known.reserved_slugs)
        contributors = PendingContributors(self.known.contributors)
        try:
            with transaction.atomic():
                created = create_entries_in_bulk(self, items, works, contributors)
                self._publish_in_bulk(items, created)
        except (DatabaseError, ValidationError):
            self.known.release_slugs(mark)
            for item in items:  # one by one, so that only the faulty file fails
                self._write_one(item)
            return
        works.keep()
        contributors.keep()
        for item, (entry, _revision, cited) in zip(items, created, strict=True):
            self.created[item.path] = entry.pk
            publication = self.steps[item.path].publication
            if publication == AFTER_ALIAS:
                self.deferred[entry.pk] = item
            elif publication == NOW:
                self.published_now.add(entry.pk)
            self.report.citations_extracted += cited
            self.report.filed_under_themes += bool(self.filing.theme_ids(entry.headword))
            self.known.remember_entry(
                entry.pk, entry.match_key, item.name, item.digest, entry.dates
            )
            self._finish(item.path, "created")

    def _publish_in_bulk(self, items: list[ReadFile], created: list) -> None:
        """Publish the new entries that wait for no alias; the others stay drafts for now.
        Their draft workflow rows came with them (``create_entries``); the published ones
        move with their editions."""
        requests, drafts = [], []
        for item, (entry, revision, _cited) in zip(items, created, strict=True):
            if self.steps[item.path].publication != NOW:
                drafts.append(entry)
            else:
                summary = public_summary(first=True)
                requests.append(
                    EditionRequest(entry=entry, revision=revision, change_summary=summary)
                )
        if requests:
            publish_imported_entries(items=requests, user=self.user)

    def _write_one(self, item: ReadFile) -> None:
        mark = len(self.known.reserved_slugs)
        try:
            outcome = self._write(item)
        except (_ImportFailure, DatabaseError, ValidationError) as error:
            self.known.release_slugs(mark)
            self._finish(item.path, "failed", error=_failure_text(item.path, error))
        else:
            self._finish(item.path, outcome)

    def _write(self, item: ReadFile) -> str:
        """Carry out the file's step of the plan."""
        step = self.steps[item.path]
        entry_id = self._entry_id(step)
        if step.action == ALIAS:
            return self._write_alias(item, entry_id)
        if entry_id is None:  # to create, or its creating file of this run failed
            return self._write_entry(item, None)
        if step.action == UNCHANGED:
            return "unchanged"
        entry = Entry.objects.get(pk=entry_id)
        if step.action == CONFLICT:
            return self._conflict(item, entry)
        return self._write_entry(item, entry)

    def _entry_id(self, step: Step) -> int | None:
        """The entry a step acts on: an existing one, or the one a file of the run created."""
        return self.created.get(step.entry) if isinstance(step.entry, str) else step.entry

    def _conflict(self, item: ReadFile, entry: Entry) -> str:
        if entry.pk in self.known.withdrawn:
            what, kept = "was withdrawn from publication", "it stays withdrawn"
        else:
            what, kept = "was changed since this file was last imported", "its changes are kept"
        self.report.conflict_notes.append(
            f"{item.path}: conflict: the entry “{entry.headword}” {what}; {kept} (use --force "
            "to apply the file as a new revision)"
        )
        return "conflict"

    def _write_entry(self, item: ReadFile, entry: Entry | None) -> str:
        works, created = PendingWorks(self.known.works), entry is None
        contributors = PendingContributors(self.known.contributors)
        with transaction.atomic():
            if created:
                entry = self._create_entry(item, works, contributors)
            else:
                self._update_entry(entry, item, works, contributors)
            self._publish(entry, item)
        works.keep()
        contributors.keep()
        self.created.setdefault(item.path, entry.pk)
        self.known.remember_entry(entry.pk, entry.match_key, item.name, item.digest, entry.dates)
        return "created" if created else "updated"

    def _create_entry(self, item: ReadFile, works: PendingWorks, contributors) -> Entry:
        """A new entry through ``create_entries``, a batch of one."""
        citations = imported_citations(item.document, works)
        entry = new_entry(self, item)
        contributors.create_missing(source_authors(item.document))
        create_entries(
            entries=[
                NewEntry(
                    entry=entry,
                    comment=import_comment(item.name),
                    aliases=printed_aliases(item.document, entry),
                    credits=credit_rows(entry, item.document, contributors),
                    citations=citations,
                    theme_ids=self.filing.theme_ids(item.document.headword),
                    source_file=item.name,
                    source_digest=item.digest,
                )
            ],
            user=self.user,
        )
        self.report.citations_extracted += len(citations)
        self.report.filed_under_themes += bool(self.filing.theme_ids(entry.headword))
        return entry

    def _update_entry(self, entry: Entry, item: ReadFile, works: PendingWorks, contributors):
        """The file's new text saved over the entry through ``save_entry``: the entry's lock
        version is raised, so an editor who opened it before the import cannot save over it."""
        document = item.document
        renamed_from = (
            entry.headword if entry.pk and entry.match_key != fold(document.headword) else None
        )

        def write_rows(entry):
            self.report.citations_extracted += write_citations(
                entry, document, works, created=False
            )
            write_credits(entry, document, contributors)
            # The old headword stays a name of the entry, so that every link to it holds.
            names = [(name, AliasKind.PSEUDONYM) for name in document.aliases]
            renamed = [(renamed_from, AliasKind.VARIANT)] if renamed_from else []
            _add_aliases(entry, names + renamed)

        entry.headword = document.headword
        entry.dates = document.dates.printed
        entry.body = self.known.linked_body(item)
        entry.source_file, entry.source_digest = item.name, item.digest
        save_entry(
            entry=entry,
            user=self.user,
            comment=import_comment(item.name),
            loaded_version=entry.lock_version,
            changes=write_rows,
            source_file=item.name,
            source_digest=item.digest,
        )

    def _publish(self, entry: Entry, item: ReadFile, *, now: bool = False) -> None:
        """Publish as the file's step of the plan says (``now``: whatever it says)."""
        publication = self.steps[item.path].publication
        if publication == DRAFT and not now:
            return
        if publication == AFTER_ALIAS and not now:
            self.deferred[entry.pk] = item
            return
        self.deferred.pop(entry.pk, None)
        first = not Edition.objects.filter(entry=entry).exists()
        publish_entry(
            entry=entry, user=self.user, summary=public_summary(first=first), without_review=True
        )
        self.published_now.add(entry.pk)

    def _write_alias(self, item: ReadFile, entry_id: int | None) -> str:
        document = item.document
        if entry_id is None:
            reason = "is not an entry"
            if self.known.is_ambiguous(fold(document.see_target)):
                reason = "is the headword of more than one entry"
            closest = self.known.closest_headwords(document.see_target)
            hint = f"; closest headwords: {'; '.join(closest)}" if closest else ""
            raise _ImportFailure(
                f"{item.path}, line 2: “{document.see_target}” {reason}, "
                f"so this See document cannot become its alias{hint}"
            )
        with transaction.atomic():
            entry = Entry.objects.get(pk=entry_id)
            revision = save_entry(
                entry=entry,
                user=self.user,
                comment=import_comment(item.name),
                loaded_version=entry.lock_version,
                changes=lambda entry: Alias.objects.create(
                    entry=entry, name=document.headword, kind=AliasKind.REDIRECT
                ),
                source_file=item.name,
                source_digest=item.digest,
            )
            if entry.pk in self.published_now:
                self._publish(entry, item)
        self._aliased(item, entry, revision if entry.pk in self.deferred else None)
        return "alias"

    def _finish(self, path: str, outcome: str, *, error: str | None = None) -> None:
        report = self.report
        report.outcomes[path] = outcome
        counter = {"alias": "aliases", "conflict": "conflicts"}.get(outcome, outcome)
        setattr(report, counter, getattr(report, counter) + 1)
        if error:
            report.errors.append(error)
        if self.progress is not None:
            self.progress(report.documents, self.total, path, outcome)


def _add_aliases(entry: Entry, names: list[tuple[str, str]]) -> None:
    """Give the entry the names (with their alias kinds) it lacks: those its headword
    printed ("known as A. Lind") and the headword it had before the file changed it."""
    if not names:
        return
    have = set(entry.aliases.values_list("match_key", flat=True)) | {entry.match_key}
    for name, kind in names:
        if fold(name) not in have:
            Alias.objects.create(entry=entry, name=name, kind=kind)
            have.add(fold(name))


def _failure_text(path: str, error: Exception) -> str:
    if isinstance(error, _ImportFailure):
        return str(error)
    if isinstance(error, ValidationError):
        return f"{path}: {'; '.join(error.messages)}"
    return f"{path}: the database refused it ({error})"
