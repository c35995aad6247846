"""The read API: published entries, editions, search, themes and works; formats and caching."""

import json
from pathlib import Path

import pytest
from lxml import etree

from dictionary.models import CitationRole, Entry, ReferenceKind, WorkType
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[2] / "data"
CSL_SCHEMA = json.loads((DATA / "csl-data.json").read_text())


@pytest.fixture
def serge(db):
    """Serge, published twice, with a theme, an alias, a work cited and a "see also"."""
    theme = factories.make_theme("Russian Revolution")
    factories.make_published("Zinoviev, Grigori", dates="1883–1936", body="A Bolshevik.")
    entry = factories.make_entry(
        "Serge, Victor",
        dates="1890–1947",
        body="A *revolutionary*, friend of [[Zinoviev, Grigori|Zinoviev]].\n\nSecond part.",
        aliases=("Kibalchich, Viktor",),
    )
    entry.themes.add(theme)
    memoirs = factories.make_work(
        "Memoirs of a Revolutionary",
        work_type=WorkType.BOOK,
        authors=[{"family": "Serge", "given": "Victor"}],
        year=1951,
    )
    factories.cite(entry, memoirs, role=CitationRole.WORK_BY_SUBJECT, locator="p. 3")
    entry.outgoing_references.create(target_text="Trotsky, Leon", kind=ReferenceKind.SEE_ALSO)
    factories.publish(entry, summary="First")
    factories.republish(entry, summary="Dates checked", dates="1890–1947")
    return entry


def test_entry_list_pages_by_position_like_the_reader_list(client, db, settings):
    for number in range(60):
        factories.make_published(f"Person {number:02d}")
    first = client.get("/api/v1/entries/").json()
    assert first["count"] == 60 and len(first["results"]) == 50
    assert first["previous"] is None and "after=" in first["next"]
    second = client.get(first["next"]).json()
    headwords = [row["headword"] for row in first["results"] + second["results"]]
    assert headwords == [f"Person {n:02d}" for n in range(60)]
    assert second["next"] is None and "before=" in second["previous"]


def test_entry_list_filters_and_rejects_bad_parameters(client, serge):
    rows = client.get("/api/v1/entries/", {"theme": "russian-revolution"}).json()["results"]
    assert [row["slug"] for row in rows] == ["serge-victor"]
    assert rows[0]["edition"] == 2
    assert rows[0]["url"] == "http://testserver/api/v1/entries/serge-victor/"
    assert client.get("/api/v1/entries/", {"letter": "Z"}).json()["count"] == 1
    bad = client.get("/api/v1/entries/", {"type": "planet"})
    assert bad.status_code == 400 and "planet" in bad.json()["errors"][0]


def test_entry_detail_gives_the_current_edition_frozen(client, serge):
    factories.revise(serge, user=None, body="An unpublished change.")
    data = client.get("/api/v1/entries/serge-victor/").json()
    assert data["edition"] == 2 and data["is_current"] is True
    assert data["body"].startswith("A *revolutionary*")
    assert data["aliases"] == ["Kibalchich, Viktor"]
    assert data["themes"] == [{"slug": "russian-revolution", "name": "Russian Revolution"}]
    assert data["citations"][0]["csl"]["title"] == "Memoirs of a Revolutionary"
    kinds = {(ref["target"], ref["kind"]) for ref in data["references"]}
    assert ("Trotsky, Leon", "see-also") in kinds and ("Zinoviev, Grigori", "inline") in kinds
    assert client.get("/api/v1/entries/no-such/").status_code == 404


def test_entry_detail_as_csl_json_by_accept_or_format(client, serge):
    import jsonschema

    response = client.get(
        "/api/v1/entries/serge-victor/", HTTP_ACCEPT="application/vnd.citationstyles.csl+json"
    )
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(response.content)
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["title"] == "Serge, Victor" and items[0]["version"] == "2"
    assert json.loads(client.get("/api/v1/entries/serge-victor/?format=csl").content) == items


