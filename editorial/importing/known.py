"""What an import run knows of the database before it writes, and learns as it writes."""

import difflib
from collections import Counter

from django.db.models import Max
from reversion.models import Version

from dictionary.markup import extract_references, italicise_titles, join_paragraphs
from dictionary.models import Alias, Edition, Entry, EntryName
from dictionary.names import NameIndex, leads_in, stored_names
from dictionary.text import fold, free_slug, make_slug

from ..models import EntryRevision, EntryWorkflow, State
from .credits import ContributorCache, source_authors
from .planning import Known, ReadFile, earlier_names
from .works import WorkCache, cited_works, work_key


class RunIndex:
    """The rows a run's documents can touch, loaded in a few queries whatever the size of
    the dictionary (``load``), and kept up to date as the run writes: entries by source file
    and headword key with their digests, aliases, taken slugs, the stored names their
    words could mention and the bodies linked with them, the works they cite and the
    contributors their sources name."""

    def __init__(self):
        self.names = NameIndex()
        self.bodies: dict[str, str] = {}  # path -> body with its first mentions linked
        self.by_file: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        # Every entry with a headword key, with its printed dates: homonyms share a key.
        self.keyed: dict[str, dict[int, str]] = {}
        self.homonyms: Counter = Counter()  # headword key -> how many dates it is printed with
        self.warnings: list[str] = []  # links left out, for the import report
        self.works_to_confirm: list[str] = []
        self.digests: dict[int, str] = {}
        self.last_import: dict[int, str] = {}
        self.alias_keys: dict[str, int] = {}
        self.alias_pairs: set[tuple[int, str]] = set()
        self.withdrawn: set[int] = set()  # entries an editor-in-chief withdrew
        self.earlier: dict[str, str] = {}  # identity -> base name it had (``earlier_names``)
        self.slugs: set[str] = set()
        self.reserved_slugs: list[str] = []  # taken by this run, in order (``release_slugs``)
        self.works = WorkCache()
        self.contributors = ContributorCache()

    def load(self, read: list[ReadFile], *, theme_keys) -> None:
        """Read the names the documents' words could mention (and link the bodies with
        them), then the entries and aliases their headwords, files, links and the theme
        list name, the slugs their new headwords would take, and the works they cite."""
        unlinked = {
            item.path: join_paragraphs(item.document.paragraphs)
            for item in read
            if item.document.see_target is None
        }
        self._index_names(read, unlinked.values())
        for item in read:
            if item.path in unlinked:
                unlinked[item.path] = self._mark_works(item, unlinked[item.path])
        self.bodies = {}
        for item in read:
            if item.path in unlinked:
                own_key = fold(item.document.headword)
                self.bodies[item.path] = self.names.link(unlinked[item.path], own_key=own_key)
                self._report_skipped_links(item)
        keys = self._keys_in_play(read, theme_keys)
        fields = ("id", "match_key", "source_file", "source_digest", "dates")
        rows = set(_rows_where_in(Entry.objects, "match_key", keys, fields))
        self.earlier = earlier_names(read)
        files = [item.name for item in read] + list(self.earlier.values())
        rows |= set(_rows_where_in(Entry.objects, "source_file", files, fields))
        for pk, key, source_file, digest, dates in sorted(rows):  # the oldest of a key first
            self.remember_entry(pk, key, source_file, digest, dates)
        ids = sorted({pk for pk, *_ in rows})
        self.last_import = _last_imports(ids)
        self.withdrawn = _withdrawn(ids)
        aliases = _rows_where_in(Alias.objects, "match_key", keys, ("entry_id", "match_key"))
        for entry_id, key in sorted(aliases):
            self.remember_alias(entry_id, key)
        self.slugs = self._taken_slugs(read)
        self.works.load(work_key(work) for item in read for work in cited_works(item.document))
        self.contributors.load(name for item in read for name in source_authors(item.document))
        self._report_ambiguous_references(read)

    def _report_skipped_links(self, item: ReadFile) -> None:
        for mention in dict.fromkeys(self.names.skipped):
            self.warnings.append(
                f"{item.path}, line 2: not linked: “{mention}” names more than one entry"
            )
        self.names.skipped = []

    def _report_ambiguous_references(self, read: list[ReadFile]) -> None:
        """Warn of the cross-references that name a headword two entries share: they stay
        unresolved, since they cannot say which entry they mean."""
        for key, dates in self._run_dates.items():
            printed = {*dates, *self.keyed.get(key, {}).values()} - {""}
            self.homonyms[key] = len(printed)
        for item in read:
            for reference in extract_references(self.bodies.get(item.path, "")):
                if self.is_ambiguous(fold(reference.target)):
                    self.warnings.append(
                        f"{item.path}, line 2: not linked: “{reference.target}” is the "
                        "headword of more than one entry"
                    )

    def _index_names(self, read: list[ReadFile], bodies) -> None:
        """Index the stored names the run's bodies could mention, then the run's own."""
        self._run_dates: dict[str, tuple[str, ...]] = {}
        self._run_headwords = [i.document.headword for i in read if i.document.see_target is None]
        for item in read:
            if item.document.see_target is None:
                key = fold(item.document.headword)
                self._run_dates[key] = (*self._run_dates.get(key, ()), item.document.dates.printed)
        self._index_stored_names(set().union(*map(leads_in, bodies)))
        headwords = {fold(item.document.headword): item.document.headword for item in read}
        for item in read:
            document = item.document
            if document.see_target is None:
                self.names.add_entry(document.headword, owner=document.dates.printed)
                for alias in document.aliases:
                    self.names.add(alias, document.headword, owner=document.dates.printed)
        for item in read:
            target = item.document.see_target
            key = fold(target) if target else None
            if key and key in headwords:
                owners = self._run_dates.get(key, ("",))
                self.names.add(item.document.headword, headwords[key], owner=owners[0])

    def _index_stored_names(self, leads: set[str]) -> None:
        """Index the stored names with these leads. A published entry is linked only by the
        names and headword its current edition carries: a new alias or headword of its
        draft would otherwise show in an imported body, and in its link."""
        # Two queries, not a join: PostgreSQL would hash the whole entry table for the join.
        stored = sorted(_rows_where_in(EntryName.objects, "lead", leads, ("entry_id", "name")))
        ids = {entry_id for entry_id, _name in stored}
        fields = ("id", "headword", "dates")
        rows = _rows_where_in(Entry.objects, "id", ids, fields)
        drafts = {pk: (headword, dates, None) for pk, headword, dates in rows}
        owners = {**drafts, **_published_names(ids)}
        for entry_id, name in stored:
            if entry_id not in owners:  # deleted between the queries
                continue
            headword, dates, public = owners[entry_id]
            if public is None or name in public:
                self.names.add(name, headword, owner=dates)

    def _mark_works(self, item: ReadFile, body: str) -> str:
        """Drop the works whose title is the name of an entry or alias ("Hitler (1936)",
        "General Strike (1926)"), and set the titles left in italics in the body."""
        works = item.document.works_by_subject
        works[:] = [work for work in works if work.title not in self.names.targets]
        self.works_to_confirm += [
            f"{item.path}, line 2: work to confirm: {work.title} ({work.year})" for work in works
        ]
        return italicise_titles(body, [work.title for work in works])

    def _keys_in_play(self, read: list[ReadFile], theme_keys) -> list[str]:
        """Match keys the run looks up: headwords, See targets, link targets, theme list."""
        keys = set(theme_keys)
        for item in read:
            keys.add(fold(item.document.headword))
            if item.document.see_target:
                keys.add(fold(item.document.see_target))
        for body in self.bodies.values():
            keys.update(fold(reference.target) for reference in extract_references(body))
        return sorted(keys)

    def _taken_slugs(self, read: list[ReadFile]) -> set[str]:
        """The slugs the run's new entries could collide with: each new headword's slug and
        its numbered variants ("serge-victor-2") where the run will need them, that is where
        the slug is taken or two new headwords share it."""
        bases = Counter(
            make_slug(item.document.headword)
            for item in read
            if item.document.see_target is None and self.entry_of(item) is None
        )
        taken = {slug for (slug,) in _rows_where_in(Entry.objects, "slug", bases, ("slug",))}
        for base in sorted(taken | {base for base, count in bases.items() if count > 1}):
            numbered = Entry.objects.filter(slug__startswith=f"{base}-")
            taken.update(numbered.values_list("slug", flat=True))
        return taken

    def planned(self) -> Known:
        """What the plan takes of the database: as the run found it (``load``)."""
        return Known(
            by_file=dict(self.by_file),
            keyed={key: dict(entries) for key, entries in self.keyed.items()},
            homonyms=dict(self.homonyms),
            alias_keys=dict(self.alias_keys),
            digests=dict(self.digests),
            last_import=dict(self.last_import),
            alias_pairs=set(self.alias_pairs),
            withdrawn=set(self.withdrawn),
        )

    def remember_entry(self, pk, key, source_file, digest, dates="") -> None:
        self.by_key.setdefault(key, pk)
        self.keyed.setdefault(key, {})[pk] = dates
        if source_file:
            self.by_file[source_file] = pk
        self.digests[pk] = digest

    def linked_body(self, item: ReadFile) -> str:
        """The file's body with its first mentions of other entries linked (``load``)."""
        return self.bodies[item.path]

    def entry_named(self, key: str) -> int | None:
        """The entry whose headword, or else an alias, has this match key, if known; None
        for a headword two entries share (homonyms), which no reference can tell apart."""
        if self.is_ambiguous(key):
            return None
        return self.by_key.get(key) or self.alias_keys.get(key)

    def closest_headwords(self, name: str, *, most: int = 3) -> list[str]:
        """Headwords spelt like ``name``, for a See document whose target is none: those of
        this run and the stored ones sharing its first letters (one query, on failure only)."""
        key = fold(name)
        stored = Entry.objects.filter(sort_key__startswith=key[:3]).values_list(
            "headword", flat=True
        )
        candidates = {headword for headword in stored[:2000]} | set(self._run_headwords)
        by_key = {fold(headword): headword for headword in candidates}
        close = difflib.get_close_matches(key, list(by_key), n=most, cutoff=0.6)
        return [by_key[match] for match in close]

    def is_ambiguous(self, key: str) -> bool:
        """Whether two entries (stored, or to be written by this run) have this headword."""
        return len(self.keyed.get(key, ())) > 1 or self.homonyms[key] > 1

    def remember_alias(self, entry_id: int, key: str) -> None:
        self.alias_keys.setdefault(key, entry_id)
        self.alias_pairs.add((entry_id, key))

    def entry_of(self, item: ReadFile) -> int | None:
        """The entry a regular document updates: the one imported from its file, or else the
        one with its headword, unless both print dates and they differ: then the document
        is a homonym ("Longman, Charles" the father and the son), a new entry."""
        for name in (item.name, self.earlier.get(item.name)):
            if name in self.by_file:
                return self.by_file[name]
        dates = item.document.dates.printed
        for pk, known_dates in self.keyed.get(fold(item.document.headword), {}).items():
            if not dates or not known_dates or dates == known_dates:
                return pk
        return None

    def unused_slug(self, headword: str, year: int | None = None) -> str:
        """A slug no entry has; a homonym's carries its year ("longman-charles-1839")."""
        key = fold(headword)
        if key not in self.keyed and self.homonyms[key] < 2:
            year = None  # the slug is someone else's: numbered, as ever
        slug = free_slug(headword, self.slugs, year=year)
        self.slugs.add(slug)
        self.reserved_slugs.append(slug)
        return slug

    def release_slugs(self, mark: int) -> None:
        """Forget the slugs taken by writes that were rolled back."""
        self.slugs.difference_update(self.reserved_slugs[mark:])
        del self.reserved_slugs[mark:]


