"""Citation downloads: formats, file names, the edition cited, and nothing unpublished."""

import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from dictionary.models import WorkType
from dictionary.views.downloads import edition_url
from tests import factories

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "csl-data.json").read_text())
CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


@pytest.fixture
def serge(db):
    """Serge, published once, with a work by him and a work about him."""
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body="A revolutionary.")
    memoirs = factories.make_work(
        "Memoirs of a Revolutionary",
        work_type=WorkType.BOOK,
        authors=[{"family": "Serge", "given": "Victor"}],
        year=1951,
        publisher="Oxford University Press",
    )
    study = factories.make_work(
        "Victor Serge: The Course is Set on Hope",
        work_type=WorkType.CHAPTER,
        authors=[{"family": "Weissman", "given": "Susan"}],
        container_title="Revolutionary Lives",
        pages="1-30",
        year=2001,
    )
    factories.cite(entry, memoirs, role="by-subject", order=0)
    factories.cite(entry, study, role="further-reading", locator="ch. 2", order=0)
    factories.publish(entry)
    return entry


def revise(entry, body="A revolutionary and novelist."):
    with factories.revising(entry):
        entry.body = body
        entry.save()
    return factories.publish(entry, summary="Revised")


def withdraw(entry):
    from editorial.services import unpublish

    unpublish(entry=entry, user=factories.make_user(is_superuser=True), reason="Under review")


def parse_bibtex(text):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return library.entries


def values(entry) -> dict:
    return {field.key: field.value for field in entry.fields}


def test_download_routes_have_the_documented_shapes():
    assert reverse("dictionary:entry_citation", kwargs={"slug": "a-b", "fmt": "bib"}) == (
        "/entries/a-b/cite.bib"
    )
    assert reverse(
        "dictionary:edition_citation", kwargs={"slug": "a-b", "number": 2, "fmt": "ris"}
    ) == ("/entries/a-b/editions/2/cite.ris")
    assert reverse("dictionary:works_cited", kwargs={"slug": "a-b", "fmt": "json"}) == (
        "/entries/a-b/works-cited.json"
    )


# Entry citations ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_entry_citation_has_its_content_type_and_file_name(client, serge, fmt):
    response = client.get(f"/entries/serge-victor/cite.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="serge-victor-edition-1.{fmt}"'
    )


def test_entry_bibtex_is_classic_and_cites_the_current_editions_permanent_url(client, serge):
    revise(serge)
    response = client.get("/entries/serge-victor/cite.bib")
    [entry] = parse_bibtex(response.content.decode())
    assert entry.entry_type == "incollection"
    assert entry.key == "serge-victor-ed2"
    assert values(entry)["title"] == "{Serge, Victor}"
    assert values(entry)["url"] == "http://testserver/entries/serge-victor/editions/2/"
    assert values(entry)["year"] == str(timezone.localdate().year)
    assert values(entry)["edition"] == "2"
    note = values(entry)["note"]
    assert f"Version 2; accessed {timezone.localdate().isoformat()}" in note
    assert serge.editions.get(number=2).fingerprint in note


def test_entry_biblatex_cites_the_current_editions_permanent_url(client, serge):
    revise(serge)
    response = client.get("/entries/serge-victor/cite.biblatex")
    assert response["Content-Disposition"] == (
        'attachment; filename="serge-victor-edition-2.biblatex.bib"'
    )
    [entry] = parse_bibtex(response.content.decode())
    assert entry.entry_type == "inreference"
    assert entry.key == "serge-victor-ed2"
    assert values(entry)["title"] == "{Serge, Victor}"
    assert values(entry)["url"] == "http://testserver/entries/serge-victor/editions/2/"
    assert values(entry)["urldate"] == timezone.localdate().isoformat()
    assert values(entry)["version"] == "2"


def test_entry_ris_is_an_encyclopedia_entry(client, serge):
    text = client.get("/entries/serge-victor/cite.ris").content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ENCYC"
    assert "ER  - " in lines
    assert "UR  - http://testserver/entries/serge-victor/editions/1/" in lines


def test_entry_csl_json_validates_and_keeps_utf8(client):
    entry = factories.make_entry("Lukács, György", dates="1885–1971")
    factories.publish(entry)
    response = client.get("/entries/lukacs-gyorgy/cite.json")
    assert "Lukács, György".encode() in response.content
    items = json.loads(response.content)
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["type"] == "entry-encyclopedia"
    assert items[0]["URL"] == "http://testserver/entries/lukacs-gyorgy/editions/1/"


