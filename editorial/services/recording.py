"""The one producer of history: revisions, their Version rows and their EntryRevision meta data.

django-reversion records a revision object by object as signals fire, with a query per
followed relation. Here a batch of revisions (one admin save is a batch of one; an import
group or a generator batch is hundreds) is written in a fixed number of queries, yet every
Version is what reversion itself would store: the objects it follows are found through
its registration (``follow``), and each is serialized by Django's serializer with the
registration's ``fields`` and ``format``. So reversion's own API (``get_for_object``,
``field_dict``, ``Revision.revert``) reads and reverts these revisions like its own.
"""

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from dictionary.inserting import copy_rows
from dictionary.models import Entry

from ..models import EntryRevision

COMMENT_LENGTH = 500  # a longer comment (a review message, say) is cut to this


@dataclass
class RevisionRequest:
    """One revision to record: ``objects`` as they stand (in memory: an entry at one step
    of its history may be recorded before its row holds that step), with everything
    reversion follows from them as it now stands in the database.

    An Entry among ``objects`` gives the revision its EntryRevision (which entry, and the
    seed file and digest of an import)."""

    objects: Sequence[models.Model]
    comment: str = ""
    # The objects carry what reversion follows from them, as stored (prefetch caches a
    # writer filled with the rows it just inserted): nothing is read again.
    loaded: bool = False
    user: object = None
    date_created: datetime | None = None
    source_file: str = ""
    source_digest: str = ""

    @property
    def entry(self) -> Entry | None:
        return next((obj for obj in self.objects if isinstance(obj, Entry)), None)


def record_revision(*objects: models.Model, comment: str, user=None, **meta) -> Revision:
    """Record one revision of ``objects`` (see ``record_revisions``) and return it."""
    request = RevisionRequest(objects=objects, comment=comment, user=user, **meta)
    return record_revisions([request])[0]


def record_revisions(requests: list[RevisionRequest]) -> list[Revision]:
    """Record one revision per request, in a fixed number of queries for the whole batch.

    Side effects: the Revision rows (comments cut to ``COMMENT_LENGTH``), one Version per
    object and per row reversion follows from it, an EntryRevision per revision that
    records an entry. Rows followed by several requests
    are read and serialized once. Call it inside the transaction that wrote the objects.
    Returns the revisions in the requests' order.
    """
    if not requests:
        return []
    now = timezone.now()
    revisions = [
        Revision(
            date_created=request.date_created or now,
            user=request.user,
            comment=request.comment[:COMMENT_LENGTH],
        )
        for request in requests
    ]
    Revision.objects.bulk_create(revisions)
    stored = _StoredRows(
        [obj for request in requests if not request.loaded for obj in request.objects],
        loaded=[obj for request in requests if request.loaded for obj in request.objects],
    )
    # Each object given is serialized as given; each stored row once for the whole batch.
    objects, positions, placed = [], [], {}
    for revision, request in zip(revisions, requests, strict=True):
        given = {_key(obj): stored.with_relations(obj) for obj in request.objects}
        for obj in given.values():
            positions.append((revision.pk, len(objects)))
            objects.append(obj)
        for obj in request.objects:
            for row in stored.followed(obj):
                key = _key(row)
                if key in given:
                    continue
                if key not in placed:
                    placed[key] = len(objects)
                    objects.append(row)
                positions.append((revision.pk, placed[key]))
    columns = _version_columns(objects)
    _insert_versions([(revision_id, *columns[at]) for revision_id, at in dict.fromkeys(positions)])
    EntryRevision.objects.bulk_create(
        [
            EntryRevision(
                revision=revision,
                entry_id=request.entry.pk,
                source_file=request.source_file,
                source_digest=request.source_digest,
            )
            for revision, request in zip(revisions, requests, strict=True)
            if request.entry is not None
        ]
    )
    return revisions


def _key(obj) -> tuple:
    return (obj._meta.concrete_model, obj.pk)


def _follow_names(model) -> tuple[str, ...]:
    return tuple(_get_options(model).follow)


@cache
def _many_to_many_names(model) -> list[str]:
    """The many-to-many fields Django's serializer writes (and would query one by one)."""
    meta = model._meta.concrete_model._meta
    return [
        field.name
        for field in meta.local_many_to_many
        if field.serialize and field.remote_field.through._meta.auto_created
    ]


def _lookups(model, prefix: str = "", seen: frozenset = frozenset()) -> list[str]:
    """The prefetch lookups that load what reversion follows from ``model``, recursively,
    and the many-to-many fields each of those rows serializes."""
    lookups = [prefix + name for name in _many_to_many_names(model)]
    for name in _follow_names(model):
        related = model._meta.get_field(name).related_model
        lookups.append(prefix + name)
        if related not in seen:
            lookups += _lookups(related, f"{prefix}{name}__", seen | {model})
    return lookups


