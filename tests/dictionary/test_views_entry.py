"""Entry pages: links to published targets only, see also, referenced by, works, citing."""

import html
import json
import re

import pytest

from dictionary.models import CitationRole, ReferenceKind
from tests import factories

pytestmark = pytest.mark.django_db


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def serge():
    zinoviev = factories.make_published("Zinoviev, Grigori", dates="1883–1936")
    entry = factories.make_entry(
        "Serge, Victor",
        dates="1890–1947",
        aliases=("Khibalchich, Victor",),
        body="Worked with [[Zinoviev, Grigori|Zinoviev]] and [[Radek, Karl]] in the *Comintern*.",
    )
    entry.outgoing_references.create(
        target=zinoviev, target_text="Zinoviev, Grigori", kind=ReferenceKind.SEE_ALSO
    )
    entry.themes.add(factories.make_theme("Exile"))
    memoirs = factories.make_work(
        "Memoirs of a Revolutionary",
        year=1951,
        publisher="OUP",
        authors=[{"family": "Serge", "given": "Victor"}],
    )
    study = factories.make_work(
        "The Course Is Set on Hope", year=2014, authors=[{"family": "Weissman", "given": "Susan"}]
    )
    source = factories.make_work("A Biographical Dictionary", year=2010)
    factories.cite(entry, memoirs, role=CitationRole.WORK_BY_SUBJECT)
    factories.cite(entry, study, role=CitationRole.FURTHER_READING, locator="pp. 1–20")
    factories.cite(entry, source, role=CitationRole.SOURCE)
    factories.publish(entry)
    return entry


def test_entry_page_shows_the_edition(client, serge):
    page = page_of(client, "/entries/serge-victor/")
    assert "<h1" in page and "Serge, Victor" in page and "1890–1947" in page
    assert "Person" in page and 'href="/entries/?theme=exile"' in page
    assert "Khibalchich, Victor" in page
    assert "<em>Comintern</em>" in page
    assert re.search(r"First published .*; edition 1\.", page)
    assert 'href="/entries/serge-victor/editions/"' in page


def test_cross_references_link_only_to_published_entries(client, serge):
    page = page_of(client, "/entries/serge-victor/")
    assert '<a class="xref" href="/entries/zinoviev-grigori/">Zinoviev</a>' in page
    assert '<span class="xref-unlinked">Radek, Karl</span>' in page
    assert "/entries/radek-karl/" not in page
    factories.make_entry("Radek, Karl")  # exists now, but only as a draft
    assert "/entries/radek-karl/" not in page_of(client, "/entries/serge-victor/")


def test_a_target_published_later_becomes_a_link(client, serge):
    radek = factories.make_entry("Radek, Karl")
    factories.publish(radek)
    assert 'href="/entries/radek-karl/"' in page_of(client, "/entries/serge-victor/")


def test_see_also_and_referenced_by(client, serge):
    page = page_of(client, "/entries/serge-victor/")
    see_also = page[page.index('id="see-also-heading"') :]
    assert 'href="/entries/zinoviev-grigori/"' in see_also
    target = page_of(client, "/entries/zinoviev-grigori/")
    referenced = target[target.index('id="referenced-by-heading"') :]
    assert 'href="/entries/serge-victor/">Serge, Victor</a>' in referenced


def test_referenced_by_lists_only_current_editions(client):
    zinoviev = factories.make_published("Zinoviev, Grigori")
    factories.make_entry("Draft, Referrer", body="See [[Zinoviev, Grigori]].")
    page = page_of(client, "/entries/zinoviev-grigori/")
    assert "Referenced by" not in page and "Draft, Referrer" not in page
    assert zinoviev.pk


def test_works_cited_are_grouped_by_role(client, serge):
    page = page_of(client, "/entries/serge-victor/")
    works = page.index("Works</h3>")
    further = page.index("Further reading</h3>")
    source = page.index("Source</h3>")
    assert works < page.index("Memoirs of a Revolutionary") < further
    assert further < page.index("Weissman, Susan") < source
    assert page.index("A Biographical Dictionary") > source
    assert "cited at pp. 1–20" in page


