"""Importing a JSON export: into an empty database, or (``merge``) beside what is there.

Rows are identified across databases by stable keys: themes, contributors and entries by
their slugs; works, which have none, by type, title (case and punctuation ignored, as the
seed importer matches them) and year. Into an empty database the entries and works keep
the ids the export gave them, so a second export is the same file; a merge gives the rows
it adds new ids.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction

from dictionary.exporting.json_format import CONTRIBUTOR_FIELDS, WORK_FIELDS
from dictionary.exporting.restoring import KeysHere, restore_editions, restored_edition
from dictionary.models import (
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Entry,
    ReferenceKind,
    Theme,
    Work,
)
from dictionary.text import fold, title_match_key

from ..models import State
from ..services import DraftStep, NewEntry, create_entries, move_drafts
from .history import record_history, reserve_history_ids
from .merging import entry_differences, row_differences
from .reading import ExportOutline, entry_records

BATCH_SIZE = 500
Progress = Callable[[str, int, int], None]


class NotEmptyError(ValueError):
    """The database holds content already, and no merge was asked for."""


@dataclass
class ImportSummary:
    """What an import wrote, and with ``merge`` what it left as it was and why."""

    themes: int = 0
    contributors: int = 0
    works: int = 0
    entries: int = 0
    editions: int = 0
    users_created: list[str] = field(default_factory=list)
    kept: int = 0  # entries already here, left untouched (merge)
    revisions: int = 0  # history revisions imported from the file
    history_left_out: bool = False  # the file's history revisions are not imported (merge)
    differences: list[str] = field(default_factory=list)


@dataclass
class _Found:
    """The rows entries are written with, found or added here: their keys by slug, the
    contributors by slug and the works by the file's ids. Credits and citations are given
    the instances, so recording the entries' revisions need not read them one by one."""

    keys: KeysHere
    people: dict[str, Contributor]
    works: dict[int, Work]


