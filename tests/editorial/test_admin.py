"""The entry admin refuses text that would break pages or feeds, with a message at the field."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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


def _signed_and_cited(works: int) -> Entry:
    entry = factories.make_entry(body="See [[Serge, Victor]].", aliases=(f"Alias {works}",))
    with factories.revising(entry, comment="Cited and signed"):
        for number in range(works):
            factories.cite(entry, factories.make_work(f"Cited work {number}"), order=number + 1)
        for number in range(works):
            factories.credit(entry, factories.make_contributor(f"Signer{number}"), order=number)
    return entry


def _change_page_queries(user, entry) -> tuple[str, list[str]]:
    client = Client()
    client.force_login(user)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    client.get(url)  # content types and known abbreviations read once
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    return page, [query["sql"] for query in captured.captured_queries]


def test_the_change_page_reads_the_entry_once_and_each_inlines_choices_together(editor):
    """The workflow links, the quality findings and the form share one read of the entry;
    the chosen works and contributors of every row come with their rows, however many."""
    few, many = _signed_and_cited(1), _signed_and_cited(6)
    _page, few_queries = _change_page_queries(editor, few)
    page, many_queries = _change_page_queries(editor, many)
    # Before: 26 with one work and one contributor, 46 with six of each (three reads of
    # the entry; two queries per row, its autocomplete choice and its title).
    assert len(many_queries) == len(few_queries) <= 20
    column = f"{connection.ops.quote_name(Entry._meta.db_table)}.{connection.ops.quote_name('id')}"
    assert len([sql for sql in many_queries if f"WHERE {column} = {many.pk}" in sql]) == 1
    for citation in many.citations.select_related("work"):
        assert f'<option value="{citation.work_id}" selected>{citation.work}</option>' in page
    for credited in many.credits.select_related("contributor"):
        assert (
            f'<option value="{credited.contributor_id}" selected>{credited.contributor}</option>'
            in page
        )