def test_entry_detail_as_tei_is_valid_lex0(client, serge):
    response = client.get("/api/v1/entries/serge-victor/", HTTP_ACCEPT="application/tei+xml")
    assert response["Content-Type"].startswith("application/tei+xml")
    root = etree.fromstring(response.content)
    schema = etree.RelaxNG(etree.parse(str(DATA / "TEILex0.rng")))
    assert schema.validate(root), schema.error_log
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    assert root.findtext(".//tei:form[@type='lemma']/tei:orth", namespaces=ns) == "Serge, Victor"
    link = root.find(".//tei:def/tei:ref", namespaces=ns)
    assert link.text == "Zinoviev"
    assert link.get("target") == "http://testserver/entries/zinoviev-grigori/"
    # Trotsky has no published entry: the reference stays, without a link.
    xr = root.find(".//tei:xr/tei:ref", namespaces=ns)
    assert xr.text == "Trotsky, Leon" and xr.get("target") is None


def test_edition_resources_answer_conditional_requests_with_304(client, serge):
    url = "/api/v1/entries/serge-victor/editions/1/"
    response = client.get(url)
    assert response.status_code == 200 and response.json()["is_current"] is False
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    tei = client.get(url, HTTP_ACCEPT="application/tei+xml", HTTP_IF_NONE_MATCH=etag)
    assert tei.status_code == 200  # another representation, another tag
    current = client.get("/api/v1/entries/serge-victor/")
    assert (
        client.get("/api/v1/entries/serge-victor/", HTTP_IF_NONE_MATCH=current["ETag"]).status_code
        == 304
    )
    factories.republish(serge, summary="Third", body="New text.")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_api_answers_are_shared_as_briefly_as_the_readers_pages(client, serge, settings):
    """Without a Cache-Control a shared cache may keep an answer for a tenth of the age its
    Last-Modified gives, past a withdrawal; errors and refusals are not to be kept."""
    settings.HEADWORD_CACHE_SECONDS, settings.HEADWORD_STALE_SECONDS = 60, 30
    shared = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
    for url in [
        "/api/v1/entries/", "/api/v1/entries/serge-victor/", "/api/v1/search/?q=serge",
        "/api/v1/entries/serge-victor/editions/1/", "/api/v1/themes/",
    ]:  # fmt: skip
        response = client.get(url)
        assert (response.status_code, response["Cache-Control"]) == (200, shared), url
    etag = client.get("/api/v1/entries/serge-victor/")["ETag"]
    fresh = client.get("/api/v1/entries/serge-victor/", HTTP_IF_NONE_MATCH=etag)
    assert (fresh.status_code, fresh["Cache-Control"]) == (304, shared)
    missing = client.get("/api/v1/entries/no-such-entry/")
    assert missing.status_code == 404 and "Cache-Control" not in missing
    assert "Surrogate-Key" not in missing
    settings.HEADWORD_API_RATE = "1/minute"
    client.get("/api/v1/themes/")
    refused = client.get("/api/v1/themes/")
    assert refused.status_code == 429 and "public" not in refused.get("Cache-Control", "")