class _StoredRows:
    """The objects' rows as stored, with what reversion follows from them, read in a few
    queries per model (prefetch), whatever the number of objects."""

    def __init__(self, objects: list[models.Model], *, loaded: list[models.Model] = ()):
        self.rows: dict[tuple, models.Model] = {_key(obj): obj for obj in loaded}
        by_model: dict[type, dict] = {}
        for obj in objects:
            by_model.setdefault(obj._meta.concrete_model, {})[_key(obj)] = obj
        for model, given in by_model.items():
            # Copies of the objects, so that the caches filled here stay off the caller's.
            rows = [copy.copy(obj) for obj in given.values()]
            for row in rows:
                row._prefetched_objects_cache = {}
            prefetch_related_objects(rows, *_lookups(model))
            self.rows.update((_key(row), row) for row in rows)

    def with_relations(self, obj: models.Model) -> models.Model:
        """A copy of ``obj`` (as given, in memory) whose many-to-many values are the
        stored ones already read, so that serializing it queries nothing."""
        stored = self.rows[_key(obj)]
        names = _many_to_many_names(type(obj))
        if not names:
            return obj
        obj = copy.copy(obj)
        cache = getattr(stored, "_prefetched_objects_cache", {})
        obj._prefetched_objects_cache = {name: cache[name] for name in names}
        return obj

    def followed(self, obj: models.Model) -> list[models.Model]:
        """Every row reversion follows from ``obj``, depth first, each once."""
        found: dict[tuple, models.Model] = {}

        def visit(row):
            for name in _follow_names(type(row)):
                value = getattr(row, name)
                children = [value] if isinstance(value, models.Model) else value.all()
                for child in children:
                    if child is not None and _key(child) not in found:
                        found[_key(child)] = child
                        visit(child)

        visit(self.rows[_key(obj)])
        return list(found.values())


# The Version columns a row is written with, in order.
VERSION_COLUMNS = (
    "revision_id",
    "object_id",
    "content_type_id",
    "db",
    "format",
    "serialized_data",
    "object_repr",
)


def _version_columns(objects: list[models.Model]) -> list[tuple]:
    """Each object's Version columns but the revision's, its model's objects serialized by
    one call of Django's serializer."""
    by_model: dict[type, list[int]] = {}
    for at, obj in enumerate(objects):
        by_model.setdefault(type(obj), []).append(at)
    columns: list[tuple] = [()] * len(objects)
    for model, places in by_model.items():
        options = _get_options(model)
        content_type = ContentType.objects.get_for_model(model).pk
        database = router.db_for_write(model)
        texts = _serialized([objects[at] for at in places], options)
        for at, text in zip(places, texts, strict=True):
            obj = objects[at]
            object_id = force_str(getattr(obj, options.object_id_field))
            columns[at] = (object_id, content_type, database, options.format, text, force_str(obj))
    return columns


def _insert_versions(rows: list[tuple]) -> None:
    """Insert Version rows (``VERSION_COLUMNS``); on PostgreSQL with COPY (a kilobyte of
    JSON each, see ``dictionary.inserting``), without making model instances: at tens of
    thousands of rows, making them cost more than serializing."""
    connection = connections[router.db_for_write(Version)]
    if connection.vendor != "postgresql":
        Version.objects.bulk_create(
            Version(**dict(zip(VERSION_COLUMNS, row, strict=True))) for row in rows
        )
        return
    column = {field.attname: field.column for field in Version._meta.concrete_fields}
    copy_rows(connection, Version._meta.db_table, [column[name] for name in VERSION_COLUMNS], rows)


def _serialized(objects: list, options) -> list[str]:
    """Each object's ``serializers.serialize(format, [obj], fields=...)``, as reversion calls
    it. For JSON, Django's Python serializer makes the records (in one call) and each is
    encoded as Django's JSON serializer encodes it (same encoder class and options, so the
    same text), with the C encoder: Django's writes to a stream through the pure-Python one.
    """
    natural = options.use_natural_foreign_keys
    if options.format != "json":
        return [
            serializers.serialize(
                options.format, [obj], fields=options.fields, use_natural_foreign_keys=natural
            )
            for obj in objects
        ]
    records = serializers.serialize(
        "python", objects, fields=options.fields, use_natural_foreign_keys=natural
    )
    return [
        f"[{json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)}]" for record in records
    ]
