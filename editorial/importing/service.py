"""Importing seed documents as entries: one transaction and one history revision per file.

What one run does, in order:

1. Reads and parses every file (``dictionary.seed_format``). A file that cannot be read is
   reported with its name, line and reason and never touches the database.
2. Loads, in a few queries, only what the run's documents can touch, so that a run costs
   the same in a small dictionary as in one of 100,000 entries: the stored names their
   words could mention (``EntryName`` by lead words, see ``dictionary.names``), the
   entries and aliases their headwords, file names, links and theme list name, the slugs
   their new headwords would take, and the works they cite.
3. Linking pass. A name index holds those natural names and the names of every document in
   this run: the headword as printed ("Serge, Victor"), "Forename Surname" for
   "Surname, Forename" ("Victor Serge"), both halves of "Communist International (Comintern)",
   and aliases ("CPSU", and the headwords of "See" documents). In each body the FIRST mention
   of another entry by one of these names becomes inline markup, e.g. "Grigori Zinoviev" ->
   "[[Zinoviev, Grigori|Grigori Zinoviev]]". Matching is case-sensitive, on whole words, tries
   the longest name first at each word, never inside an existing [[...]], never to the entry
   itself, and skips a name two entries share. A mention of an entry that arrives later in
   the run is kept as an unresolved reference until ``resolve_waiting_references`` finds it.
4. Writes each regular document in its own transaction and revision ("Imported from <file>"),
   publishing it unless ``as_drafts``; then the "See X." documents, each an alias of X.
   For speed, files are committed in groups of COMMIT_EVERY, each file still in its own
   nested transaction (savepoint), and the new entries of a group are inserted in bulk
   (``bulk.py``), one revision per file all the same (its versions built and written at
   once, ``history.py``), and published in bulk (``publish_imported_entries``: the same
   editions, workflow rows and transitions as ``publish_entry``). If a bulk write fails,
   the group is rolled back and written file by file, so that only the faulty file fails.
5. With a theme list (``themes``, see ``dictionary.theme_list.parse_theme_list``), the
   themes it names are created if missing, and each entry the run CREATES is filed under
   the themes listing its headword before it is published, so that its revision and its
   edition hold them (``themes.py``). Existing entries are never changed by the list.

Re-running on unchanged files (same SHA-256) writes nothing. A changed file whose entry was
edited since its last import is a conflict unless ``force`` is given.
"""

import gc
import hashlib
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from dictionary.editions import EditionRequest
from dictionary.markup import extract_references, join_paragraphs
from dictionary.models import Alias, AliasKind, CrossReference, Entry, EntryName
from dictionary.names import NameIndex, leads_in
from dictionary.seed_format import (
    SeedDocument,
    SeedFormatError,
    guess_entry_type,
    parse_seed_document,
)
from dictionary.services import (
    resolve_waiting_references,
    sync_entry_names,
    sync_inline_references,
)
from dictionary.text import fold, free_slug, make_slug
from editorial.services import (
    latest_revision,
    latest_version,
    publish_entry,
    publish_imported_entries,
    start_workflows,
)

from .bulk import add_aliases_in_bulk, create_entries_in_bulk, inline_references
from .history import import_comment
from .report import ImportReport
from .themes import ThemeFiling
from .works import PendingWorks, WorkCache, write_citations

Progress = Callable[[int, int, str, str], None]

COMMIT_EVERY = 100