def test_api_answers_name_what_they_show_for_a_cdn_purge(client, serge):
    serge_id = Entry.objects.get(slug="serge-victor").pk
    shown = {
        url: set(client.get(url)["Surrogate-Key"].split())
        for url in [
            "/api/v1/entries/", "/api/v1/search/?q=serge", "/api/v1/themes/",
            "/api/v1/entries/serge-victor/", "/api/v1/entries/serge-victor/editions/",
            "/api/v1/entries/serge-victor/editions/1/",
        ]
    }  # fmt: skip
    for url in ["/api/v1/entries/", "/api/v1/search/?q=serge"]:  # lists name their rows
        assert {"headword", "listings", f"entry-{serge_id}"} <= shown[url], url
    assert shown["/api/v1/themes/"] == {"headword", "listings"}
    for url in ["/api/v1/entries/serge-victor/", "/api/v1/entries/serge-victor/editions/"]:
        assert f"entry-{serge_id}" in shown[url] and "listings" not in shown[url], url
    zinoviev_id = Entry.objects.get(slug="zinoviev-grigori").pk  # Serge's text links him
    assert f"entry-{zinoviev_id}" in shown["/api/v1/entries/serge-victor/"]
    etag = client.get("/api/v1/entries/serge-victor/")["ETag"]
    fresh = client.get("/api/v1/entries/serge-victor/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 304 and f"entry-{serge_id}" in fresh["Cache-Tag"].split()


def test_edition_list_newest_first(client, serge):
    rows = client.get("/api/v1/entries/serge-victor/editions/").json()
    assert [(row["edition"], row["is_current"]) for row in rows] == [(2, True), (1, False)]
    assert rows[1]["url"].endswith("/api/v1/entries/serge-victor/editions/1/")
    assert client.get("/api/v1/entries/serge-victor/editions/3/").status_code == 404


def test_search_ranks_and_highlights(client, serge):
    data = client.get("/api/v1/search/", {"q": "revolutionary"}).json()
    assert [row["slug"] for row in data["results"]] == ["serge-victor"]
    assert "<mark>" in data["results"][0]["snippet"]
    assert client.get("/api/v1/search/").status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/search/", "/api/v1/entries/"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (" ".join(["comintern"] * 400), "at most 200 characters"),
        (" ".join(f"w{n}" for n in range(40)), "at most 12 different words"),
    ],
    ids=["long", "many-words"],
)
def test_the_api_refuses_searches_beyond_the_caps_as_the_site_does(
    client, serge, url, query, message, django_assert_max_num_queries
):
    # Issue 16, point 1: the same caps as /entries/, answered before any search runs.
    with django_assert_max_num_queries(2):
        response = client.get(url, {"q": query})
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"])


def test_themes_and_works_are_those_of_current_editions(client, serge):
    draft = factories.make_entry("Draft, Person")
    draft.themes.add(factories.make_theme("Drafttheme"))
    factories.cite(draft, factories.make_work("Draftbook"))
    themes = client.get("/api/v1/themes/").json()
    assert [theme["slug"] for theme in themes] == ["russian-revolution"]
    works = client.get("/api/v1/works/").json()["results"]
    assert [work["csl"]["title"] for work in works] == ["Memoirs of a Revolutionary"]
    assert works[0]["cited_by"] == ["serge-victor"]
    one = client.get(f"/api/v1/works/{works[0]['id']}/").json()
    assert one == works[0]
    assert client.get("/api/v1/works/?after=x").status_code == 400


def test_cors_is_open_for_reading(client, serge):
    response = client.get("/api/v1/entries/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(
        "/entries/", HTTP_ORIGIN="https://example.org"
    )


def test_anonymous_clients_are_throttled(client, db, settings):
    settings.HEADWORD_API_RATE = "3/minute"
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_openapi_document_and_docs_are_served_without_a_cdn(client, db):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    paths = json.loads(document.content)["paths"]
    assert "/api/v1/entries/{slug}/editions/{number}/" in paths
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger" in docs.lower()
    assert "cdn" not in docs and "https://" not in docs


def test_list_and_entry_query_counts(client, serge, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/api/v1/entries/")
    with django_assert_max_num_queries(6):
        client.get("/api/v1/entries/serge-victor/")


def test_inline_links_to_unpublished_entries_are_their_labels_alone(client, db):
    factories.make_entry("Hidden, Person", body="Not published.")
    factories.make_published("Open, Entry", body="Met [[Hidden, Person|a stranger]].")
    data = client.get("/api/v1/entries/open-entry/").json()
    assert data["body"] == "Met a stranger."
    assert data["references"] == []
    assert "Hidden" not in client.get("/api/v1/entries/open-entry/?format=tei").content.decode()


def test_a_renamed_entry_redirects_to_its_new_slug(client, serge):
    factories.republish(serge, summary="Renamed", headword="Serge, Viktor", slug="serge-viktor")
    response = client.get("/api/v1/entries/serge-victor/editions/1/?format=tei")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/entries/serge-viktor/editions/1/?format=tei"
    assert client.get("/api/v1/entries/serge-victor/")["Location"].endswith("/serge-viktor/")