def _last_imports(ids: list[int]) -> dict[int, str]:
    """For each entry, the file its latest revision imported, if that is what the entry
    still holds (a save outside history since would differ from it); in three queries."""
    latest = EntryRevision.objects.values("entry_id").annotate(last=Max("revision_id"))
    last = [pk for _entry, pk in _rows_where_in(latest, "entry_id", ids, ("entry_id", "last"))]
    records = _rows_where_in(
        EntryRevision.objects.exclude(source_file=""),
        "revision_id",
        last,
        ("revision_id", "entry_id", "source_file"),
    )
    files = {(revision_id, entry_id): name for revision_id, entry_id, name in records}
    if not files:
        return {}
    fields = ("pk", *_IMPORTED_FIELDS)
    current = {row[0]: row[1:] for row in _rows_where_in(Entry.objects, "pk", ids, fields)}
    versions = Version.objects.get_for_model(Entry).filter(
        revision_id__in=[revision_id for revision_id, _entry in files]
    )
    imported = {}
    for version in versions:
        entry_id = int(version.object_id)
        name = files.get((version.revision_id, entry_id))
        stored = version.field_dict
        if name and tuple(stored.get(field) for field in _IMPORTED_FIELDS) == current.get(entry_id):
            imported[entry_id] = name
    return imported


