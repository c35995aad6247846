"""PostgreSQL only: the admin finds words in entries' bodies through a full-text index on
``to_tsvector('simple', body)`` instead of the trigram index of migration 0015.

A trigram index holds a key for every three letters of every body, and keeping it up to date
made inserting and updating entries three to eight times slower; the seed import fell from
about 605 to 363 documents a second (issue 10 allows no fall). A full-text index holds a key
a word and answers the prefix queries of the admin's search (editorial.admin) as quickly.
It is not free: 273 body updates took a median 130 ms with it, 230 ms with the trigram index
and 55 ms with neither, most of the difference the parsing of the words (to_tsvector alone,
about 50 ms). "simple" lower-cases words and neither stems nor drops any.

At 100,000 entries, on a machine with a load average of 6 to 11, this took 24 to 35 s, and
going back (rebuilding the trigram index) 32 to 81 s. The table is locked against writes
while the index is built.
"""

from django.db import migrations

CREATE_FULL_TEXT = (
    "CREATE INDEX IF NOT EXISTS entry_body_simple_tsv ON dictionary_entry "
    "USING gin (to_tsvector('simple'::regconfig, body))"
)
DROP_FULL_TEXT = "DROP INDEX IF EXISTS entry_body_simple_tsv"
CREATE_TRIGRAM = (
    "CREATE INDEX IF NOT EXISTS entry_body_upper_trgm ON dictionary_entry "
    "USING gin (upper(body) gin_trgm_ops)"
)
DROP_TRIGRAM = "DROP INDEX IF EXISTS entry_body_upper_trgm"


def _on_postgresql(*statements: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("dictionary", "0018_frozen_alias_slugs_and_theme_names")]

    operations = [
        migrations.RunPython(
            _on_postgresql(DROP_TRIGRAM, CREATE_FULL_TEXT),
            _on_postgresql(DROP_FULL_TEXT, CREATE_TRIGRAM),
        )
    ]