@transaction.atomic
def import_dictionary(
    *,
    outline: ExportOutline,
    source: str,
    merge: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Write a checked export (``reading.check_export`` gave ``outline``) into this
    database, all or nothing, reading its entries from the file a batch at a time.

    Without ``merge`` the database must hold no entry, work, contributor or theme
    (``NotEmptyError`` otherwise). With ``merge``, only what is missing by its key is added
    and every difference from what is here is reported; nothing here is changed.

    Side effects: themes, contributors, works; with a ``--with-history`` export (not in a
    merge), each entry's history revisions first (``history.record_history``); the entries
    through ``create_entries`` (one revision each, "Imported from <source>", with their
    rows, names and workflow rows), with
    their creation and change times and stored EDTF dates as exported; their editions
    through ``restore_editions``; the working copies' cross-references pointed at the
    targets the export names; each workflow moved where ``_state_here`` says, with a
    Transition; approvers found by username, or created as inactive accounts without a
    password (``summary.users_created``); on PostgreSQL the id sequences moved past the
    ids kept.
    """
    with_history = outline.revisions > 0 and not merge
    summary = ImportSummary(history_left_out=outline.revisions > 0 and merge)
    if not merge:
        _refuse_unless_empty()
    found = _add_shared_rows(outline, summary, keep_ids=not merge)
    keys = found.keys
    users = _users(outline.approvers | outline.history_users, summary)
    history_ids = reserve_history_ids(outline.history_ids) if with_history else None
    # Every slug here, read once: an IN list of a whole export's slugs is too long for SQLite.
    keys.entries = dict(Entry.objects.values_list("slug", "pk"))
    here = set(keys.entries)  # entries already here are kept as they are (merge)
    # Every entry first, then the editions: an edition may point at any entry of the file.
    for batch in _batches(outline, batch_size, progress, "entries"):
        new = _new_entry_records(batch, here, keys, summary)
        if history_ids:  # first, so that the import's own revision is each entry's latest
            summary.revisions += record_history(new, history_ids, users)
        _create_entries(new, found, source, merge=merge)
    for batch in _batches(outline, batch_size, progress, "editions"):
        new = [record for record in batch if record["entry"]["slug"] not in here]
        if not new:
            continue
        summary.editions += _restore_editions(new, keys, users)
        _point_references(new, keys)
        _move_workflows(new, keys, source)
    if not merge:
        _reset_sequences()
    return summary


def _batches(outline: ExportOutline, size: int, progress: Progress | None, stage: str):
    """The file's entry records ``size`` at a time, read as they are needed, telling
    ``progress`` after each batch."""
    batch, done = [], 0
    for record in entry_records(outline.path):
        batch.append(record)
        if len(batch) == size:
            yield batch
            done += len(batch)
            batch = []
            if progress:
                progress(stage, done, outline.entries)
    if batch:
        yield batch
        if progress:
            progress(stage, done + len(batch), outline.entries)


def _add_shared_rows(outline: ExportOutline, summary: ImportSummary, *, keep_ids) -> _Found:
    """The themes, contributors and works missing here, added; all found by their keys."""
    keys = KeysHere(themes=_add_themes(outline.themes, summary, keep_ids=keep_ids))
    found = _Found(
        keys,
        people=_add_contributors(outline.contributors, summary, keep_ids=keep_ids),
        works=_add_works(outline.works, summary, keep_ids=keep_ids),
    )
    keys.contributors = {slug: person.pk for slug, person in found.people.items()}
    keys.works = {exported: work.pk for exported, work in found.works.items()}
    return found


def _refuse_unless_empty() -> None:
    held = {
        "entries": Entry.objects.count(),
        "works": Work.objects.count(),
        "contributors": Contributor.objects.count(),
        "themes": Theme.objects.count(),
    }
    if any(held.values()):
        listed = ", ".join(f"{count} {name}" for name, count in held.items() if count)
        raise NotEmptyError(
            f"This database is not empty ({listed}): import into an empty database, or use "
            "--merge to add only what is missing."
        )


def _without_id(record: dict) -> dict:
    return {name: value for name, value in record.items() if name != "id"}


def _add_themes(records: list[dict], summary: ImportSummary, *, keep_ids) -> dict[str, int]:
    """The themes missing here, added; returns the theme here of each of the file's slugs.
    A theme here by another slug under the same name (names are unique) is that theme."""
    themes = list(Theme.objects.all())
    by_slug, by_name = {t.slug: t for t in themes}, {t.name: t for t in themes}
    found, missing = {}, []
    for record in records:
        label = f"theme {record['slug']!r}"
        theme = by_slug.get(record["slug"]) or by_name.get(record["name"])
        if theme is None:
            theme = Theme(**record) if keep_ids else Theme(**_without_id(record))
            missing.append(theme)
        else:
            summary.differences += row_differences(label, theme, _without_id(record))
        found[record["slug"]] = theme
    Theme.objects.bulk_create(missing)
    summary.themes = len(missing)
    return {slug: theme.pk for slug, theme in found.items()}


def _add_contributors(
    records: list[dict], summary: ImportSummary, *, keep_ids
) -> dict[str, Contributor]:
    here = {person.slug: person for person in Contributor.objects.all()}
    missing = []
    for record in records:
        if record["slug"] in here:
            summary.differences += row_differences(
                f"contributor {record['slug']!r}", here[record["slug"]], _without_id(record)
            )
            continue
        person = Contributor(**{name: record[name] for name in CONTRIBUTOR_FIELDS})
        person.pk = record.get("id") if keep_ids else None
        person.fill_derived_fields()  # what save() does, which bulk_create skips
        missing.append(person)
    Contributor.objects.bulk_create(missing)
    summary.contributors = len(missing)
    return {person.slug: person for person in Contributor.objects.all()}


def work_key(work_type: str, title: str, year) -> tuple:
    """A work's identity across databases: its type, its title's match key and its year."""
    return (work_type, title_match_key(title), year)


def _add_works(records: list[dict], summary: ImportSummary, *, keep_ids: bool) -> dict[int, Work]:
    """The works missing here, added; returns the work here of each of the file's ids. A
    work is found here by its key (``work_key``) among the works here before the import."""
    here = {work_key(w.work_type, w.title, w.year): w for w in Work.objects.order_by("pk")}
    ids, missing = {}, []
    for record in records:
        key = work_key(record["work_type"], record["title"], record["year"])
        if key in here:
            ids[record["id"]] = here[key]
            summary.differences += row_differences(f"work {record['title']!r}", here[key], record)
            continue
        work = Work(**{name: record[name] for name in WORK_FIELDS if name in record})
        work.pk = record["id"] if keep_ids else None
        work.fill_derived_fields()
        # Not matched to another work of the file: two works may share a key (a title and
        # year, other authors) and each is kept, as it was where it was exported.
        missing.append((record["id"], work))
    Work.objects.bulk_create([work for _id, work in missing], batch_size=2000)
    ids.update(missing)
    summary.works = len(missing)
    return ids


def _users(names: set[str], summary: ImportSummary) -> dict:
    """The users who approved the editions or saved the revisions, by username; those
    missing here are created inactive and without a usable password, so an edition or a
    revision still names who approved or saved it, yet nobody can sign in as them."""
    User = get_user_model()
    found = {user.get_username(): user for user in User.objects.filter(username__in=names)}
    for name in sorted(names - found.keys()):
        user = User(username=name, is_active=False)
        user.set_unusable_password()
        user.save()
        found[name] = user
        summary.users_created.append(name)
    return found


def _new_entry_records(batch: list, here: set, keys: KeysHere, summary: ImportSummary) -> list:
    """The batch's entries whose slug was not here; those that were get their differences
    reported, and are left as they are."""
    new = [record for record in batch if record["entry"]["slug"] not in here]
    kept = [record for record in batch if record["entry"]["slug"] in here]
    if kept:
        summary.differences += entry_differences(kept, keys.works)
    summary.entries += len(new)
    summary.kept += len(kept)
    return new


def _create_entries(records: list[dict], found: _Found, source: str, *, merge: bool) -> None:
    """The batch's entries, by the one entry writer; then the stored values it made afresh
    set back to those exported."""
    if not records:
        return
    # create_entries wants the themes in Theme's ordering, the order reversion stores them in.
    theme_order = {pk: at for at, pk in enumerate(Theme.objects.values_list("pk", flat=True))}
    news = [
        _new_entry(record, found, f"Imported from {source}", theme_order, keep_id=not merge)
        for record in records
    ]
    create_entries(entries=news)
    found.keys.entries.update((new.entry.slug, new.entry.pk) for new in news)
    _as_exported([new.entry for new in news], [record["entry"] for record in records])


def _new_entry(record: dict, found: _Found, comment: str, theme_order, *, keep_id) -> NewEntry:
    copy = record["entry"]
    entry = Entry(
        pk=record["id"] if keep_id else None,
        **{name: copy[name] for name in ("headword", "slug", "entry_type", "dates", "body")},
        source_file=copy["source_file"],
        source_digest=copy["source_digest"],
    )
    themes = [found.keys.themes[slug] for slug in copy["themes"]]
    return NewEntry(
        entry=entry,
        comment=comment,
        aliases=[Alias(**alias) for alias in copy["aliases"]],
        credits=[_credit(credit, found.people) for credit in copy["credits"]],
        citations=[_citation(citation, found.works) for citation in copy["citations"]],
        # Inline references come from the body, as for any new entry.
        references=[
            CrossReference(target_text=ref["target"], kind=ref["kind"], order=ref["order"])
            for ref in copy["cross_references"]
            if ref["kind"] != ReferenceKind.INLINE
        ],
        theme_ids=sorted(themes, key=theme_order.get),
        source_file=copy["source_file"],
        source_digest=copy["source_digest"],
    )


_READ_DATES = ("dates_edtf", "start_year", "end_year")


def _as_exported(entries: list[Entry], copies: list[dict]) -> None:
    """Give the entries the stored values an export keeps that creating them made afresh:
    their times, and the dates as read when they were saved (the reading may have changed
    since; rarely, so only entries whose reading differs are written)."""
    reread = []
    for entry, copy in zip(entries, copies, strict=True):
        entry.created_at = datetime.fromisoformat(copy["created_at"])
        entry.updated_at = datetime.fromisoformat(copy["updated_at"])
        if any(getattr(entry, name) != copy[name] for name in _READ_DATES):
            for name in _READ_DATES:
                setattr(entry, name, copy[name])
            reread.append(entry)
    Entry.objects.bulk_update(entries, ["created_at", "updated_at"])
    Entry.objects.bulk_update(reread, _READ_DATES)


def _credit(record: dict, people: dict[str, Contributor]) -> Credit:
    person = people[record["contributor"]]
    return Credit(contributor=person, role=record["role"], order=record["order"])


def _citation(record: dict, works: dict[int, Work]) -> Citation:
    fields = {name: record[name] for name in ("role", "locator", "order", "confirmed")}
    return Citation(work=works[record["work"]], **fields)


def _restore_editions(records: list[dict], keys: KeysHere, approvers: dict) -> int:
    items = [
        restored_edition(
            edition,
            entry_id=keys.entries[record["entry"]["slug"]],
            keys=keys,
            approver=approvers.get(edition["approved_by"]),
        )
        for record in records
        for edition in record["editions"]
    ]
    return len(restore_editions(items=items))


def _point_references(records: list[dict], keys: KeysHere) -> None:
    """Point the working copies' cross-references at the entries the export names: creating
    the entries resolved them by name, batch by batch, which may differ (an entry of a
    later batch, a reference an editor pointed at one of two homonyms)."""
    targets = {}
    for record in records:
        source = keys.entries[record["entry"]["slug"]]
        for ref in record["entry"]["cross_references"]:
            target = keys.entries.get(ref["target_slug"]) if ref["target_slug"] else None
            targets[(source, ref["kind"], fold(ref["target"]))] = target
    rows = CrossReference.objects.filter(source_id__in={key[0] for key in targets})
    changed = []
    for row in rows.only("source_id", "kind", "target_key", "target_id"):
        wanted = targets.get((row.source_id, row.kind, row.target_key), row.target_id)
        if row.target_id != wanted:
            row.target_id = wanted
            changed.append(row)
    CrossReference.objects.bulk_update(changed, ["target_id"])


def _move_workflows(records: list[dict], keys: KeysHere, source: str) -> None:
    """Each entry moved to its state here (``_state_here``) by a logged step from the draft
    ``create_entries`` began with (``move_drafts``); a withdrawal at its recorded time."""
    steps = []
    for record in records:
        state = _state_here(record)
        if state == State.DRAFT:
            continue
        editions = record["editions"]
        current = next((e for e in editions if e["is_current"]), editions[-1])
        withdrawn_at = record.get("withdrawn_at") if state == State.UNPUBLISHED else None
        steps.append(
            DraftStep(
                entry_id=keys.entries[record["entry"]["slug"]],
                to=state,
                message=_move_message(state, current["number"], source),
                at=datetime.fromisoformat(withdrawn_at) if withdrawn_at else None,
            )
        )
    move_drafts(steps)


def _state_here(record: dict) -> str:
    """Published with a current edition, withdrawn with past ones only, else a draft; but a
    draft whatever its editions when the export says so (changed since it was published),
    or when it was in review: review threads are not exported."""
    editions = record["editions"]
    if any(edition["is_current"] for edition in editions):
        derived = State.PUBLISHED
    else:
        derived = State.UNPUBLISHED if editions else State.DRAFT
    exported = record.get("workflow")
    if exported in (None, State.PUBLISHED, State.UNPUBLISHED):
        return derived  # a published or withdrawn state only as the editions have it
    return State.DRAFT


def _move_message(state: str, number: int, source: str) -> str:
    if state == State.PUBLISHED:
        return f"Imported from {source} with edition {number} current"
    return f"Imported from {source} as withdrawn; its last edition was {number}"


def _reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the ids the import kept (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Entry, Work, Theme, Contributor])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
