"""Every entry has its workflow row: made with the entry, or by ensure_workflows for entries
written outside editorial, in the state their editions imply."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
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


def test_missing_rows_are_made_in_the_state_the_editions_imply(chief):
    entries = _written_outside_editorial(chief)
    logged = Transition.objects.count()
    rows = services.ensure_workflows(entries=entries.values())
    assert {name: rows[entry.pk].state for name, entry in entries.items()} == EXPECTED_STATES
    assert {name: entry.workflow.state for name, entry in entries.items()} == EXPECTED_STATES
    assert _states() == {
        "Radek, Karl": State.DRAFT,
        "Serge, Victor": State.PUBLISHED,
        "Zinoviev, Grigori": State.UNPUBLISHED,
    }
    assert Transition.objects.count() == logged  # a row made is not a step taken


def test_rows_read_along_with_the_entries_cost_no_query(django_assert_num_queries):
    factories.make_published("Serge, Victor")
    services.get_workflow(factories.make_entry("Radek, Karl"))
    loaded = list(Entry.objects.select_related("workflow"))
    with django_assert_num_queries(0):
        rows = services.ensure_workflows(entries=loaded)
    assert {rows[entry.pk].state for entry in loaded} == {State.PUBLISHED, State.DRAFT}
    plain = list(Entry.objects.all())
    with django_assert_num_queries(1):
        services.ensure_workflows(entries=plain)


def test_making_rows_twice_or_from_a_stale_read_adds_nothing(chief):
    entries = _written_outside_editorial(chief)
    stale = list(Entry.objects.select_related("workflow"))  # read before the rows exist
    services.ensure_workflows(entries=entries.values())
    services.ensure_workflows(entries=stale)  # as a second request at the same moment would
    assert EntryWorkflow.objects.count() == 3


def test_get_workflow_makes_the_row_of_an_entry_written_outside_editorial(chief, editor):
    entries = _written_outside_editorial(chief)
    workflow = services.get_workflow(entries["published"])
    assert (workflow.pk is not None, workflow.state) == (True, State.PUBLISHED)
    factories.revise(entries["published"], user=editor, body="Changed.")
    assert services.get_workflow(entries["published"]).state == State.DRAFT


def test_the_changelist_shows_and_makes_the_rows_of_such_entries(chief):
    _written_outside_editorial(chief)
    client = Client()
    client.force_login(chief)
    page = client.get("/admin/dictionary/entry/").content.decode()
    assert "Withdrawn from publication" in page and "Published" in page
    assert _states() == {
        "Radek, Karl": State.DRAFT,
        "Serge, Victor": State.PUBLISHED,
        "Zinoviev, Grigori": State.UNPUBLISHED,
    }


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
    kept = factories.make_entry("Bukharin, Nikolai")
    services.get_workflow(kept)
    migration.create_missing_rows(apps, schema_editor=None)
    assert {name: entry.workflow.state for name, entry in entries.items()} == EXPECTED_STATES
    assert EntryWorkflow.objects.count() == 4


# Bulk publishing of imported entries ----------------------------------------------------------


def _imported(*headwords) -> list[Entry]:
    return [factories.make_entry(headword) for headword in headwords]


@pytest.mark.parametrize("rows_made", [False, True], ids=["without-rows", "with-draft-rows"])
def test_bulk_publishing_takes_new_entries_with_or_without_their_rows(rows_made):
    entries = _imported("Radek, Karl", "Serge, Victor")
    if rows_made:
        services.ensure_workflows(entries=entries)
    services.publish_imported_entries(items=[EditionRequest(entry) for entry in entries])
    rows = EntryWorkflow.objects.filter(entry__in=entries)
    assert sorted(rows.values_list("state", "version")) == [(State.PUBLISHED, 2)] * 2
    assert Transition.objects.filter(entry__in=entries, to_state=State.PUBLISHED).count() == 2


def test_bulk_publishing_refuses_an_entry_already_moved_in_the_workflow(editor):
    radek, serge = _imported("Radek, Karl", "Serge, Victor")
    services.submit_for_review(entry=serge, user=editor, message="New.")
    with pytest.raises(ValidationError, match="never published nor in the workflow"):
        services.publish_imported_entries(items=[EditionRequest(radek), EditionRequest(serge)])
    assert services.get_workflow(serge).state == State.IN_REVIEW
    assert not radek.editions.exists()
