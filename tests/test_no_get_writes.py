"""No GET request writes: reading a page, public or admin, leaves the database as it was.

Every reader's URL of the no-leak test, then every link found on the pages, is fetched as an
anonymous reader and as each role, and the statements the requests ran are read: a single
INSERT, UPDATE or DELETE fails the test, naming the URL. (Rows that a request once repaired
on read, such as missing workflow rows, are made by ``manage.py repair_workflows`` now.)
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import EntryWorkflow
from tests import factories
from tests.dictionary.test_no_leak import public_urls, world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE", "REPLACE")
PAGES_PER_ROLE = 160  # enough for every admin screen of the world below, once
QUERY_VARIANTS_PER_PATH = 2  # a list's sort and filter links differ in their query only
SKIPPED = ("/static/", "/media/", "/admin/logout/", "/accounts/logout/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def _links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    urls = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(f"http://testserver{base}", href)).url
        parts = urlsplit(url)
        if parts.netloc == "testserver" and parts.scheme == "http":
            urls.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return urls


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().split(" ", 1)[0].upper() in WRITES]


def _crawl(client, start: list[str]) -> dict[str, list[str]]:
    """Fetch the start URLs and the site's links from them, breadth first; return the
    writes each URL made (none expected) and check that some pages were read at all."""
    queue, seen, variants, writes = deque(start), set(start), {}, {}
    fetched = 0
    while queue and fetched < PAGES_PER_ROLE:
        url = queue.popleft()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
        fetched += 1
        if found := _writes(queries.captured_queries):
            writes[url] = found
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in _links(url, body.decode(errors="replace")):
            path = link.split("?")[0]
            if link in seen or path.startswith(SKIPPED):
                continue
            if "?" in link:
                if variants.get(path, 0) >= QUERY_VARIANTS_PER_PATH:
                    continue
                variants[path] = variants.get(path, 0) + 1
            seen.add(link)
            queue.append(link)
    assert fetched >= min(len(start), PAGES_PER_ROLE)
    return writes


@pytest.fixture
def crawled_world(world):  # noqa: F811  (the fixture imported above)
    entry = world["public"]
    factories.credit(entry, factories.make_contributor("Walker", "David"))
    factories.republish(entry, summary="Signed")
    # As loaddata leaves an entry: no workflow row, which reading once made.
    outside = factories.make_published("Loaded, Outside", body="Loaded past the services.")
    EntryWorkflow.objects.filter(entry=outside).delete()
    return {**world, "outside": outside}


def test_reading_the_public_site_writes_nothing(client, crawled_world):
    assert _crawl(client, public_urls() + ["/contributors/", "/about/", "/themes/"]) == {}


@pytest.mark.parametrize("role", ["Editors", "Reviewers", "Editors-in-chief"])
def test_reading_the_admin_writes_nothing(client, crawled_world, role):
    client.force_login(factories.make_user(f"reader-{role}", role=role))
    ids = [entry.pk for entry in crawled_world.values()]
    start = ["/admin/", "/admin/dictionary/entry/"]
    for pk in ids:
        start += [f"/admin/dictionary/entry/{pk}/{page}" for page in ("change/", "review/")]
        start += [f"/admin/dictionary/entry/{pk}/{page}" for page in ("history/", "preview/")]
    assert _crawl(client, start) == {}
