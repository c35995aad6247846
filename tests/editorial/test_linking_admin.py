"""Wanted entries and "what links here" in the workspace."""

import pytest
from django.test import Client

from dictionary.models import CrossReference
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def linked():
    factories.make_entry("Serge, Victor", body="Friend of [[Kibalchich, Vlady]] and [[Nobody]].")
    factories.make_entry("Trotsky, Leon", body="Painted by [[Kibalchich, Vlady|Vlady]].")
    return factories.make_entry("Zinoviev", body="Knew [[Serge, Victor|Serge]].")


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief"])
def test_wanted_entries_lists_targets_with_counts(
    role, request, linked, django_assert_max_num_queries
):
    client = _as(request.getfixturevalue(role))
    with django_assert_max_num_queries(8):
        response = client.get("/admin/dictionary/entry/wanted/")
    assert response.status_code == 200
    rows = [(row["name"], row["entries"]) for row in response.context["page"].object_list]
    assert rows == [("Kibalchich, Vlady", 2), ("Nobody", 1)]
    page = response.content.decode()
    create = 'href="/admin/dictionary/entry/add/?headword=Kibalchich%2C%20Vlady"'
    assert (create in page) == (role != "reviewer")  # reviewers do not create entries


def test_creating_a_wanted_entry_takes_one_click_and_links_its_references(linked, editor):
    client = _as(editor)
    url = "/admin/dictionary/entry/add/?headword=Kibalchich%2C%20Vlady"
    data = change_form_data(client.get(url).content.decode())
    assert data["headword"] == "Kibalchich, Vlady"
    assert client.post("/admin/dictionary/entry/add/", data).status_code == 302
    assert (
        not CrossReference.objects.filter(target_key__startswith="kibalchich")
        .filter(target__isnull=True)
        .exists()
    )
    rows = client.get("/admin/dictionary/entry/wanted/").context["page"].object_list
    assert [row["name"] for row in rows] == ["Nobody"]


def test_what_links_here_includes_drafts(linked, editor):
    serge = CrossReference.objects.get(target_text="Serge, Victor").target
    page = _as(editor).get(f"/admin/dictionary/entry/{serge.pk}/change/").content.decode()
    assert "What links here" in page
    assert "Zinoviev</a>\n        (inline, as “Serge, Victor”)" not in page  # headword equal
    assert f'href="/admin/dictionary/entry/{linked.pk}/change/">Zinoviev</a>' in page
    alone = factories.make_entry("Alone")
    page = _as(editor).get(f"/admin/dictionary/entry/{alone.pk}/change/").content.decode()
    assert "No entry links here, not even a draft." in page
