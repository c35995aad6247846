"""Deciding what an import does with each file, before anything is written.

``plan_import`` is a pure function of the files read and of what the run knows of the
database (``Known``): for each file an action (create, update, alias, unchanged,
conflict) and, for what it writes, a publication (now, after its alias, draft). The run
then carries the plan out through the writers (``create_entries``, ``save_entry``).
"""

from collections import Counter
from dataclasses import dataclass, field

from dictionary.seed_format import SeedDocument
from dictionary.text import fold

CREATE, UPDATE, ALIAS, UNCHANGED, CONFLICT = "create", "update", "alias", "unchanged", "conflict"
NOW, AFTER_ALIAS, DRAFT = "now", "after its alias", "draft"


@dataclass(frozen=True)
class ReadFile:
    """A seed document read and parsed: its path, file name, SHA-256 and contents."""

    path: str
    name: str
    digest: str
    document: SeedDocument


@dataclass(frozen=True)
class Step:
    """What the run does with one file.

    ``entry`` is the entry the file acts on: an existing entry's id, or the path of the
    file of this run that creates it (a str); None for a file that creates one, or for a
    See document whose target no file or entry answers (it fails when carried out).
    """

    item: ReadFile
    action: str
    publication: str | None = None
    entry: int | str | None = None


@dataclass
class Known:
    """What the plan needs of the database as it was before the run: entries by source
    file, and by the match key of their headword (oldest first, with their printed dates:
    homonyms share a key) or of an alias; how many dates each headword of the run is
    printed with; each entry's digest as last imported, the file of its last import
    unless it was edited since (else no file: any import of it is then a conflict), the
    (entry, alias key) pairs, and the entries withdrawn from publication (an
    editor-in-chief's decision, which counts as an edit: never undone without ``force``)."""

    by_file: dict[str, int] = field(default_factory=dict)
    keyed: dict[str, dict[int, str]] = field(default_factory=dict)
    homonyms: dict[str, int] = field(default_factory=dict)
    alias_keys: dict[str, int] = field(default_factory=dict)
    digests: dict[int, str] = field(default_factory=dict)
    last_import: dict[int, str] = field(default_factory=dict)
    alias_pairs: set[tuple[int, str]] = field(default_factory=set)
    withdrawn: set[int] = field(default_factory=set)


def earlier_names(read: list[ReadFile]) -> dict[str, str]:
    """The base name each file in a subfolder was identified by before identities became
    paths ("x.txt" for "a/x.txt"; see ``files``), when that name still tells one file of
    the run: no file of the run has it as its identity, and no other shares it."""
    identities = {item.name for item in read}
    base_names = Counter(item.name.rsplit("/", 1)[-1] for item in read)
    earlier = {}
    for item in read:
        base = item.name.rsplit("/", 1)[-1]
        if base != item.name and base not in identities and base_names[base] == 1:
            earlier[item.name] = base
    return earlier


def plan_import(read: list[ReadFile], *, known: Known, as_drafts: bool, force: bool) -> list[Step]:
    """One Step per file, regular documents first then "See" documents, each in order.

    A regular document updates the entry imported from its file (by its identity, or the
    base name it had before, ``earlier_names``) or else with its headword (one this run
    creates included) unless both print dates and they differ (a homonym), unless
    unchanged (same digest as last imported) or in conflict (edited or withdrawn since its
    last import by this file, and not ``force``); else it creates one. A See document adds its
    headword as an alias of the entry its target names (not a headword two entries share),
    unless that entry has it already. Publication: drafts with ``as_drafts``;
    else an entry a See document of the run names waits for its alias, so that its
    first edition carries it, and the others are published now; a See document
    republishes its entry if the run publishes that entry.
    """
    plan = _Planner(known, as_drafts=as_drafts, force=force)
    plan.earlier = earlier_names(read)
    regular = [item for item in read if item.document.see_target is None]
    see = [item for item in read if item.document.see_target is not None]
    plan.awaited = {fold(item.document.see_target) for item in see}
    return [plan.regular(item) for item in regular] + [plan.see(item) for item in see]


class _Planner:
    def __init__(self, known: Known, *, as_drafts: bool, force: bool):
        self.as_drafts, self.force = as_drafts, force
        self.by_file = dict(known.by_file)
        self.keyed = {key: dict(entries) for key, entries in known.keyed.items()}
        self.homonyms = dict(known.homonyms)
        self.alias_keys = dict(known.alias_keys)
        self.digests = dict(known.digests)
        self.last_import = dict(known.last_import)
        self.alias_pairs = set(known.alias_pairs)
        self.withdrawn = set(known.withdrawn)
        self.earlier: dict[str, str] = {}
        self.awaited: set[str] = set()
        self.published: set[int | str] = set()

    def regular(self, item: ReadFile) -> Step:
        key, dates = fold(item.document.headword), item.document.dates.printed
        names = (item.name, self.earlier.get(item.name, item.name))
        entry = next((self.by_file[name] for name in names if name in self.by_file), None)
        entry = entry or self._same_headword(key, dates)
        if entry is not None and self.digests.get(entry) == item.digest:
            return Step(item, UNCHANGED, entry=entry)
        edited = self.last_import.get(entry) not in names or entry in self.withdrawn
        if entry is not None and not self.force and edited:
            return Step(item, CONFLICT, entry=entry)
        action = UPDATE if entry is not None else CREATE
        if entry is None:
            entry = item.path
        self.keyed.setdefault(key, {})[entry] = dates
        self.by_file[item.name] = entry
        self.digests[entry], self.last_import[entry] = item.digest, item.name
        publication = DRAFT if self.as_drafts else AFTER_ALIAS if key in self.awaited else NOW
        if publication != DRAFT:
            self.published.add(entry)
        return Step(item, action, publication, None if action == CREATE else entry)

    def _same_headword(self, key: str, dates: str) -> int | str | None:
        for entry, known_dates in self.keyed.get(key, {}).items():
            if not dates or not known_dates or dates == known_dates:
                return entry
        return None

    def see(self, item: ReadFile) -> Step:
        target = fold(item.document.see_target)
        headwords = self.keyed.get(target, {})
        if len(headwords) > 1 or self.homonyms.get(target, 0) > 1:
            return Step(item, ALIAS)  # two entries have the headword: it names neither
        entry = next(iter(headwords), None) or self.alias_keys.get(target)
        if entry is None:
            return Step(item, ALIAS)
        pair = (entry, fold(item.document.headword))
        if pair in self.alias_pairs:
            return Step(item, UNCHANGED, entry=entry)
        self.alias_pairs.add(pair)
        self.alias_keys.setdefault(pair[1], entry)
        return Step(item, ALIAS, NOW if entry in self.published else DRAFT, entry)
