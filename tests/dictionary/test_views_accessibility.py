"""Every reader page: landmarks, one h1, headings that do not skip levels, labelled controls."""

import re
from html.parser import HTMLParser

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.controls, self.labels, self.tags = [], [], set(), set()
        self.script_types = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "script":
            self.script_types.append(attrs.get("type"))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "select" or (tag == "input" and attrs.get("type") not in {"hidden", "submit"}):
            self.controls.append(attrs.get("id"))


@pytest.fixture
def site():
    theme = factories.make_theme("Exile")
    factories.make_published("Zinoviev, Grigori", dates="1883–1936")
    entry = factories.make_published(
        "Serge, Victor", dates="1890–1947", themes=[theme], body="With [[Zinoviev, Grigori]]."
    )
    factories.cite(entry, factories.make_work("Memoirs"))
    factories.republish(entry, body="With [[Zinoviev, Grigori]]. Revised.")


PUBLIC_PAGES = [
    "/",
    "/entries/",
    "/entries/?letter=ZZ",
    "/entries/?q=Serge",
    "/entries/serge-victor/",
    "/entries/zinoviev-grigori/",
    "/entries/serge-victor/editions/",
    "/entries/serge-victor/editions/1/",
    "/chronology/",
    "/entries/nobody/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_page_structure(client, site, url):
    outline = Outline()
    outline.feed(client.get(url).content.decode())
    assert {"header", "nav", "main", "footer"} <= outline.tags
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1
    steps = zip(outline.headings, outline.headings[1:], strict=False)
    assert all(after <= before + 1 for before, after in steps), outline.headings
    assert outline.controls and all(c in outline.labels for c in outline.controls)


def _outline(client, url: str) -> Outline:
    outline = Outline()
    outline.feed(client.get(url).content.decode())
    return outline


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_run_no_scripts(client, site, url):
    # The reader's site promises to work without JavaScript: the only <script> allowed is
    # structured data for search engines, which browsers never execute.
    assert all(kind == "application/ld+json" for kind in _outline(client, url).script_types)


def test_entry_page_carries_its_structured_data_script(client, site):
    # Shows the check above sees scripts at all: the entry page has exactly one, JSON-LD.
    assert _outline(client, "/entries/serge-victor/").script_types == ["application/ld+json"]
