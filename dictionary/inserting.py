"""Inserting many new rows at once: ``bulk_create``, or on PostgreSQL a COPY.

Django's bulk insert on PostgreSQL binds one UNNEST array per column, and the driver quotes
every element of those arrays in Python. For rows carrying a kilobyte of text (an entry's
body, an edition's body and citations, a version's JSON) the quoting costs more than
building the rows; COPY sends them as they are. Insert triggers fire for COPY as for INSERT.
"""

from django.db import connections, router


def insert_new_rows(objs: list) -> None:
    """Insert unsaved instances of one model, as ``bulk_create(objs)`` does: each gets its
    primary key and counts as saved, related objects are checked the same way, and errors
    are Django's. On PostgreSQL the keys are drawn from the table's sequence first, then
    the rows are copied in; the model's ``save()`` is not called either way. Instances with
    a key already, and models whose columns the database fills (``db_default``, generated
    fields) or that inherit from another model, go through ``bulk_create``.
    """
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql" or not _copyable(model, objs):
        model._default_manager.using(using).bulk_create(objs)
        return
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    keys = _next_keys(connection, meta.db_table, meta.pk.column, len(objs))
    rows = (
        [key, *(field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields)]
        for key, obj in zip(keys, objs, strict=True)
    )
    copy_rows(connection, meta.db_table, [meta.pk.column, *(f.column for f in fields)], rows)
    for key, obj in zip(keys, objs, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using


def copy_rows(connection, table: str, columns: list[str], rows) -> None:
    """COPY ``rows`` (sequences of Python values, in ``columns`` order) into ``table``;
    a refused row raises Django's error (``IntegrityError`` ...), as an INSERT would."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    errors, cursor = connection.wrap_database_errors, connection.cursor()
    with errors, cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _copyable(model, objs: list) -> bool:
    meta = model._meta
    database_filled = any(
        field.generated or field.has_db_default() for field in meta.concrete_fields
    )
    return not (meta.parents or database_filled or any(obj.pk is not None for obj in objs))


def _next_keys(connection, table: str, column: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [key for (key,) in cursor.fetchall()]