@dataclass(frozen=True)
class _ReadFile:
    path: str
    name: str
    digest: str
    document: SeedDocument


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
    """Expand files and folders (their ``*.txt``, sorted) into the list of files to import."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(child for child in path.glob("*.txt") if child.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


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
    files = seed_files(paths)
    run = _ImportRun(
        user=user, as_drafts=as_drafts, force=force, report=report, progress=progress, themes=themes
    )
    run.total = len(files)
    with _cyclic_collector_paused():
        read = [item for item in map(run.read, files) if item is not None]
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
        self.names = NameIndex()
        self.published_now: set[int] = set()
        # Entries that a "See" document of this run names: published once their alias is on,
        # so that their first edition already carries it (``deferred``: pk -> their file).
        self.awaited: set[str] = set()
        self.deferred: dict[int, _ReadFile] = {}
        self.completed: dict[int, EditionRequest] = {}  # deferred entries now with aliases
        self.reserved_slugs: list[str] = []
        self.filing = ThemeFiling(themes)

    # Reading

    def read(self, path: Path) -> _ReadFile | None:
        try:
            raw = path.read_bytes()
            document = parse_seed_document(raw, name=str(path))
        except SeedFormatError as error:
            self._finish(str(path), "failed", error=str(error))
            return None
        except OSError as error:
            self._finish(str(path), "failed", error=f"{path}: cannot be read ({error.strerror})")
            return None
        self.report.warnings.extend(document.warnings)
        return _ReadFile(str(path), path.name, hashlib.sha256(raw).hexdigest(), document)

    # Preloading

    def _preload(self, read: list[_ReadFile]) -> None:
        """Load what the run's documents can touch, in a few queries whatever the size of
        the dictionary: the names their words could mention (and so the linked bodies),
        then the entries and aliases their headwords, files, links and theme list name."""
        unlinked = {
            item.path: join_paragraphs(item.document.paragraphs)
            for item in read
            if item.document.see_target is None
        }
        self._index_names(read, unlinked.values())
        self.bodies = {
            item.path: self.names.link(unlinked[item.path], own_key=fold(item.document.headword))
            for item in read
            if item.path in unlinked
        }
        self.by_file, self.by_key, self.digests = {}, {}, {}
        keys = self._keys_in_play(read)
        fields = ("id", "match_key", "source_file", "source_digest")
        rows = set(_rows_where_in(Entry.objects, "match_key", keys, fields))
        rows |= set(_rows_where_in(Entry.objects, "source_file", [i.name for i in read], fields))
        for pk, key, source_file, digest in sorted(rows):  # the oldest entry of a key wins
            self._remember_entry(pk, key, source_file, digest)
        self.alias_keys, self.alias_pairs = {}, set()
        aliases = _rows_where_in(Alias.objects, "match_key", keys, ("entry_id", "match_key"))
        for entry_id, key in sorted(aliases):
            self.alias_keys.setdefault(key, entry_id)
            self.alias_pairs.add((entry_id, key))
        self.slugs = self._taken_slugs(read)
        self.works = WorkCache()

    def _index_names(self, read: list[_ReadFile], bodies) -> None:
        """Index the stored names the run's bodies could mention, then the run's own."""
        leads = set().union(*map(leads_in, bodies))
        # Two queries, not a join: PostgreSQL would hash the whole entry table for the join.
        stored = sorted(_rows_where_in(EntryName.objects, "lead", leads, ("entry_id", "name")))
        ids = {entry_id for entry_id, _name in stored}
        headwords = dict(_rows_where_in(Entry.objects, "id", ids, ("id", "headword")))
        for entry_id, name in stored:
            self.names.add(name, headwords[entry_id])
        headwords = {fold(item.document.headword): item.document.headword for item in read}
        for item in read:
            if item.document.see_target is None:
                self.names.add_entry(item.document.headword)
        for item in read:
            target = item.document.see_target
            key = fold(target) if target else None
            if key and key in headwords:
                self.names.add(item.document.headword, headwords[key])

    def _keys_in_play(self, read: list[_ReadFile]) -> list[str]:
        """Match keys the run looks up: headwords, See targets, link targets, theme list."""
        keys = set(self.filing.by_key)
        for item in read:
            keys.add(fold(item.document.headword))
            if item.document.see_target:
                keys.add(fold(item.document.see_target))
        for body in self.bodies.values():
            keys.update(fold(reference.target) for reference in extract_references(body))
        return sorted(keys)

    def _taken_slugs(self, read: list[_ReadFile]) -> set[str]:
        """The slugs that the run's new entries could collide with: each new headword's
        slug and, where that is taken, its numbered variants ("serge-victor-2")."""
        bases = sorted(
            {
                make_slug(item.document.headword)
                for item in read
                if item.document.see_target is None
                and item.name not in self.by_file
                and fold(item.document.headword) not in self.by_key
            }
        )
        taken = {slug for (slug,) in _rows_where_in(Entry.objects, "slug", bases, ("slug",))}
        for base in sorted(taken):
            numbered = Entry.objects.filter(slug__startswith=f"{base}-")
            taken.update(numbered.values_list("slug", flat=True))
        return taken

    def _remember_entry(self, pk, key, source_file, digest) -> None:
        self.by_key.setdefault(key, pk)
        if source_file:
            self.by_file[source_file] = pk
        self.digests[pk] = digest

    # Writing

    def write_all(self, read: list[_ReadFile]) -> None:
        if not read:
            return
        self._preload(read)
        regular = [item for item in read if item.document.see_target is None]
        self._prepare_themes(regular)
        see_documents = [item for item in read if item.document.see_target]
        self.awaited = {fold(item.document.see_target) for item in see_documents}
        ordered = regular + see_documents
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

    def _add_aliases_in_bulk(self, items: list[_ReadFile]) -> list[_ReadFile]:
        """Write in bulk the See documents that give a new alias to an entry waiting for it
        (at most one each); return the others, for writing one by one."""
        batch, targets, rest = [], [], []
        for item in items:
            entry_id = self._see_target(item)
            new = (entry_id, fold(item.document.headword)) not in self.alias_pairs
            if new and entry_id in self.deferred and entry_id not in targets:
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

    def _aliased(self, item: _ReadFile, entry: Entry, revision) -> None:
        """Remember the alias the file gave; an entry that waited for it is now complete."""
        key = fold(item.document.headword)
        self.alias_pairs.add((entry.pk, key))
        self.alias_keys.setdefault(key, entry.pk)
        if entry.pk in self.deferred:
            # Published with the other entries the group's See documents completed.
            self.completed[entry.pk] = EditionRequest(
                entry=entry, revision=revision, change_summary=_summary(self.deferred[entry.pk])
            )

    def _publish_completed(self) -> None:
        """Publish in bulk the entries that waited for their aliases and now have them, each
        at the revision of its last See document; one by one if the bulk write fails."""
        requests, self.completed = list(self.completed.values()), {}
        if not requests:
            return
        try:
            with transaction.atomic():
                publish_imported_entries(items=requests, user=self.user)
        except (DatabaseError, ValidationError):
            for request in requests:
                self._publish_alone(request)
            return
        for request in requests:
            self.deferred.pop(request.entry.pk)
            self.published_now.add(request.entry.pk)

    def _publish_alone(self, request: EditionRequest) -> None:
        try:
            with transaction.atomic():
                self._publish(request.entry, self.deferred[request.entry.pk], now=True)
        except (DatabaseError, ValidationError) as error:
            self.report.errors.append(
                f"{self.deferred[request.entry.pk].path}: imported with its aliases, but it "
                f"could not be published ({_failure_text('', error).removeprefix(': ')})"
            )

    def _publish_still_deferred(self) -> None:
        """Publish the entries whose "See" document failed: they waited for nothing."""
        for pk, item in list(self.deferred.items()):
            with transaction.atomic():
                self._publish(Entry.objects.get(pk=pk), item, now=True)

    def _prepare_themes(self, regular: list[_ReadFile]) -> None:
        """Create the listed themes, and report what the list names that no entry answers
        (checked against the entries as they were before the run writes anything)."""
        self.filing.prepare(user=self.user)
        run_keys = {fold(item.document.headword) for item in regular}
        self.filing.check(run_keys=run_keys, existing=self.by_key, report=self.report)

    def _split_new(self, chunk: list[_ReadFile]) -> tuple[list[_ReadFile], list[_ReadFile]]:
        """Files that match no entry (nor each other) can be inserted in bulk."""
        fresh, others, keys = [], [], set()
        for item in chunk:
            key = fold(item.document.headword)
            matched = item.name in self.by_file or key in self.by_key or key in keys
            keys.add(key)
            is_new = item.document.see_target is None and not matched
            (fresh if is_new else others).append(item)
        return fresh, others

    def _write_new_in_bulk(self, items: list[_ReadFile]) -> None:
        if not items:
            return
        works, mark = PendingWorks(self.works), len(self.reserved_slugs)
        try:
            with transaction.atomic():
                created = create_entries_in_bulk(self, items, works)
                self._publish_in_bulk(items, created)
        except (DatabaseError, ValidationError):
            self._release_slugs(mark)
            for item in items:  # one by one, so that only the faulty file fails
                self._write_one(item)
            return
        works.keep()
        for item, (entry, _revision, cited) in zip(items, created, strict=True):
            if self._awaits_alias(entry):
                self.deferred[entry.pk] = item
            elif not self.as_drafts:
                self.published_now.add(entry.pk)
            self.report.citations_extracted += cited
            self.report.filed_under_themes += bool(self.filing.theme_ids(entry.headword))
            self._remember_entry(entry.pk, entry.match_key, item.name, item.digest)
            self._finish(item.path, "created")

    def _publish_in_bulk(self, items: list[_ReadFile], created: list) -> None:
        if self.as_drafts:
            return
        requests = [
            EditionRequest(entry=entry, revision=revision, change_summary=_summary(item))
            for item, (entry, revision, _cited) in zip(items, created, strict=True)
            if not self._awaits_alias(entry)
        ]
        publish_imported_entries(items=requests, user=self.user)

    def _write_one(self, item: _ReadFile) -> None:
        mark = len(self.reserved_slugs)
        try:
            outcome = self._write(item)
        except (_ImportFailure, DatabaseError, ValidationError) as error:
            self._release_slugs(mark)
            self._finish(item.path, "failed", error=_failure_text(item.path, error))
        else:
            self._finish(item.path, outcome)

    def _write(self, item: _ReadFile) -> str:
        if item.document.see_target is not None:
            return self._write_alias(item)
        entry_id = self.by_file.get(item.name) or self.by_key.get(fold(item.document.headword))
        if entry_id is not None and self.digests.get(entry_id) == item.digest:
            return "unchanged"
        entry = Entry.objects.get(pk=entry_id) if entry_id else None
        if entry is not None and not self.force and _edited_since_import(entry, item.name):
            return self._conflict(item, entry)
        return self._write_entry(item, entry)

    def _conflict(self, item: _ReadFile, entry: Entry) -> str:
        self.report.conflict_notes.append(
            f"{item.path}: conflict: the entry “{entry.headword}” was changed since this file "
            "was last imported; its changes are kept (use --force to apply the file as a "
            "new revision)"
        )
        return "conflict"

    def _write_entry(self, item: _ReadFile, entry: Entry | None) -> str:
        created = entry is None
        if created:
            entry = Entry(entry_type=guess_entry_type(item.document))
            entry.slug = self.unused_slug(item.document.headword)
        works = PendingWorks(self.works)
        with transaction.atomic():
            with reversion.create_revision(atomic=False):
                reversion.set_user(self.user)
                reversion.set_comment(import_comment(item.name))
                self._fill_entry(entry, item)
                if created:
                    start_workflows(entries=[entry])
                    self._file_under_themes(entry)
                self.report.citations_extracted += write_citations(
                    entry, item.document, works, created=created
                )
                if created:
                    self._create_inline_references(entry)
                else:
                    sync_inline_references(entry)
                resolve_waiting_references(entry)
                sync_entry_names(entry)
            self._publish(entry, item)
        works.keep()
        self._remember_entry(entry.pk, entry.match_key, item.name, item.digest)
        if created:
            self.report.filed_under_themes += bool(self.filing.theme_ids(entry.headword))
        return "created" if created else "updated"

    def _file_under_themes(self, entry: Entry) -> None:
        theme_ids = self.filing.theme_ids(entry.headword)
        if theme_ids:
            # m2m_changed makes reversion record the entry again, now with its themes.
            entry.themes.add(*theme_ids)

    def _fill_entry(self, entry: Entry, item: _ReadFile) -> None:
        document = item.document
        entry.headword = document.headword
        entry.dates = document.dates.printed
        entry.body = self.linked_body(item)
        entry.source_file, entry.source_digest = item.name, item.digest
        entry.save()

    def _create_inline_references(self, entry: Entry) -> None:
        rows = inline_references(self, entry, {})
        if not connection.features.can_return_rows_from_bulk_insert:
            for row in rows:
                row.save()
            return
        CrossReference.objects.bulk_create(rows)
        for row in rows:
            reversion.add_to_revision(row)  # bulk_create sends no post_save for reversion

    def linked_body(self, item: _ReadFile) -> str:
        """The file's body with its first mentions of other entries linked (``_preload``)."""
        return self.bodies[item.path]

    def _awaits_alias(self, entry: Entry) -> bool:
        """Whether a "See" document of this run names the entry, so that it is published
        once the alias is on (never, as a draft import)."""
        return not self.as_drafts and entry.match_key in self.awaited

    def _publish(self, entry: Entry, item: _ReadFile, *, now: bool = False) -> None:
        if self.as_drafts:
            return
        if not now and self._awaits_alias(entry):
            self.deferred[entry.pk] = item
            return
        self.deferred.pop(entry.pk, None)
        publish_entry(
            entry=entry,
            user=self.user,
            summary=_summary(item),
            without_review=True,
        )
        self.published_now.add(entry.pk)

    def _see_target(self, item: _ReadFile) -> int | None:
        """The entry a See document makes its headword an alias of, if there is one."""
        target_key = fold(item.document.see_target)
        return self.by_key.get(target_key) or self.alias_keys.get(target_key)

    def _write_alias(self, item: _ReadFile) -> str:
        document = item.document
        entry_id = self._see_target(item)
        if entry_id is None:
            raise _ImportFailure(
                f"{item.path}, line 2: “{document.see_target}” is not an entry, "
                "so this See document cannot become its alias"
            )
        if (entry_id, fold(document.headword)) in self.alias_pairs:
            return "unchanged"
        with transaction.atomic():
            entry = Entry.objects.get(pk=entry_id)
            with reversion.create_revision(atomic=False):
                reversion.set_user(self.user)
                reversion.set_comment(import_comment(item.name))
                Alias.objects.create(entry=entry, name=document.headword, kind=AliasKind.REDIRECT)
                resolve_waiting_references(entry)
                sync_entry_names(entry)
                reversion.add_to_revision(entry)
            if entry.pk in self.published_now:
                self._publish(entry, item)
        self._aliased(item, entry, latest_revision(entry) if entry.pk in self.deferred else None)
        return "alias"

    def unused_slug(self, headword: str) -> str:
        slug = free_slug(headword, self.slugs)
        self.slugs.add(slug)
        self.reserved_slugs.append(slug)
        return slug

    def _release_slugs(self, mark: int) -> None:
        """Forget the slugs taken by writes that were rolled back."""
        self.slugs.difference_update(self.reserved_slugs[mark:])
        del self.reserved_slugs[mark:]

    def _finish(self, path: str, outcome: str, *, error: str | None = None) -> None:
        report = self.report
        report.outcomes[path] = outcome
        counter = {"alias": "aliases", "conflict": "conflicts"}.get(outcome, outcome)
        setattr(report, counter, getattr(report, counter) + 1)
        if error:
            report.errors.append(error)
        if self.progress is not None:
            self.progress(report.documents, self.total, path, outcome)


