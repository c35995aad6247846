"""Give every entry that has none its workflow row, in the state its editions imply.

From here on the code creates the row with the entry; entries written before got theirs on
first use only, and some never did. Like ``services.repair_workflows`` (copied, as a
migration must not follow later changes of the code): published with a current edition,
withdrawn with only past ones, else draft.
"""

from django.db import migrations

BATCH = 2000


def _states(Edition, entry_ids: list[int]) -> dict[int, str]:
    editions = Edition.objects.filter(entry_id__in=entry_ids).order_by()
    states = {}
    for entry_id, is_current in editions.values_list("entry_id", "is_current"):
        if is_current or entry_id not in states:
            states[entry_id] = "published" if is_current else "unpublished"
    return states


def create_missing_rows(apps, schema_editor):
    Entry = apps.get_model("dictionary", "Entry")
    Edition = apps.get_model("dictionary", "Edition")
    EntryWorkflow = apps.get_model("editorial", "EntryWorkflow")
    without = Entry.objects.filter(workflow__isnull=True).order_by("pk")
    while entry_ids := list(without.values_list("pk", flat=True)[:BATCH]):
        states = _states(Edition, entry_ids)
        EntryWorkflow.objects.bulk_create(
            EntryWorkflow(entry_id=pk, state=states.get(pk, "draft")) for pk in entry_ids
        )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_initial")]

    # Going back keeps the rows: the schema before had room for them.
    operations = [migrations.RunPython(create_missing_rows, migrations.RunPython.noop)]
