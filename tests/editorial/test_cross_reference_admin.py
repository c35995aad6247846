"""'See' and 'see also' in the entry admin: the target typed once, an entry or a wanted name."""

import pytest
from django.test import Client

from dictionary.models import Alias, CrossReference, Entry, ReferenceKind
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db

PREFIX = "outgoing_references"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _with_reference(data: dict, to: str, kind: str = ReferenceKind.SEE_ALSO) -> dict:
    """The form data with one more see-also row, as the admin's "Add another" makes it."""
    row = int(data[f"{PREFIX}-TOTAL_FORMS"])
    return {
        **data,
        f"{PREFIX}-TOTAL_FORMS": str(row + 1),
        f"{PREFIX}-{row}-id": "",
        f"{PREFIX}-{row}-to": to,
        f"{PREFIX}-{row}-kind": kind,
        f"{PREFIX}-{row}-order": "0",
    }


def _add(editor, headword: str, to: str, **more) -> tuple:
    client = _client(editor)
    data = change_form_data(client.get("/admin/dictionary/entry/add/").content.decode())
    data = {**data, "headword": headword, "entry_type": "person", "body": "Text.", **more}
    response = client.post("/admin/dictionary/entry/add/", _with_reference(data, to))
    return response, Entry.objects.filter(headword=headword).first()


def _change(editor, entry, change) -> tuple:
    client = _client(editor)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    return client.post(url, change(data))


def test_the_inline_asks_for_the_target_once(editor):
    entry = factories.make_entry("Serge, Victor")
    page = _client(editor).get(f"/admin/dictionary/entry/{entry.pk}/change/").content.decode()
    assert f'name="{PREFIX}-__prefix__-to"' in page and "To entry" in page
    assert "target as written" not in page.lower()
    assert f'name="{PREFIX}-__prefix__-target"' not in page
    assert f'name="{PREFIX}-__prefix__-target_text"' not in page
    # Inline references come from the body: not offered as a kind to type.
    kinds = page[page.index(f'name="{PREFIX}-__prefix__-kind"') :].split("</select>")[0]
    assert 'value="see-also"' in kinds and 'value="inline"' not in kinds


def test_adding_an_entry_with_a_see_also_to_an_existing_entry(editor):
    trotsky = factories.make_entry("Trotsky, Leon")
    response, serge = _add(editor, "Serge, Victor", "trotsky,  LEON")
    assert response.status_code == 302, response.content.decode()[:3000]
    [reference] = serge.outgoing_references.all()
    assert (reference.target, reference.target_text, reference.kind) == (
        trotsky,
        "Trotsky, Leon",  # the text is the entry's headword, whatever the spelling typed
        ReferenceKind.SEE_ALSO,
    )


def test_another_name_of_an_entry_leads_to_it(editor):
    trotsky = factories.make_entry("Trotsky, Leon", aliases=("Bronstein, Lev",))
    response, serge = _add(editor, "Serge, Victor", "Bronstein, Lev")
    assert response.status_code == 302
    reference = serge.outgoing_references.get()
    assert (reference.target, reference.target_text) == (trotsky, "Trotsky, Leon")


def test_a_name_no_entry_has_is_kept_as_wanted_and_linked_when_written(editor):
    response, serge = _add(editor, "Serge, Victor", "Rosmer, Alfred")
    assert response.status_code == 302
    reference = serge.outgoing_references.get()
    assert (reference.target, reference.target_text) == (None, "Rosmer, Alfred")
    assert list(CrossReference.objects.wanted().values_list("name", flat=True)) == [
        "Rosmer, Alfred"
    ]
    rosmer = factories.make_entry("Rosmer, Alfred")
    reference.refresh_from_db()
    assert reference.target == rosmer


def test_a_shared_headword_asks_for_the_address_which_then_picks(editor):
    factories.make_entry("Longman, Charles", dates="1809–1873")
    younger = factories.make_entry("Longman, Charles", dates="1852–1934")
    response, serge = _add(editor, "Serge, Victor", "Longman, Charles")
    page = response.content.decode()
    assert response.status_code == 200 and serge is None
    assert "2 entries are headed “Longman, Charles”: type the address" in page
    assert younger.slug in page
    response, serge = _add(editor, "Serge, Victor", younger.slug)
    assert response.status_code == 302
    assert serge.outgoing_references.get().target == younger


def test_an_entry_cannot_see_itself(editor):
    serge = factories.make_entry("Serge, Victor")
    response = _change(editor, serge, lambda data: _with_reference(data, "Serge, Victor"))
    assert "An entry cannot refer to itself." in response.content.decode()
    assert not serge.outgoing_references.exists()


def test_the_same_reference_twice_is_refused_with_a_message(editor):
    factories.make_entry("Trotsky, Leon")
    serge = factories.make_entry("Serge, Victor")

    def twice(data):
        return _with_reference(_with_reference(data, "Trotsky, Leon"), "trotsky, leon")

    response = _change(editor, serge, twice)
    assert response.status_code == 200
    assert "This entry already has this reference." in response.content.decode()
    assert not serge.outgoing_references.exists()


def test_an_existing_reference_under_another_spelling_stays_as_it_was(editor):
    """Rows written before the single field (a target and a text typed apart) stay valid."""
    trotsky = factories.make_entry("Trotsky, Leon")
    serge = factories.make_entry("Serge, Victor", body="A novelist.")
    CrossReference.objects.create(
        source=serge, target=trotsky, target_text="Trotsky, L. D.", kind=ReferenceKind.SEE_ALSO
    )
    Alias.objects.create(entry=factories.make_entry("Lenin"), name="Trotsky, L. D.")
    response = _change(editor, serge, lambda data: {**data, "body": "A novelist and poet."})
    assert response.status_code == 302, response.content.decode()[:3000]
    reference = serge.outgoing_references.get()
    assert (reference.target, reference.target_text) == (trotsky, "Trotsky, L. D.")
    assert Entry.objects.get(pk=serge.pk).body == "A novelist and poet."


def test_a_see_also_keeps_the_published_headword_not_a_drafts_rename(editor):
    serge = factories.make_published("Serge, Victor")
    factories.revise(serge, user=editor, headword="Kibalchich, Victor")  # a draft rename
    response, radek = _add(editor, "Radek, Karl", "serge-victor")
    assert response.status_code == 302
    reference = CrossReference.objects.get(source=radek)
    assert (reference.target, reference.target_text) == (serge, "Serge, Victor")
    # Once the rename is published, a new reference takes the new headword.
    factories.publish(serge)
    _, bukharin = _add(editor, "Bukharin, Nikolai", "serge-victor")
    assert CrossReference.objects.get(source=bukharin).target_text == "Kibalchich, Victor"
