"""PostgreSQL only: a trigram index on the upper-cased body of entries.

The admin's entry search looks for each word in the body too (issue 14); without an index
that is a scan of every working copy, over half a second a query at 100,000 entries, and the
changelist runs it for its count and its page. The index answers "contains" as the ones on
headwords and aliases do (migration 0003).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS entry_body_upper_trgm ON dictionary_entry "
    "USING gin (upper(body) gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS entry_body_upper_trgm"


def _on_postgresql(statement: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("dictionary", "0014_publication_generation")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
