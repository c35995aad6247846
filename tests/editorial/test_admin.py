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


def _opened_form(client, entry) -> tuple[str, dict]:
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    return url, change_form_data(client.get(url).content.decode())


def test_without_javascript_each_inline_offers_one_empty_row_ignored_when_blank(editor):

    serge = factories.make_entry("Serge, Victor", body="A writer.")
    client = Client()
    client.force_login(editor)
    url, data = _opened_form(client, serge)
    for prefix in ("aliases", "citations", "outgoing_references"):
        assert data[f"{prefix}-TOTAL_FORMS"] == "1" and data[f"{prefix}-INITIAL_FORMS"] == "0"
    assert client.post(url, {**data, "body": "A writer and poet."}).status_code == 302
    serge = Entry.objects.get(pk=serge.pk)
    assert serge.body == "A writer and poet."
    assert not serge.aliases.exists() and not serge.citations.exists()
    assert not serge.outgoing_references.exists()


def test_without_javascript_an_editor_adds_an_alias_a_citation_and_a_see_also(editor):
    from dictionary.models import ReferenceKind

    serge = factories.make_entry("Serge, Victor", body="A writer.")
    trotsky = factories.make_entry("Trotsky, Leon")
    memoirs = factories.make_work("Memoirs of a Revolutionary", year=1951)
    client = Client()
    client.force_login(editor)
    url, data = _opened_form(client, serge)
    typed = {
        "aliases-0-name": "Kibalchich, Victor",
        # The autocomplete's list is filled by script: without it, the title is typed.
        "citations-0-work_title": "Memoirs of a revolutionary",
        "citations-0-locator": "p. 12",
        "outgoing_references-0-to": "Trotsky, Leon",
    }
    response = client.post(url, {**data, **typed})
    assert response.status_code == 302, response.content.decode()[:3000]
    serge = Entry.objects.get(pk=serge.pk)
    assert list(serge.aliases.values_list("name", flat=True)) == ["Kibalchich, Victor"]
    assert [(c.work_id, c.locator) for c in serge.citations.all()] == [(memoirs.pk, "p. 12")]
    see_also = serge.outgoing_references.get(kind=ReferenceKind.SEE_ALSO)
    assert see_also.target == trotsky
    # Then the row after them is the empty one again.
    _, data = _opened_form(client, serge)
    assert data["aliases-TOTAL_FORMS"] == "2" and data["aliases-1-name"] == ""


def test_a_typed_title_that_names_no_work_or_two_is_refused_naming_the_row(editor):
    serge = factories.make_entry("Serge, Victor")
    factories.make_work("The Case of Comrade Tulayev", year=1948)
    factories.make_work("The Case of Comrade Tulayev", year=1967)
    client = Client()
    client.force_login(editor)
    url, data = _opened_form(client, serge)
    page = client.post(url, {**data, "citations-0-work_title": "Unwritten Book"}).content
    assert "No work is recorded with the title “Unwritten Book”" in page.decode()
    page = client.post(url, {**data, "citations-0-work_title": "The Case of Comrade Tulayev"})
    assert "2 works have this title (1948, 1967)" in page.content.decode()
    chosen = {**data, "citations-0-work_title": "The Case of Comrade Tulayev (1967)"}
    assert client.post(url, chosen).status_code == 302
    assert serge.citations.get().work.year == 1967
