"""Every entry has its workflow row: made with the entry, or by ``repair_workflows`` for
entries written outside editorial, in the state their editions imply. Requests never make
one: the system check names the entries without, and the workflow refuses them."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import Client

from dictionary.editions import EditionRequest
from dictionary.models import Entry
from editorial import services
from editorial.models import EntryWorkflow, State, Transition
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db


def _written_outside_editorial(chief) -> dict[str, Entry]:
    """A new draft, a published entry and a withdrawn one, whose rows are then deleted, as
    for entries written outside the services (loaddata, a shell)."""
    entries = {
        "draft": factories.make_entry("Radek, Karl"),
        "published": factories.make_published("Serge, Victor"),
        "withdrawn": factories.make_published("Zinoviev, Grigori"),
    }
    services.unpublish(entry=entries["withdrawn"], user=chief, reason="Disputed.")
    EntryWorkflow.objects.all().delete()
    return {name: Entry.objects.get(pk=entry.pk) for name, entry in entries.items()}


EXPECTED_STATES = {
    "draft": State.DRAFT,
    "published": State.PUBLISHED,
    "withdrawn": State.UNPUBLISHED,
}


def _states() -> dict[str, str]:
    return {str(row.entry): row.state for row in EntryWorkflow.objects.select_related("entry")}


def test_new_entries_start_as_drafts_in_one_insert(django_assert_num_queries):
    entries = [Entry.objects.create(headword=name) for name in ("Radek, Karl", "Serge, Victor")]
    with django_assert_num_queries(1):
        services.start_workflows(entries=entries)
        assert [entry.workflow.state for entry in entries] == [State.DRAFT] * 2
    assert EntryWorkflow.objects.filter(entry__in=entries, version=1).count() == 2
    assert services.get_workflow(entries[0]).state == State.DRAFT


def test_repair_makes_the_missing_rows_in_the_state_the_editions_imply(chief):
    entries = _written_outside_editorial(chief)
    logged = Transition.objects.count()
    assert services.repair_workflows(batch_size=2) == 3
    assert _states() == {
        "Radek, Karl": State.DRAFT,
        "Serge, Victor": State.PUBLISHED,
        "Zinoviev, Grigori": State.UNPUBLISHED,
    }
    assert {name: services.get_workflow(e).state for name, e in entries.items()} == EXPECTED_STATES
    assert Transition.objects.count() == logged  # a row made is not a step taken
    assert services.repair_workflows() == 0  # a second run finds nothing to make
    assert EntryWorkflow.objects.count() == 3


def test_the_command_repairs_and_summarises(chief):
    _written_outside_editorial(chief)
    out = StringIO()
    call_command("repair_workflows", "--batch-size", "2", stdout=out)
    assert "3 entries have no workflow row" in out.getvalue()
    assert "2/3 entries" in out.getvalue() and "3/3 entries" in out.getvalue()
    assert "Made 3 workflow rows; 0 entries are still without." in out.getvalue()
    assert _states()["Zinoviev, Grigori"] == State.UNPUBLISHED
    again = StringIO()
    call_command("repair_workflows", stdout=again)
    assert "Every entry has its workflow row." in again.getvalue()


def test_the_system_check_names_entries_without_a_row(chief):
    assert not [e for e in run_checks(databases=["default"]) if e.id == "headword.W001"]
    _written_outside_editorial(chief)
    [error] = [e for e in run_checks(databases=["default"]) if e.id == "headword.W001"]
    assert error.msg.startswith("3 entries have no workflow row, e.g. Radek, Karl")
    assert "repair_workflows" in error.hint
    services.repair_workflows()
    assert not [e for e in run_checks(databases=["default"]) if e.id == "headword.W001"]


def test_the_workflow_refuses_an_entry_without_a_row_and_writes_nothing(chief, editor):
    entries = _written_outside_editorial(chief)
    with pytest.raises(services.MissingWorkflowError, match="repair_workflows"):
        services.get_workflow(entries["published"])
    with pytest.raises(services.MissingWorkflowError):
        services.submit_for_review(entry=entries["draft"], user=editor, message="New.")
    assert not EntryWorkflow.objects.exists()


def test_the_admin_shows_such_entries_without_making_their_rows(chief):
    entries = _written_outside_editorial(chief)
    client = Client()
    client.force_login(chief)
    page = client.get("/admin/dictionary/entry/").content.decode()
    assert page.count("none (run repair_workflows)") == 3
    change = client.get(f"/admin/dictionary/entry/{entries['draft'].pk}/change/")
    assert change.status_code == 200
    assert "repair_workflows" in change.content.decode()
    review = client.get(f"/admin/dictionary/entry/{entries['draft'].pk}/review/", follow=True)
    assert "has no workflow row yet" in review.content.decode()
    assert not EntryWorkflow.objects.exists()


def test_an_entry_added_in_the_admin_has_a_draft_row_and_no_step(editor):
    client = Client()
    client.force_login(editor)
    data = change_form_data(client.get("/admin/dictionary/entry/add/").content.decode())
    data.update(headword="Radek, Karl", slug="radek-karl", entry_type="person", body="Born.")
    assert client.post("/admin/dictionary/entry/add/", data).status_code == 302
    entry = Entry.objects.get(headword="Radek, Karl")
    assert entry.workflow.state == State.DRAFT
    assert not Transition.objects.filter(entry=entry).exists()


def test_the_migration_makes_the_missing_rows_in_batches(chief, monkeypatch):
    migration = importlib.import_module("editorial.migrations.0002_workflow_for_every_entry")
    monkeypatch.setattr(migration, "BATCH", 2)
    entries = _written_outside_editorial(chief)
    factories.make_entry("Bukharin, Nikolai")  # has its row from the start
    migration.create_missing_rows(apps, schema_editor=None)
    assert {name: entry.workflow.state for name, entry in entries.items()} == EXPECTED_STATES
    assert EntryWorkflow.objects.count() == 4


# Bulk publishing of imported entries ----------------------------------------------------------


def _imported(*headwords) -> list[Entry]:
    return [factories.make_entry(headword) for headword in headwords]


def test_bulk_publishing_takes_new_entries_with_their_draft_rows():
    entries = _imported("Radek, Karl", "Serge, Victor")
    services.publish_imported_entries(items=[EditionRequest(entry) for entry in entries])
    rows = EntryWorkflow.objects.filter(entry__in=entries)
    assert sorted(rows.values_list("state", "version")) == [(State.PUBLISHED, 2)] * 2
    assert Transition.objects.filter(entry__in=entries, to_state=State.PUBLISHED).count() == 2


def test_bulk_publishing_refuses_an_entry_already_moved_in_the_workflow(editor):
    radek, serge = _imported("Radek, Karl", "Serge, Victor")
    services.submit_for_review(entry=serge, user=editor, message="New.")
    with pytest.raises(services.StaleWorkflowError, match="has not moved since they were made"):
        services.publish_imported_entries(items=[EditionRequest(radek), EditionRequest(serge)])
    assert services.get_workflow(serge).state == State.IN_REVIEW
    assert not radek.editions.exists()
