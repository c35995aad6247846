"""Works in the workspace: authors and editors typed as rows of names, found by author."""

import re

import pytest
from django.test import Client

from dictionary.models import Work
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    factories.make_roles()
    client = Client()
    client.force_login(factories.make_user("chief", role="Editors-in-chief"))
    return client


def test_the_work_form_has_name_rows_not_json(staff):
    work = factories.make_work(
        "Memoirs", authors=[{"given": "Victor", "family": "Serge"}, {"literal": "Museum"}]
    )
    page = staff.get(f"/admin/dictionary/work/{work.pk}/change/").content.decode()
    assert 'name="authors-0-given" value="Victor"' in page
    assert 'name="authors-1-literal" value="Museum"' in page
    assert 'name="authors-3-family"' in page  # two empty rows for new names
    assert "[{" not in page and "&quot;family&quot;" not in page


def test_saving_name_rows_stores_csl_names_and_drops_empty_rows(staff):
    data = {
        "work_type": "book",
        "title": "Guide",
        "authors-0-given": " Ann ",
        "authors-0-family": "Lee",
        "authors-1-literal": "Museum of the Revolution",
        "authors-2-given": "",
        "editors-0-family": "Roe",
        "editors-0-given": "Tom",
    }
    response = staff.post("/admin/dictionary/work/add/", data)
    assert response.status_code == 302
    work = Work.objects.get()
    assert work.authors == [
        {"given": "Ann", "family": "Lee"},
        {"literal": "Museum of the Revolution"},
    ]
    assert work.editors == [{"given": "Tom", "family": "Roe"}]


def test_a_row_both_personal_and_corporate_is_refused(staff):
    data = {
        "work_type": "book",
        "title": "Guide",
        "authors-0-family": "Lee",
        "authors-0-literal": "Museum",
    }
    page = staff.post("/admin/dictionary/work/add/", data).content.decode()
    assert "not both" in page and not Work.objects.exists()


def test_the_work_autocomplete_finds_works_by_author(staff):
    factories.make_work(
        "The Course Is Set on Hope", authors=[{"given": "Susan", "family": "Weissman"}]
    )
    factories.make_work("Other book", authors=[{"given": "Ann", "family": "Lee"}])
    response = staff.get(
        "/admin/autocomplete/",
        {
            "term": "weissman",
            "app_label": "dictionary",
            "model_name": "citation",
            "field_name": "work",
        },
    )
    titles = [row["text"] for row in response.json()["results"]]
    assert titles == ["The Course Is Set on Hope"]
    listed = staff.get("/admin/dictionary/work/?q=Weissman").content.decode()
    assert re.search(r"The Course Is Set on Hope", listed) and "Other book" not in listed
