"""Database checks: rows the editorial workflow relies on and that only repairs can make."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connections, router

from .models import EntryWorkflow


@register(Tags.database)
def entries_have_workflows(app_configs, databases=None, **kwargs):
    """Every entry has its workflow row: ``create_entries`` makes it with the entry, so a
    missing one means rows written past the services (``loaddata``, a shell). Requests never
    make it (no GET writes), so the check names them and the command that repairs them.

    Runs with ``check --database default`` and before ``migrate``; quiet while the tables do
    not exist yet. A warning, not an error: an error would stop ``migrate``, whose
    migration 0002 makes the rows of databases older than the workflow.
    """
    from .services import entries_without_workflow

    errors = []
    for alias in databases or []:
        if not router.allow_migrate_model(alias, EntryWorkflow):
            continue
        tables = connections[alias].introspection.table_names()
        if EntryWorkflow._meta.db_table not in tables:
            continue
        try:
            missing = entries_without_workflow().using(alias)
            count = missing.count()
            names = [str(entry) for entry in missing.order_by("pk")[:3]]
        except DatabaseError:  # a schema half-way through its migrations
            continue
        if count:
            errors.append(
                Warning(
                    f"{count} entries have no workflow row, e.g. {', '.join(names)}: the "
                    "editorial workflow refuses them until they have one.",
                    hint="Run `python manage.py repair_workflows`.",
                    obj=alias,
                    id="headword.W001",
                )
            )
    return errors