def _rows_where_in(queryset, field: str, values, fields: tuple[str, ...]):
    """``fields`` of the rows whose ``field`` is one of ``values``, asked a slice of values at
    a time: a database caps the parameters of one statement (SQLite at 32,766)."""
    values = sorted(set(values))
    for start in range(0, len(values), _VALUES_PER_QUERY):
        chunk = values[start : start + _VALUES_PER_QUERY]
        yield from queryset.filter(**{f"{field}__in": chunk}).values_list(*fields)


_VALUES_PER_QUERY = 5000


def _summary(item: _ReadFile) -> str:
    """The comment of a file's revision and the change summary of its edition."""
    return import_comment(item.name)


def _failure_text(path: str, error: Exception) -> str:
    if isinstance(error, _ImportFailure):
        return str(error)
    if isinstance(error, ValidationError):
        return f"{path}: {'; '.join(error.messages)}"
    return f"{path}: the database refused it ({error})"


def _edited_since_import(entry: Entry, name: str) -> bool:
    """Whether someone changed the entry since this file's last import (or never imported it):
    its latest revision is not that import, or it differs from it (a save outside history)."""
    latest = latest_version(entry)
    if latest is None or latest.revision.comment != import_comment(name):
        return True
    recorded = latest.field_dict
    return any(recorded.get(field) != getattr(entry, field) for field in _IMPORTED_FIELDS)


_IMPORTED_FIELDS = ("headword", "dates", "body", "entry_type")
