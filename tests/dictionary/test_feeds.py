"""The Atom feed of new and revised entries, and sitemap.xml: current editions only."""

import xml.etree.ElementTree as ET

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def content():
    serge = factories.make_published("Serge, Victor", body="A novelist.")
    factories.republish(serge, body="A novelist and poet.", summary="Added his poetry")
    factories.make_published("Zinoviev, Grigori", body="A Bolshevik.")
    factories.make_entry("Draft, Entry", body="Not yet.")
    return serge


def test_feed_lists_new_and_revised_entries_newest_first(client, content):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == ["Zinoviev, Grigori (new)", "Serge, Victor (revised, edition 2)"]
    revised = entries[1]
    assert revised.find(f"{ATOM}link").get("href") == "http://testserver/entries/serge-victor/"
    assert revised.find(f"{ATOM}id").text.endswith("/entries/serge-victor/editions/2/")
    assert "Added his poetry" in revised.find(f"{ATOM}summary").text
    assert b"Draft" not in response.content


def test_feed_is_linked_from_every_page(client, content):
    assert 'type="application/atom+xml"' in client.get("/").content.decode()


def test_sitemap_index_and_entries_section(client, content):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-entries.xml" in sections
    response = client.get("/sitemap-entries.xml")
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert urls == [
        "http://testserver/entries/serge-victor/",
        "http://testserver/entries/zinoviev-grigori/",
    ]
    assert b"<lastmod>" in response.content


def test_sitemap_pages_section(client, content):
    response = client.get("/sitemap-pages.xml")
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert urls == [
        "http://testserver/",
        "http://testserver/entries/",
        "http://testserver/chronology/",
    ]


@pytest.mark.parametrize("size", [2, 20])
def test_feed_and_sitemap_queries_do_not_grow(client, django_assert_max_num_queries, size):
    for number in range(size):
        factories.make_published(f"Entry {number:03d}")
    with django_assert_max_num_queries(2):
        client.get("/feed/")
    with django_assert_max_num_queries(3):
        client.get("/sitemap-entries.xml")


def _summaries(client) -> list[str]:
    feed = ET.fromstring(client.get("/feed/").content)
    return [entry.find(f"{ATOM}summary").text for entry in feed.findall(f"{ATOM}entry")]


def test_feed_summaries_are_escaped_html_that_runs_nothing(client):
    # The feed declares its summaries HTML: a reader that renders them as declared ran the
    # audit's <img onerror> from 66 of 475 items.
    payload = "Text <img src=x onerror=alert(1)> & <script>alert(2)</script>"
    entry = factories.make_published("Payload, Body", body=payload)
    factories.republish(entry, body=payload + " More.", summary="Fixed <b onmouseover=alert(3)>")
    (summary,) = _summaries(client)
    assert "<img" not in summary and "<script" not in summary and "<b " not in summary
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;" in summary
    assert summary.startswith("Fixed &lt;b onmouseover=alert(3)&gt; — Text")


def test_feed_survives_characters_xml_cannot_carry(client):
    # Rows written before such characters were refused on save: one made the feed a 500.
    entry = factories.make_published("Control, Characters", body="A\x1bB line\x0bbreak.")
    entry.editions.update(summary="A\x1bB line\x0bbreak.", headword="Control\x1b, Characters")
    response = client.get("/feed/")
    assert response.status_code == 200
    assert _summaries(client) == ["A B line break."]


def test_feed_ids_name_the_base_url_and_links_the_host_that_served_them(client, settings):
    # README, "Addresses": ids must not change with the host a reader used; links must work
    # there. `make demo` sets HEADWORD_BASE_URL from its HOST, so in the demo both agree.
    settings.HEADWORD_BASE_URL = "http://127.0.0.1:8123/"
    factories.make_published("Serge, Victor", body="A novelist.")
    feed = ET.fromstring(client.get("/feed/", HTTP_HOST="localhost:8123").content)
    assert feed.find(f"{ATOM}id").text == "http://127.0.0.1:8123/feed/"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text == "http://127.0.0.1:8123/entries/serge-victor/editions/1/"
    assert entry.find(f"{ATOM}link").get("href") == "http://localhost:8123/entries/serge-victor/"
    assert feed.find(f"{ATOM}link").get("href") == "http://localhost:8123/entries/?sort=revised"
