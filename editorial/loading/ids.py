"""Ids kept across databases: the highest id a table has used, and moving the counter that
gives new rows their ids past ids an import writes itself (PostgreSQL or SQLite)."""

from django.db import connection
from django.db.models import Max


def highest_id_used(model) -> int:
    """The highest id ``model``'s table holds or has given (a deleted row's id is not
    given again, and its history may still name it); 0 for a table never written."""
    held = model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sequence = _sequence(cursor, model)
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            last, called = cursor.fetchone()
            given = last if called else 0
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            given = row[0] if row else 0
    return max(held, given)


def move_ids_past(model, highest: int) -> None:
    """New rows of ``model`` take ids above ``highest`` (and above those used already)."""
    if highest <= highest_id_used(model):
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(%s, %s)", [_sequence(cursor, model), highest])
            return
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [highest, table])
        if cursor.rowcount == 0:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest]
            )


def _sequence(cursor, model) -> str:
    """The name of the sequence that gives the model's ids (serial or identity column)."""
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
    )
    return cursor.fetchone()[0]
