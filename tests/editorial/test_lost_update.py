"""No lost update: a save based on a stale copy of an entry is refused, nothing overwritten."""

import pytest
from django.test import Client

from dictionary.models import Entry
from editorial import services
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(db):
    return factories.make_entry("Serge, Victor", body="A revolutionary and writer.")


def _opened_by(user, entry) -> tuple[Client, str, dict]:
    client = Client()
    client.force_login(user)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    return client, url, change_form_data(response.content.decode())


def test_the_change_form_carries_the_loaded_lock_version(serge, editor):
    _, _, data = _opened_by(editor, serge)
    assert data["loaded_lock_version"] == str(serge.lock_version)
    assert data["body"] == "A revolutionary and writer."


def test_second_of_two_saves_is_refused_and_shown_the_difference(serge, editor):
    other = factories.make_user("other", role="Editors")
    first, url, first_data = _opened_by(editor, serge)
    second, _, second_data = _opened_by(other, serge)
    response = first.post(url, {**first_data, "body": "A revolutionary and novelist."})
    assert response.status_code == 302
    response = second.post(url, {**second_data, "body": "A revolutionary and poet."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this entry after you opened it" in page
    assert "Someone else saved this entry first" in page
    assert "novelist" in page and "poet" in page  # their version and yours, compared
    entry = Entry.objects.get(pk=serge.pk)
    assert entry.body == "A revolutionary and novelist."
    assert entry.lock_version == serge.lock_version + 1


def test_a_fresh_save_passes_and_raises_the_lock_version(serge, editor):
    client, url, data = _opened_by(editor, serge)
    assert client.post(url, {**data, "body": "Rewritten."}).status_code == 302
    client, url, data = _opened_by(editor, serge)
    assert client.post(url, {**data, "body": "Rewritten again."}).status_code == 302
    entry = Entry.objects.get(pk=serge.pk)
    assert (entry.body, entry.lock_version) == ("Rewritten again.", serge.lock_version + 2)


def test_a_save_without_the_loaded_version_is_refused(serge, editor):
    client, url, data = _opened_by(editor, serge)
    del data["loaded_lock_version"]
    response = client.post(url, {**data, "body": "No version."}, follow=True)
    assert "Someone else saved" in response.content.decode()
    assert Entry.objects.get(pk=serge.pk).body == "A revolutionary and writer."


def test_the_update_itself_refuses_a_race_past_the_form(serge):
    loaded = serge.lock_version
    services.claim_entry_version(entry=Entry.objects.get(pk=serge.pk), loaded_version=loaded)
    with pytest.raises(services.StaleEntryError, match="nothing of theirs was overwritten"):
        services.claim_entry_version(entry=Entry.objects.get(pk=serge.pk), loaded_version=loaded)
    assert Entry.objects.get(pk=serge.pk).lock_version == loaded + 1


def test_a_save_in_review_withdraws_the_submission(serge, editor):
    services.submit_for_review(entry=serge, user=editor, message="Please look.")
    client, url, data = _opened_by(editor, serge)
    assert client.post(url, {**data, "body": "Changed in review."}).status_code == 302
    assert services.get_workflow(serge).state == "draft"


def test_a_save_with_inline_rows_keeps_them(editor):
    entry = factories.make_entry("Serge, Victor", aliases=("Kibalchich, Viktor",), body="Text.")
    factories.cite(entry, factories.make_work("Memoirs of a Revolutionary", year=1951))
    client, url, data = _opened_by(editor, entry)
    response = client.post(url, {**data, "body": "Text, revised."})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.body == "Text, revised."
    assert list(entry.aliases.values_list("name", flat=True)) == ["Kibalchich, Viktor"]
    assert entry.citations.get().work.title == "Memoirs of a Revolutionary"
