"""The entry admin refuses text that would break pages or feeds, with a message at the field."""

import pytest
from django.test import Client

from dictionary.models import Entry
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db


def _change_form(user, entry) -> tuple[Client, str, dict]:
    client = Client()
    client.force_login(user)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    return client, url, change_form_data(client.get(url).content.decode())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "Line one\x0bline two.", "U+000B (a vertical tab, Word&#x27;s manual line"),
        ("body", "Text \x1b[31m red.", "U+001B (ESC) at character 6"),
        ("headword", "Serge\x00, Victor", "Null characters are not allowed."),
        ("dates", "1890\x08–1947", "U+0008"),
        ("headword", "— ? —", "A headword needs at least one letter or digit."),
    ],
)
def test_a_save_with_a_control_character_or_an_empty_headword_is_refused(
    editor, field, value, message
):
    entry = factories.make_entry("Serge, Victor", body="A novelist.")
    client, url, data = _change_form(editor, entry)
    response = client.post(url, {**data, field: value})
    assert response.status_code == 200  # the form again, with the message
    assert message in response.content.decode()
    entry.refresh_from_db()
    assert (entry.headword, entry.body, entry.lock_version) == ("Serge, Victor", "A novelist.", 1)


def test_an_alias_with_a_control_character_is_refused(editor):
    entry = factories.make_entry("Serge, Victor", aliases=("Kibalchich",))
    client, url, data = _change_form(editor, entry)
    alias = next(key for key in data if key.startswith("aliases-") and key.endswith("-name"))
    response = client.post(url, {**data, alias: "Kibal\x1bchich"})
    assert "invisible control character" in response.content.decode()
    assert list(Entry.objects.get().aliases.values_list("name", flat=True)) == ["Kibalchich"]