def test_tricky_headword_downloads_as_parseable_bibtex(client):
    entry = factories.make_entry("AT&T 100% {x}_y")
    factories.publish(entry)
    response = client.get(f"/entries/{entry.slug}/cite.bib")
    [parsed] = parse_bibtex(response.content.decode())
    assert values(parsed)["title"] == r"{AT\&T 100\% \{x\}\_y}"


# Edition citations --------------------------------------------------------------------


def test_a_superseded_edition_is_cited_at_its_own_url(client, serge):
    revise(serge)
    response = client.get("/entries/serge-victor/editions/1/cite.bib")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="serge-victor-edition-1.bib"'
    [entry] = parse_bibtex(response.content.decode())
    assert values(entry)["url"] == "http://testserver/entries/serge-victor/editions/1/"
    assert values(entry)["edition"] == "1"
    response = client.get("/entries/serge-victor/editions/1/cite.biblatex")
    [entry] = parse_bibtex(response.content.decode())
    assert values(entry)["version"] == "1"


def test_an_editions_permanent_downloads_and_page_carry_no_access_date(client, serge):
    """They are cached for a year (immutable), so the day of the first request would be
    printed to every later reader; the current entry's downloads and page, revalidated
    daily, keep the reader's access date."""
    today = timezone.localdate()
    current = client.get("/entries/serge-victor/cite.ris").content.decode()
    fixed = client.get("/entries/serge-victor/editions/1/cite.ris").content.decode()
    assert f"Y2  - {today:%Y/%m/%d}" in current and "Y2  -" not in fixed
    assert "urldate" in client.get("/entries/serge-victor/cite.biblatex").content.decode()
    assert (
        "urldate"
        not in client.get("/entries/serge-victor/editions/1/cite.biblatex").content.decode()
    )
    [item] = json.loads(client.get("/entries/serge-victor/editions/1/cite.json").content)
    assert "accessed" not in item and item["version"] == "1"
    [item] = json.loads(client.get("/entries/serge-victor/cite.json").content)
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    mla_date = f"Accessed {today.day} "
    assert mla_date in client.get("/entries/serge-victor/").content.decode()
    page = client.get("/entries/serge-victor/editions/1/").content.decode()
    assert "Accessed" not in page and "Retrieved" not in page and "accessed" not in page


def test_after_a_rename_every_edition_is_cited_under_the_current_slug(client, serge):
    with factories.revising(serge):
        serge.slug = "victor-serge"
        serge.save()
    factories.publish(serge, summary="Renamed")
    # Citations handed out before the rename keep working, as the pages do: a permanent
    # redirect to the same download under the current slug.
    for old, new in [
        ("editions/1/cite.bib", "editions/1/cite.bib"),
        ("cite.ris", "cite.ris"),
        ("works-cited.json", "works-cited.json"),
    ]:
        moved = client.get(f"/entries/serge-victor/{old}")
        assert (moved.status_code, moved["Location"]) == (301, f"/entries/victor-serge/{new}")
    assert client.get("/entries/nobody-at-all/cite.bib").status_code == 404
    response = client.get("/entries/victor-serge/editions/1/cite.bib")
    assert response["Content-Disposition"] == 'attachment; filename="victor-serge-edition-1.bib"'
    [entry] = parse_bibtex(response.content.decode())
    assert values(entry)["url"] == "http://testserver/entries/victor-serge/editions/1/"


def test_edition_url_falls_back_to_the_configured_base_url(serge, settings):
    settings.HEADWORD_BASE_URL = "https://dictionary.example.org/"
    edition = serge.editions.get()
    assert edition_url(None, edition) == (
        "https://dictionary.example.org/entries/serge-victor/editions/1/"
    )


def test_a_missing_edition_number_is_404(client, serge):
    response = client.get("/entries/serge-victor/editions/7/cite.bib")
    assert response.status_code == 404
    assert "There is no edition 7" in response.content.decode()


# Works cited --------------------------------------------------------------------------


