"""The one writer of each change: every kind of revision is reversion's own, every write
raises the lock version."""

import pytest
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from dictionary.models import Entry
from editorial.importing import import_seed_documents
from editorial.models import EntryRevision
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db


def _reverted_by_reversion(entry: Entry, version: Version) -> Entry:
    """Revert with reversion's own API, and read the entry back."""
    version.revision.revert(delete=True)
    return Entry.objects.get(pk=entry.pk)


def test_an_editor_who_opened_the_entry_before_an_import_is_refused(tmp_path, editor):
    path = factories.write_seed(tmp_path, "serge.txt", "Serge, Victor", "(1890–1947)A writer.")
    import_seed_documents(paths=[path], as_drafts=True)
    entry = Entry.objects.get()
    client = Client()
    client.force_login(editor)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    path.write_text("- Serge, Victor\n- (1890–1947)A writer and revolutionary.\n")
    report = import_seed_documents(paths=[path], as_drafts=True)
    assert report.updated == 1
    response = client.post(url, {**data, "body": "An editor's text."})
    assert response.status_code == 200
    assert "Someone else saved this entry after you opened it" in response.content.decode()
    assert Entry.objects.get().body == "A writer and revolutionary."


def test_reversion_reverts_an_imported_revision(tmp_path):
    path = factories.write_seed(tmp_path, "serge.txt", "Serge, Victor", "(1890–1947)A writer.")
    import_seed_documents(paths=[path], as_drafts=True)
    entry = Entry.objects.get()
    first = Version.objects.get_for_object(entry).get()
    assert first.field_dict["body"] == "A writer."
    record = EntryRevision.objects.get(revision=first.revision)
    assert (record.entry_id, record.source_file) == (entry.pk, "serge.txt")
    assert len(record.source_digest) == 64
    cited = sorted(entry.citations.values_list("work__title", "role"))
    assert cited  # the seed's source line is a work cited
    path.write_text("- Serge, Victor\n- (1890–1947)A novelist.\n")  # no source line now
    import_seed_documents(paths=[path], as_drafts=True)
    assert Entry.objects.get().body == "A novelist."
    assert sorted(entry.citations.values_list("work__title", "role")) != cited
    reverted = _reverted_by_reversion(entry, first)
    assert reverted.body == "A writer."
    assert sorted(reverted.citations.values_list("work__title", "role")) == cited


def test_reversion_reverts_a_generated_revision():
    call_command("generate_entries", 3, seed=3, revisions=2, batch_size=3)
    entry = Entry.objects.filter(aliases__isnull=False).first() or Entry.objects.first()
    versions = list(Version.objects.get_for_object(entry).order_by("revision_id"))
    assert len(versions) == 2
    first, latest = versions
    assert first.field_dict["body"] != latest.field_dict["body"] == entry.body
    aliases = sorted(entry.aliases.values_list("name", flat=True))
    reverted = _reverted_by_reversion(entry, first)
    assert reverted.body == first.field_dict["body"]
    assert sorted(reverted.aliases.values_list("name", flat=True)) == aliases
    assert EntryRevision.objects.filter(entry=entry).count() == 2


def test_reversion_reverts_an_admin_revision(editor):
    entry = factories.make_entry("Serge, Victor", body="A writer.", aliases=("Kibalchich",))
    client = Client()
    client.force_login(editor)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    assert client.post(url, {**data, "body": "Rewritten in the admin."}).status_code == 302
    admin_version = Version.objects.get_for_object(entry).first()
    assert admin_version.revision.user == editor
    assert admin_version.field_dict["body"] == "Rewritten in the admin."
    assert EntryRevision.objects.get(revision=admin_version.revision).entry_id == entry.pk
    factories.revise(Entry.objects.get(pk=entry.pk), user=editor, body="Later.")
    reverted = _reverted_by_reversion(entry, admin_version)
    assert reverted.body == "Rewritten in the admin."
    assert list(reverted.aliases.values_list("name", flat=True)) == ["Kibalchich"]
