"""Importing the history revisions of a ``--with-history`` export into an empty database.

Each revision is recorded again by the one history writer, ``record_revisions``, from
the rows as the export recorded them (the entry and every row reversion followed from it),
so reversion's own API (``Version.objects.get_for_object``, ``Revision.revert``) reads and
reverts them as it does revisions made here, and each has its EntryRevision.

Ids: entries, themes, contributors and works keep the ids the export gave them (an import
into an empty database keeps them), so the revisions name them as they did. The aliases,
credits, citations and cross-references of past revisions take ``offset`` plus the id they
had, past every id used here; new rows of those tables then take ids past all of them, so
that reverting a revision writes back its own rows and never another entry's.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError

from dictionary.models import (
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Entry,
    Theme,
    Work,
)

from ..services.creating import as_prefetched
from ..services.recording import RevisionRequest, record_revisions
from .ids import highest_id_used, move_ids_past

# The rows a revision follows from an entry, by their label in the serialized data, with
# the entry's relation that holds them.
ROW_MODELS = {
    "dictionary.alias": (Alias, "aliases"),
    "dictionary.credit": (Credit, "credits"),
    "dictionary.citation": (Citation, "citations"),
    "dictionary.crossreference": (CrossReference, "outgoing_references"),
}
# Each row model's key to the entry; given the entry in memory, a row's name (which its
# Version records) reads no entry from the database, where it does not exist yet.
_ENTRY_KEYS = {Alias: "entry", Credit: "entry", Citation: "entry", CrossReference: "source"}


@dataclass
class HistoryIds:
    """What is added to the ids of past revisions' rows, by model label."""

    offsets: dict[str, int]


def reserve_history_ids(highest_in_file: dict[str, int]) -> HistoryIds:
    """Offsets past every id used here, and the tables' counters moved past the ids the
    history will take (``highest_in_file``: the highest id of each row model it names)."""
    offsets = {}
    for label, (model, _relation) in ROW_MODELS.items():
        offsets[label] = highest_id_used(model)
        move_ids_past(model, offsets[label] + highest_in_file.get(label, 0))
    return HistoryIds(offsets)


def record_history(records: list[dict], ids: HistoryIds, users: dict) -> int:
    """Record the history revisions of a batch of exported entries, oldest first, before
    the entries are created; returns how many.

    ``record_revisions`` reads each row once per call, so a call holds at most one revision
    of an entry: the first revisions of the batch's entries, then the second ones, and so on.
    Side effects: those of ``record_revisions`` (Revision, Version and EntryRevision rows).
    """
    recorded = 0
    depth = max((len(record.get("history", [])) for record in records), default=0)
    for step in range(depth):
        requests = [
            _request(record, step, ids, users)
            for record in records
            if len(record.get("history", [])) > step
        ]
        recorded += len(record_revisions(requests))
    return recorded


def _request(record: dict, step: int, ids: HistoryIds, users: dict) -> RevisionRequest:
    revision = record["history"][step]
    where = f"entry {record['entry']['slug']!r}, history revision {step + 1}"
    (entry_data,) = _deserialized(revision["data"], ids, where)
    entry = entry_data.object
    rows = [item.object for item in _deserialized(revision.get("followed", []), ids, where)]
    given: dict = {Contributor: {}, Work: {}}
    for row in rows:
        if isinstance(row, Contributor | Work):
            given[type(row)][row.pk] = row
    for row in rows:
        if type(row) in _ENTRY_KEYS:
            setattr(row, _ENTRY_KEYS[type(row)], entry)
    _link(rows, Credit, "contributor", given[Contributor], where)
    _link(rows, Citation, "work", given[Work], where)
    theme_ids = entry_data.m2m_data.get("themes", [])
    entry._prefetched_objects_cache = {
        "themes": as_prefetched(Theme, [Theme(pk=pk) for pk in theme_ids]),
        **{
            relation: as_prefetched(model, [row for row in rows if type(row) is model])
            for model, relation in ROW_MODELS.values()
        },
    }
    return RevisionRequest(
        # The contributors and works as the revision recorded them, given with the entry:
        # each revision writes its own state of them.
        objects=[entry, *given[Contributor].values(), *given[Work].values()],
        comment=revision["comment"],
        user=users.get(revision["user"]),
        date_created=datetime.fromisoformat(revision["date"]),
        loaded=True,
    )


def _deserialized(records: list[dict], ids: HistoryIds, where: str) -> list:
    moved = [
        {**row, "pk": row["pk"] + ids.offsets[row["model"]]} if row["model"] in ids.offsets else row
        for row in records
    ]
    try:
        return list(serializers.deserialize("python", moved, ignorenonexistent=True))
    except serializers.base.DeserializationError as error:
        raise ValidationError(f"{where}: a row cannot be read back ({error}).") from error


def _link(rows: list, model, name: str, found: dict, where: str) -> None:
    """Give each ``model`` row its ``name`` (contributor, work) as the revision recorded it."""
    for row in rows:
        if isinstance(row, model):
            target = found.get(getattr(row, f"{name}_id"))
            if target is None:
                label = model._meta.verbose_name
                raise ValidationError(f"{where}: a {label} names a {name} the revision lacks.")
            setattr(row, name, target)


def is_entry_data(data, entry_id: int) -> bool:
    """Whether a revision's ``data`` is the one entry it records, by the export's id."""
    return (
        isinstance(data, list)
        and len(data) == 1
        and isinstance(data[0], dict)
        and data[0].get("model") == Entry._meta.label_lower
        and data[0].get("pk") == entry_id
    )


def model_label_known(label: str) -> bool:
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True
