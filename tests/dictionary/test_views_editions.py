"""Edition history: the list of editions and each past edition at its permanent URL."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised():
    entry = factories.make_published("Serge, Victor", body="First text.", summary="First edition")
    factories.republish(entry, body="Second text.", summary="Corrected the dates")
    return entry


def test_edition_list_shows_numbers_dates_and_summaries(client, revised):
    response = client.get("/entries/serge-victor/editions/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Edition 2") < page.index("Edition 1")
    assert "Corrected the dates" in page and "First edition" in page
    assert 'href="/entries/serge-victor/editions/1/"' in page
    assert "current" in page


def test_current_entry_page_shows_the_latest_edition_line(client, revised):
    page = client.get("/entries/serge-victor/").content.decode()
    assert "Second text." in page and "First text." not in page
    assert "last revised" in page and "edition 2." in page


def test_past_edition_is_readable_and_marked_superseded(client, revised):
    response = client.get("/entries/serge-victor/editions/1/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "First text." in page and "Second text." not in page
    assert "It has been superseded" in page
    assert 'href="/entries/serge-victor/">read the current edition (2)</a>' in page
    assert (
        '<link rel="canonical" href="http://testserver/entries/serge-victor/editions/1/">' in page
    )
    assert 'href="/entries/serge-victor/editions/1/cite.bib"' in page


def test_current_edition_at_its_permanent_url_is_not_superseded(client, revised):
    page = client.get("/entries/serge-victor/editions/2/").content.decode()
    assert "Second text." in page and "superseded" not in page


def test_missing_edition_and_unpublished_entry_are_404(client, revised):
    assert client.get("/entries/serge-victor/editions/3/").status_code == 404
    draft = factories.make_entry("Draft, Only")
    assert client.get(f"/entries/{draft.slug}/editions/").status_code == 404
    assert client.get(f"/entries/{draft.slug}/editions/1/").status_code == 404


def test_renamed_entry_keeps_its_old_urls_by_redirecting(client, revised):
    old_edition_url = "/entries/serge-victor/editions/1/"
    factories.republish(revised, slug="victor-serge", summary="New URL")
    assert client.get("/entries/victor-serge/").status_code == 200
    response = client.get(old_edition_url)
    assert response.status_code == 301
    assert response["Location"] == "/entries/victor-serge/editions/1/"
    assert client.get("/entries/serge-victor/")["Location"] == "/entries/victor-serge/"
    assert client.get("/entries/serge-victor/editions/")["Location"] == (
        "/entries/victor-serge/editions/"
    )
    assert "First text." in client.get(response["Location"]).content.decode()


def test_a_withdrawn_entrys_old_slug_does_not_redirect(client, revised):
    factories.make_roles()
    from editorial.services import unpublish

    chief = factories.make_user("chief-w", role="Editors-in-chief")
    unpublish(entry=revised, user=chief, reason="Test")
    # Gone (410), not moved: the old URLs say the entry was withdrawn.
    assert client.get("/entries/serge-victor/editions/1/").status_code == 410
    assert client.get("/entries/serge-victor/").status_code == 410