def test_works_cited_print_names_as_the_exports_do(client):
    """Particles, suffixes and institutions read the same on the page, in RIS and BibTeX."""
    entry = factories.make_entry("Gogh, Vincent van")
    letters = factories.make_work(
        "Letters",
        year=1914,
        authors=[
            {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
            {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        ],
    )
    catalogue = factories.make_work(
        "Catalogue", year=1990, authors=[{"literal": "Van Gogh Museum"}]
    )
    factories.cite(entry, letters, role=CitationRole.WORK_BY_SUBJECT)
    factories.cite(entry, catalogue, role=CitationRole.SOURCE)
    factories.publish(entry)
    page = page_of(client, "/entries/gogh-vincent-van/")
    works = page[page.index('id="works-heading"') :]
    assert (
        '<span class="authors">van Gogh, Vincent; Beethoven, Ludwig van; '
        "King, Martin Luther, Jr.</span>. <cite>Letters</cite>, 1914." in works
    )
    assert '<span class="authors">Van Gogh Museum</span>. <cite>Catalogue</cite>, 1990.' in works
    ris = page_of(client, "/entries/gogh-vincent-van/works-cited.ris")
    for line in ("AU  - van Gogh, Vincent", "AU  - Beethoven, Ludwig van"):
        assert line + "\r\n" in ris
    assert "AU  - King, Martin Luther, Jr.\r\n" in ris and "AU  - Van Gogh Museum\r\n" in ris
    bib = page_of(client, "/entries/gogh-vincent-van/works-cited.bib")
    assert (
        "author = {van Gogh, Vincent and Beethoven, Ludwig van and King, Jr., Martin Luther}" in bib
    )
    assert "author = {{Van Gogh Museum}}" in bib


def test_a_name_stored_as_bare_text_prints_as_written_everywhere(client):
    """Works stored before names were checked may hold a plain string: it is a literal name,
    on the page and in the exports, never a broken page."""
    entry = factories.make_entry("Plato")
    work = factories.make_work("Republic", year=1900, authors=["Plato", {"family": "Jowett"}])
    factories.cite(entry, work, role=CitationRole.SOURCE)
    factories.publish(entry)
    page = page_of(client, "/entries/plato/")
    assert '<span class="authors">Plato; Jowett</span>' in page
    assert "AU  - Plato\r\n" in page_of(client, "/entries/plato/works-cited.ris")


def test_cite_box_has_three_styles_and_downloads(client, serge):
    page = page_of(client, "/entries/serge-victor/")
    cite = page[page.index('id="cite"') :]
    for label in ("Chicago", "MLA", "APA"):
        assert label in cite
    assert "http://testserver/entries/serge-victor/editions/1/" in cite
    for fmt in ("bib", "biblatex", "ris", "json"):
        assert f'href="/entries/serge-victor/cite.{fmt}"' in cite
        # The edition's own list: an old edition's list is the one it had.
        assert f'href="/entries/serge-victor/editions/1/works-cited.{fmt}"' in cite
    assert client.get("/entries/serge-victor/cite.bib").status_code == 200


def test_meta_description_canonical_and_json_ld(client, serge):
    page = page_of(client, "/entries/serge-victor/")
    assert '<link rel="canonical" href="http://testserver/entries/serge-victor/">' in page
    assert '<meta name="description" content="Worked with Zinoviev' in page
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Article" and data["about"]["@type"] == "Person"
    assert data["about"]["alternateName"] == ["Khibalchich, Victor"]
    assert data["url"] == "http://testserver/entries/serge-victor/"


def test_json_ld_cannot_close_its_script_element(client):
    factories.make_published("</script><script>alert(1)</script>", body="x")
    page = page_of(client, "/entries/scriptscriptalert1script/")
    assert "<script>alert(1)" not in page
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(raw)["headline"].startswith("</script>")


def test_alias_url_redirects_to_published_entry_only(client, serge):
    response = client.get("/entries/khibalchich-victor/")
    assert response.status_code == 301
    assert response["Location"] == "/entries/serge-victor/"
    factories.make_entry("Hidden, Person", aliases=("Hidden alias",))
    assert client.get("/entries/hidden-alias/").status_code == 404


def test_alias_added_after_publishing_does_not_redirect(client, serge):
    serge.aliases.create(name="Secret Name")
    assert client.get("/entries/secret-name/").status_code == 404


def test_unknown_entry_is_a_helpful_404(client):
    response = client.get("/entries/no-such-thing/")
    assert response.status_code == 404
    assert 'value="no such thing"' in response.content.decode()


@pytest.mark.parametrize("size", [1, 12])
def test_entry_page_queries_do_not_grow(client, django_assert_max_num_queries, size):
    target = factories.make_published("Target, Entry")
    body = " ".join(f"[[Other {n}]]" for n in range(size)) + " [[Target, Entry]]"
    entry = factories.make_entry("Big, Entry", body=body)
    for n in range(size):
        factories.cite(entry, factories.make_work(f"Book {n}"))
        entry.themes.add(factories.make_theme(f"Theme {n}"))
        factories.credit(entry, factories.make_contributor(f"Author{n}"), order=n)
    for n in range(size):
        factories.make_published(f"Other {n}", body="[[Big, Entry]]")
    factories.publish(entry)
    for _ in range(size):
        factories.republish(entry, body=body + " More.")
    assert target.pk
    # Renders the body and the "See" lists, and reads the publication generation (one query
    # with a cache per process, dictionary.caching).
    with django_assert_max_num_queries(6):
        page_of(client, "/entries/big-entry/")
    # Those cached: the edition, themes, referenced by, and the generation.
    with django_assert_max_num_queries(4):
        page_of(client, "/entries/big-entry/")
    with django_assert_max_num_queries(3):
        page_of(client, "/entries/big-entry/editions/")
    with django_assert_max_num_queries(7):  # a past edition's links, and the generation
        page_of(client, "/entries/big-entry/editions/1/")
    with django_assert_max_num_queries(5):
        page_of(client, "/entries/big-entry/editions/1/")


def test_print_running_head_names_the_entry_safely(client):
    factories.make_published('Quote "Test" </style>', body="x")
    page = page_of(client, "/entries/quote-test-style/")
    link = re.search(r'<link rel="stylesheet" href="(/print/[^"]*)" media="print">', page).group(1)
    assert "<style" not in page
    assert link == "/print/running-head.css?head=Quote%20%22Test%22%20%3C%2Fstyle%3E"
    response = client.get(html.unescape(link))
    assert response["Content-Type"] == "text/css" and "max-age=86400" in response["Cache-Control"]
    head = response.content.decode()
    assert '@top-right { content: "Quote \\"Test\\" \\3C /style\\3E "; }' in head
    assert '@top-left { content: "Headword' in head


def test_the_running_head_sheet_keeps_any_words_inside_its_strings(client):
    response = client.get("/print/running-head.css", {"head": '"}\n@import url(x);' + "x" * 400})
    css = response.content.decode()
    assert css.count('"') - css.count('\\"') == 4 and "@import" in css
    assert 'content: "\\"}\\A @import url(x);' in css and "x" * 301 not in css


def test_referenced_by_shows_the_dates_beside_each_headword(client):
    factories.make_published("Serge, Victor", dates="1890–1947")
    factories.make_published("Rudd, Amos", dates="1880–1950", body="Knew [[Serge, Victor]].")
    page = client.get("/entries/serge-victor/").content.decode()
    section = page[page.index('class="referenced-by"') :]
    assert 'Rudd, Amos</a> <span class="dates">(1880–1950)</span>' in section


def test_a_renamed_entry_is_still_linked_and_referred_to_by_its_old_name(client):
    radek = factories.make_published("Radek, Karl")
    factories.make_published("Serge, Victor", body="Met [[Radek, Karl]] in Moscow.")
    factories.republish(radek, headword="Radek, Karl Berngardovich")
    page = client.get("/entries/serge-victor/").content.decode()
    assert 'href="/entries/radek-karl/"' in page  # the slug stays; the old name was public
    response = client.get("/entries/radek-karl/")
    assert [edition.headword for edition in response.context["referenced_by"]] == ["Serge, Victor"]
