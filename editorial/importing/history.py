"""History for a batch of new rows: the Version rows reversion would store, written at once."""

import json
from collections.abc import Mapping
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, router
from django.utils.encoding import is_protected_type
from reversion.models import Revision, Version

from dictionary.inserting import copy_rows


def import_comment(name: str) -> str:
    """The comment of a file's import revision; re-imports recognise their own by it."""
    return f"Imported from {name}"


VERSION_COLUMNS = (
    "revision_id",
    "object_id",
    "content_type_id",
    "db",
    "format",
    "serialized_data",
    "object_repr",
)


def version_rows(
    recorded: list[tuple[Revision, object]], *, many_to_many: Mapping | None = None
) -> list[tuple]:
    """The Version rows (``VERSION_COLUMNS``) reversion would write for these (revision,
    object) pairs of new entries and their rows: ``serialized_data`` is the exact text of
    ``serializers.serialize("json", [obj])``.

    reversion serializes object by object through Django's serializer framework and the
    pure-Python JSON encoder; building the same dict directly and encoding it with
    ``json.dumps`` (the C encoder, same options) stores the same text several times faster.
    Many-to-many fields come from ``many_to_many`` ({obj: {"themes": [theme pks]}}, the pks
    in the order reversion's query returns them: the related model's default ordering), and
    are written empty for objects it leaves out. Taking them from memory spares the query
    per entry that reversion makes.
    """
    related = many_to_many or {}
    return [
        (
            revision.pk,
            str(obj.pk),
            ContentType.objects.get_for_model(obj).pk,
            router.db_for_write(type(obj)),
            "json",
            _serialized(obj, related.get(obj, {}) if related else {}),
            str(obj),
        )
        for revision, obj in recorded
    ]


def _serialized(obj, related: Mapping[str, list]) -> str:
    fields, many_to_many = _serialized_fields(type(obj))
    values = {field.name: _value(obj, field) for field in fields}
    values.update((name, list(related.get(name, ()))) for name in many_to_many)
    dumped = {"model": str(obj._meta), "pk": _value(obj, obj._meta.pk), "fields": values}
    return f"[{json.dumps(dumped, cls=DjangoJSONEncoder, ensure_ascii=False)}]"


@cache
def _serialized_fields(model) -> tuple[tuple, tuple]:
    """The fields Django's serializer writes for model, and its many-to-many field names."""
    meta = model._meta.concrete_model._meta
    fields = tuple(field for field in meta.local_fields if field.serialize)
    many_to_many = tuple(
        field.name
        for field in meta.local_many_to_many
        if field.serialize and field.remote_field.through._meta.auto_created
    )
    return fields, many_to_many


def _value(obj, field):
    # As Django's Python serializer: primitives as they are, anything else as a string.
    value = field.value_from_object(obj)
    return value if is_protected_type(value) else field.value_to_string(obj)


def insert_versions(rows: list[tuple]) -> None:
    """Insert Version rows; on PostgreSQL with COPY, for the reason ``dictionary.inserting``
    gives. The rows are the same either way."""
    if connection.vendor != "postgresql":
        versions = (Version(**dict(zip(VERSION_COLUMNS, row, strict=True))) for row in rows)
        Version.objects.bulk_create(versions)
        return
    column = {field.attname: field.column for field in Version._meta.concrete_fields}
    copy_rows(connection, Version._meta.db_table, [column[name] for name in VERSION_COLUMNS], rows)
