"""Hostile payloads in every editor-controlled field stay text on every public page type.

One dictionary holds all the payloads (each in its own entry, theme, contributor and work),
so each page is fetched once and checked against every planted value; the count of
value x page checks is printed (run with -s to see it).
"""

from html import escape
from urllib.parse import urlencode

import pytest

from tests import factories
from tests.security.payloads import PAYLOADS, html_problems, plant, problems_in, raw_leaks

pytestmark = pytest.mark.django_db

CITATION_FORMATS = ("bib", "biblatex", "ris", "json")
SITE_PAGES = [
    "/",
    "/entries/",
    "/entries/?sort=revised",
    "/entries/?sort=date",
    "/chronology/",
    "/contributors/",
    "/feed/",
    "/sitemap.xml",
    "/api/v1/entries/",
    "/api/v1/themes/",
    "/api/v1/works/",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai/?verb=ListSets",
    "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
]


def _pages_of(planted, payload: str) -> list[str]:
    entry = f"/entries/{planted.entry.slug}/"
    downloads = [f"{entry}cite.{fmt}" for fmt in CITATION_FORMATS]
    downloads += [f"{entry}works-cited.{fmt}" for fmt in CITATION_FORMATS]
    downloads += [f"{entry}editions/1/cite.{fmt}" for fmt in CITATION_FORMATS]
    return [
        entry,
        f"{entry}editions/",
        f"{entry}editions/1/",
        *downloads,
        f"/contributors/{planted.contributor.slug}/",
        f"/entries/?{urlencode({'theme': planted.theme.slug})}",
        f"/entries/?{urlencode({'q': payload[:100]})}",
        f"/chronology/?{urlencode({'theme': planted.theme.slug})}",
        f"/api/v1/entries/{planted.entry.slug}/",
        f"/api/v1/entries/{planted.entry.slug}/editions/",
        f"/api/v1/works/{planted.work.pk}/",
        f"/api/v1/search/?{urlencode({'q': payload[:100]})}",
        f"/print/running-head.css?{urlencode({'head': planted.entry.headword})}",
    ]


def _sitemap_sections(client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    return [
        "/" + url.split("/", 3)[3]
        for url in index.split("<loc>")[1:]
        for url in [url.split("</loc>")[0]]
    ]


def test_no_payload_reaches_a_public_page_as_markup(client):
    factories.make_roles()
    editor = factories.make_user("editor", role="Editors")
    reviewer = factories.make_user("reviewer", role="Reviewers")
    planted = [
        plant(index, payload, editor=editor, reviewer=reviewer)
        for index, payload in enumerate(PAYLOADS)
    ]
    values = {tag: value for one in planted for tag, value in one.values.items()}
    pages = SITE_PAGES + _sitemap_sections(client)
    for one, payload in zip(planted, PAYLOADS, strict=True):
        pages += _pages_of(one, payload)

    found, checks = {}, 0
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            found[url] = [f"status {response.status_code}"]
            continue
        checks += len(values)
        if problems := problems_in(response, values):
            found[url] = problems
    print(
        f"\n{len(PAYLOADS)} payloads, {len(values)} payload x field values, "
        f"{len(pages)} pages: {checks} value x page checks"
    )
    assert found == {}
    # The payloads were there to find, as text: each entry's page shows its headword escaped.
    assert len(values) > 20 * len(PAYLOADS)
    for one in planted:
        page = client.get(f"/entries/{one.entry.slug}/").content.decode()
        assert escape(one.entry.headword) in page


def test_the_checks_catch_what_they_look_for():
    values = {"p00hw": "<b>p00hw</b>"}
    assert html_problems('<p><img src=x onerror="alert(1)"></p>') == ["<img onerror=...>"]
    assert html_problems('<a href=" JaVa\tscript:alert(1)">x</a>')
    assert html_problems("<script>alert(1)</script>") == ["an inline script"]
    assert html_problems('<script type="application/ld+json">{"a": 1}</script>') == []
    assert html_problems('<script type="application/ld+json">{"a": </script>')
    assert html_problems('<p style="x">') and html_problems("<svg></svg>")
    assert raw_leaks("<p><b>p00hw</b></p>", values, "<>") == ["p00hw unescaped"]
    assert raw_leaks("<p>&lt;b&gt;p00hw&lt;/b&gt;</p>", values, "<>") == []
    quoted = {"p00hw": 'a"}p00hw'}
    assert raw_leaks('content: "a"}p00hw";', quoted, '"\\\n') == ["p00hw unescaped"]
    assert raw_leaks('content: "a\\"}p00hw";', quoted, '"\\\n') == []
