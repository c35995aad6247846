"""Inserting many new rows at once: ``bulk_create``, or on PostgreSQL a COPY.

Django's bulk insert on PostgreSQL binds one UNNEST array per column, and the driver quotes
every element of those arrays in Python. For rows carrying a kilobyte of text (an entry's
body, an edition's body and citations, a version's JSON) the quoting costs more than
building the rows; COPY sends them as they are. Insert triggers fire for COPY as for INSERT.
"""

from django.db import connections, router


def insert_new_rows(objs: list) -> None:
    """Insert unsaved instances of one model, as ``bulk_create(objs)`` does: each gets its
    primary key and counts as saved. On PostgreSQL the keys are drawn from the table's
    sequence first, then the rows are copied in. Related objects must be saved before they
    are assigned (as ``bulk_create`` also requires); the model's ``save()`` is not called.
    """
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return
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
    """COPY ``rows`` (sequences of Python values, in ``columns`` order) into ``table``."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _next_keys(connection, table: str, column: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [key for (key,) in cursor.fetchall()]