def test_works_cited_bibtex_maps_work_types(client, serge):
    response = client.get("/entries/serge-victor/works-cited.bib")
    assert response["Content-Type"] == CONTENT_TYPES["bib"]
    assert response["Content-Disposition"] == (
        'attachment; filename="serge-victor-works-cited.bib"'
    )
    book, chapter = parse_bibtex(response.content.decode())
    assert (book.entry_type, chapter.entry_type) == ("book", "incollection")
    assert values(book)["title"] == "Memoirs of a Revolutionary"
    assert values(book)["keywords"] == "by-subject"
    assert values(chapter)["booktitle"] == "Revolutionary Lives"
    assert values(chapter)["note"] == "Further reading; cited at ch. 2"


def test_works_cited_ris_and_csl_json(client, serge):
    ris = client.get("/entries/serge-victor/works-cited.ris").content.decode()
    assert ris.startswith("TY  - BOOK\r\n") and "TY  - CHAP\r\n" in ris
    assert ris.count("ER  - \r\n") == 2
    items = json.loads(client.get("/entries/serge-victor/works-cited.json").content)
    jsonschema.validate(items, CSL_SCHEMA)
    assert [(item["type"], item["keyword"]) for item in items] == [
        ("book", "Work by the subject"),
        ("chapter", "Further reading"),
    ]


def test_works_cited_reads_the_published_edition_not_the_working_copy(client, serge):
    factories.cite(serge, factories.make_work("Unpublished addition"), role="source")
    text = client.get("/entries/serge-victor/works-cited.bib").content.decode()
    assert "Unpublished addition" not in text


# Errors and what never leaks -----------------------------------------------------------

ALL_VIEWS = [
    "/entries/{slug}/cite.{fmt}",
    "/entries/{slug}/editions/1/cite.{fmt}",
    "/entries/{slug}/works-cited.{fmt}",
]


@pytest.mark.parametrize("pattern", ALL_VIEWS)
def test_an_unknown_format_is_404_naming_the_formats(client, serge, pattern):
    response = client.get(pattern.format(slug="serge-victor", fmt="docx"))
    assert response.status_code == 404
    message = response.content.decode()
    assert "“docx”" in message and "bib (BibTeX)" in message and "json (CSL-JSON)" in message


@pytest.mark.parametrize("pattern", ALL_VIEWS)
@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_a_never_published_entry_is_404_and_leaks_nothing(client, pattern, fmt):
    entry = factories.make_entry("Secret, Draft", body="Not yet approved.")
    factories.cite(entry, factories.make_work("Hidden work"))
    response = client.get(pattern.format(slug=entry.slug, fmt=fmt))
    assert response.status_code == 404
    assert "Hidden work" not in response.content.decode()
    assert "Secret, Draft" not in response.content.decode()


@pytest.mark.parametrize("pattern", ALL_VIEWS)
def test_a_withdrawn_entry_is_404_with_all_its_editions(client, serge, pattern):
    revise(serge)
    withdraw(serge)
    response = client.get(pattern.format(slug="serge-victor", fmt="bib"))
    assert response.status_code == 404
    assert response.content.decode() == (
        client.get(pattern.format(slug="no-such-entry", fmt="bib")).content.decode()
    ).replace("no-such-entry", "serge-victor")


@pytest.mark.parametrize("role", [None, "Editors", "Reviewers", "Editors-in-chief"])
def test_every_role_gets_the_same_public_downloads(client, serge, role):
    draft = factories.make_entry("Draft, Only")
    if role:
        client.force_login(factories.make_user(role=role))
    assert client.get("/entries/serge-victor/cite.bib").status_code == 200
    assert client.get(f"/entries/{draft.slug}/cite.bib").status_code == 404
    assert client.get(f"/entries/{draft.slug}/works-cited.json").status_code == 404


def test_downloads_refuse_posts(client, serge):
    assert client.post("/entries/serge-victor/cite.bib").status_code == 405


@pytest.mark.parametrize(
    "pattern",
    [
        "/entries/serge-victor/cite.{fmt}",
        "/entries/serge-victor/editions/1/cite.{fmt}",
        "/entries/serge-victor/works-cited.{fmt}",
    ],
)
def test_query_count_stays_small_with_many_works_and_editions(
    client, serge, pattern, django_assert_max_num_queries
):
    for number in range(30):
        factories.cite(serge, factories.make_work(f"Extra work {number}"), role="source")
    revise(serge)
    revise(serge, body="A third edition.")
    for fmt in ("bib", "ris", "json"):
        with django_assert_max_num_queries(4):
            response = client.get(pattern.format(fmt=fmt))
        assert response.status_code == 200
