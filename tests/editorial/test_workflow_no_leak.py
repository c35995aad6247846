"""While a change is drafted or in review, no public URL shows any of it."""

import re

import pytest

from dictionary.models import Entry
from dictionary.views.downloads import DOWNLOAD_FORMATS
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
    for slug in ("serge-victor", "radek-karl"):
        for fmt in ("json", "csl", "tei"):
            urls += [f"/api/v1/entries/{slug}/?format={fmt}"]
            urls += [f"/api/v1/entries/{slug}/editions/1/?format={fmt}"]
            urls += [f"/api/v1/entries/{slug}/editions/2/?format={fmt}"]
        urls += [f"/api/v1/entries/{slug}/editions/"]
    urls += ["/api/v1/entries/", "/api/v1/entries/?letter=R", "/api/v1/themes/"]
    urls += ["/api/v1/works/", "/api/v1/search/?q=revolutionary", f"/api/v1/search/?q={SECRET}"]
    urls += ["/oai/?verb=ListRecords&metadataPrefix=oai_dc", "/oai/?verb=ListSets"]
    for pk in Entry.objects.values_list("pk", flat=True):
        urls += [f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:headword:entry/{pk}"]
    return urls


def test_no_public_url_shows_the_change_in_review(in_review, client):
    for url in _public_urls():
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        if "q=" not in url:  # a search may echo its words, no more (checked below)
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


def _all_sitemap_sections(client) -> str:
    """Every section the sitemap index lists, read as a search engine would follow it."""
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", index)
    assert sections, index
    return "".join(
        client.get(section.replace("&amp;", "&")).content.decode() for section in sections
    )


def test_readers_still_find_the_last_edition_while_a_change_is_in_review(in_review, client):
    listed = "/entries/serge-victor/"
    pages = {
        "search": client.get("/entries/", {"q": "revolutionary"}),
        "list": client.get("/entries/"),
        # 1940–45 overlaps the published 1890–1947 but not the pending 1890–1937.
        "period": client.get("/entries/", {"period": "1940-1945"}),
        "feed": client.get("/feed/"),
        "chronology": client.get("/chronology/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert listed in response.content.decode(), name
    assert listed in _all_sitemap_sections(client)
    assert "1890–1947" in pages["list"].content.decode()
    assert "1890–1947" in pages["chronology"].content.decode()
    # The period filter does filter: after both the published and the pending dates, nothing.
    assert listed not in client.get("/entries/", {"period": "1950-1960"}).content.decode()


def test_alias_urls_follow_the_published_edition_through_review(db, editor, reviewer, client):
    """A new slug for an alias, and a new alias, wait in review like any change; the
    published alias URL keeps working until the approval, then the new ones take over."""
    factories.make_roles()
    serge = factories.make_entry("Serge, Victor", body="A revolutionary.", aliases=("Le Rétif",))
    factories.publish(serge)
    serge = Entry.objects.get(pk=serge.pk)
    with factories.revising(serge, user=editor):
        alias = serge.aliases.get(name="Le Rétif")
        alias.slug = "retif"
        alias.save()
        serge.aliases.create(name="Kibalchich")
    services.submit_for_review(entry=serge, user=editor, message="Slugs.")

    def status(slug):
        response = client.get(f"/entries/{slug}/")
        return response.status_code, response.get("Location")

    moved = (301, "/entries/serge-victor/")
    gone = (404, None)
    assert [status(slug) for slug in ("le-retif", "retif", "kibalchich")] == [moved, gone, gone]
    services.approve_and_publish(entry=serge, user=reviewer)
    assert [status(slug) for slug in ("le-retif", "retif", "kibalchich")] == [gone, moved, moved]
