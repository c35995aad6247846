"""While a change is drafted or in review, no public URL shows any of it."""

import pytest

from dictionary.downloads import DOWNLOAD_FORMATS
from dictionary.models import Entry
from editorial import services
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarine"


@pytest.fixture
def in_review(db, editor):
    factories.make_roles()
    serge = factories.make_entry("Serge, Victor", dates="1890–1947", body="A revolutionary.")
    factories.publish(serge)
    factories.make_entry("Radek, Karl", body=f"Never published {SECRET}.")
    serge = Entry.objects.get(pk=serge.pk)
    factories.revise(
        serge,
        user=editor,
        dates="1890–1937",
        body=f"A {SECRET} revolutionary; see [[Radek, Karl]].",
    )
    services.submit_for_review(entry=serge, user=editor, message="Secret change.")
    return serge


def _public_urls() -> list[str]:
    urls = [
        "/",
        "/entries/",
        "/entries/?letter=R",
        "/chronology/",
        "/feed/",
        "/sitemap.xml",
        "/sitemap-entries.xml",
        "/sitemap-pages.xml",
        "/entries/serge-victor/",
        "/entries/serge-victor/editions/",
        "/entries/serge-victor/editions/1/",
        "/entries/serge-victor/editions/2/",
        "/entries/radek-karl/",
    ]
    for fmt, _label in DOWNLOAD_FORMATS:
        urls += [
            f"/entries/serge-victor/cite.{fmt}",
            f"/entries/serge-victor/editions/1/cite.{fmt}",
            f"/entries/serge-victor/works-cited.{fmt}",
            f"/entries/radek-karl/cite.{fmt}",
        ]
    return urls


def test_no_public_url_shows_the_change_in_review(in_review, client):
    for url in _public_urls():
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        assert SECRET not in text, url
        assert "1937" not in text, url
        if "radek" in url:  # the not-found page names the address asked for, no more
            assert response.status_code == 404, url
        else:
            assert "radek-karl" not in text and "Radek, Karl" not in text, url
    found = client.get("/entries/", {"q": SECRET}).content.decode()
    assert "/entries/serge-victor/" not in found  # the search box echoes the query, no more
    found = client.get("/entries/", {"q": "Radek"}).content.decode()
    assert "/entries/radek-karl/" not in found and "/entries/serge-victor/" not in found
    page = client.get("/entries/serge-victor/").content.decode()
    assert "A revolutionary." in page and "1890–1947" in page
    assert client.get("/entries/radek-karl/").status_code == 404
    assert client.get("/entries/serge-victor/editions/2/").status_code == 404