def _published_names(ids) -> dict[int, tuple[str, str, set[str]]]:
    """For the published entries among ``ids``: the headword, dates and linkable names
    (``stored_names``) their current editions carry."""
    fields = ("entry_id", "headword", "dates", "aliases")
    rows = _rows_where_in(Edition.objects.current(), "entry_id", ids, fields)
    return {
        entry_id: (headword, dates, set(stored_names(headword, aliases)))
        for entry_id, headword, dates, aliases in rows
    }


def _withdrawn(ids: list[int]) -> set[int]:
    """The entries withdrawn from publication (an import never publishes them unforced)."""
    if not ids:
        return set()
    rows = _rows_where_in(
        EntryWorkflow.objects.filter(state=State.UNPUBLISHED), "entry_id", ids, ("entry_id",)
    )
    return {entry_id for (entry_id,) in rows}


# What an import writes of an entry's own fields: a difference is an edit since.
_IMPORTED_FIELDS = ("headword", "dates", "body", "entry_type")


def _rows_where_in(queryset, field: str, values, fields: tuple[str, ...]):
    """``fields`` of the rows whose ``field`` is one of ``values``, asked a slice of values at
    a time: a database caps the parameters of one statement (SQLite at 32,766)."""
    values = sorted(set(values))
    for start in range(0, len(values), _VALUES_PER_QUERY):
        chunk = values[start : start + _VALUES_PER_QUERY]
        yield from queryset.filter(**{f"{field}__in": chunk}).values_list(*fields)


# Short enough lists for PostgreSQL to look each value up in the index: with ~2,000 leads
# (a few hundred documents) it guessed a fifth of the names table and read all of it.
_VALUES_PER_QUERY = 1000
