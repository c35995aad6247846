"""HTTP caching of the reader's site: immutable editions, validators and 304s for current
pages, surrogate keys, the purge hook, and nothing personal ever marked public."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from dictionary import caching
from dictionary.http_caching import (
    IMMUTABLE,
    AskedParameters,
    CachedPagesMiddleware,
    PrivateResponsesMiddleware,
    validators,
)
from editorial import services
from tests import factories

pytestmark = pytest.mark.django_db

CURRENT_PAGES = [
    "/",
    "/entries/",
    "/entries/?q=revolutionary",
    "/entries/?type=person&letter=S",
    "/entries/serge-victor/",
    "/entries/serge-victor/editions/",
    "/entries/serge-victor/cite.bib",
    "/entries/serge-victor/works-cited.ris",
    "/chronology/",
    "/feed/",
    "/sitemap.xml",
    "/sitemap-entries.xml",
]
EDITION_PAGES = ["/entries/serge-victor/editions/1/", "/entries/serge-victor/editions/1/cite.json"]


@pytest.fixture(autouse=True)
def roles(db):
    factories.make_roles()  # the editor-in-chief withdraws, editors preview


@pytest.fixture
def serge(db):
    radek = factories.make_published("Radek, Karl", dates="1885–1939", body="A journalist.")
    serge = factories.make_published(
        "Serge, Victor", dates="1890–1947", body="A revolutionary. See [[Radek, Karl]]."
    )
    return serge, radek


def _keys(response) -> set[str]:
    return set(response["Surrogate-Key"].split())


@pytest.mark.parametrize("url", EDITION_PAGES)
def test_an_edition_and_its_download_are_immutable(client, serge, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert f"entry-{serge[0].pk}" in _keys(response)
    assert response["Cache-Tag"] == response["Surrogate-Key"]


def test_a_missing_edition_is_not_immutable(client, serge):
    response = client.get("/entries/serge-victor/editions/9/")
    assert response.status_code == 404
    assert "immutable" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", CURRENT_PAGES)
def test_current_pages_are_shared_briefly_and_revalidated(client, serge, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
    )
    assert response["ETag"].startswith('"')
    assert "headword" in _keys(response) and response["Cache-Tag"] == response["Surrogate-Key"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"]


@pytest.mark.parametrize("url", ["/", "/entries/", "/entries/?q=revolutionary", "/chronology/"])
def test_listing_pages_name_the_entries_they_show(client, serge, url):
    keys = _keys(client.get(url))
    assert {"listings", f"entry-{serge[0].pk}"} <= keys


def test_an_entry_page_names_itself_and_the_entries_it_links_to(client, serge):
    serge, radek = serge
    assert {f"entry-{serge.pk}", f"entry-{radek.pk}"} <= _keys(client.get("/entries/serge-victor/"))
    # Radek's page lists Serge under "referenced by": Serge's withdrawal changes it.
    assert f"entry-{serge.pk}" in _keys(client.get("/entries/radek-karl/"))


@pytest.fixture
def shared_cache(settings, tmp_path):
    # A cache every worker shares (Redis in production; a file cache here): its generation
    # is the whole truth, so no request asks the database for it.
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path / "cache")}}


def test_a_conditional_request_costs_no_query(
    client, serge, shared_cache, django_assert_num_queries
):
    etag = client.get("/entries/serge-victor/")["ETag"]
    with django_assert_num_queries(0):
        assert client.get("/entries/serge-victor/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_with_a_cache_per_process_a_conditional_request_costs_one_query(
    client, serge, django_assert_num_queries
):
    etag = client.get("/entries/serge-victor/")["ETag"]
    with django_assert_num_queries(1):  # the publication generation (dictionary.caching)
        assert client.get("/entries/serge-victor/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_last_modified_answers_if_modified_since(client, serge):
    time.sleep(1.05)  # Last-Modified is withheld within the second of a change
    response = client.get("/entries/")
    modified = response["Last-Modified"]
    assert client.get("/entries/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    factories.make_published("Trotsky, Leon")
    assert client.get("/entries/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_a_publication_changes_every_current_page_validator(
    client, serge, django_capture_on_commit_callbacks
):
    etag = client.get("/entries/serge-victor/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_published("Trotsky, Leon")
    response = client.get("/entries/serge-victor/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


@pytest.fixture
def page_cache(settings):
    settings.HEADWORD_PAGE_CACHE_SECONDS = 600


def test_a_kept_page_is_served_without_a_query_until_the_next_publication(
    client,
    serge,
    page_cache,
    shared_cache,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    first = client.get("/entries/serge-victor/")
    with django_assert_num_queries(0):
        again = client.get("/entries/serge-victor/")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert _keys(again) == _keys(first)
    with django_capture_on_commit_callbacks(execute=True):
        factories.republish(serge[0], body="A novelist.")
    assert b"A novelist." in client.get("/entries/serge-victor/").content


def test_a_withdrawal_is_seen_at_once_through_the_kept_pages(
    client, serge, page_cache, chief, django_capture_on_commit_callbacks
):
    etag = client.get("/entries/serge-victor/")["ETag"]
    assert b"Serge, Victor" in client.get("/entries/").content
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(entry=serge[0], user=chief, reason="Withdrawn")
    # Gone (with the date), not the kept page: a withdrawal answers 410.
    assert client.get("/entries/serge-victor/", HTTP_IF_NONE_MATCH=etag).status_code == 410
    assert b"Serge, Victor" not in client.get("/entries/").content


@pytest.mark.parametrize("url", CURRENT_PAGES)
def test_a_kept_page_is_answered_with_every_header_the_rendered_one_had(
    client, serge, page_cache, url
):
    first = client.get(url)
    # Answered before sessions, CSRF and the view: no cookie, no Vary on it, and the
    # headers the middleware below CachedPagesMiddleware adds (CSP, framing) kept with it.
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert dict(again.items()) == dict(first.items()), url
    assert not again.cookies and "Content-Security-Policy" in again
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    head = client.head(url)
    assert head.content == b"" and head["Content-Length"] == str(len(first.content))


@pytest.mark.parametrize(
    "url, kept",
    [
        ("/entries/?q=revolutionary&type=person&page=1", True),
        ("/entries/?letter=S&nocache=1", False),
        ("/entries/serge-victor/?utm_source=feed", False),
        ("/?x=1", False),
        ("/sitemap-entries.xml?p=1", True),
    ],
)
def test_a_page_is_kept_only_when_its_view_read_every_parameter(
    client, serge, page_cache, shared_cache, django_assert_max_num_queries, url, kept
):
    # A made-up parameter would make every address a new page to keep: a flood of them
    # could fill the cache. Parameters the page only copies into its links do not count.
    first = client.get(url)
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    with django_assert_max_num_queries(0 if kept else 100) as queries:
        again = client.get(url)
    assert again.content == first.content
    assert (len(queries) == 0) == kept, url


def test_asked_parameters_note_what_the_view_asked_for():
    params = AskedParameters("q=serge&page=2&nocache=1&theme=a&theme=b")
    copied = params.copy()
    assert copied.urlencode() == params.urlencode() and list(params.items())
    assert params.unasked() == {"q", "page", "nocache", "theme"}
    params.get("q"), params.getlist("theme"), "page" in params, params["q"]
    assert params.unasked() == {"nocache"}
    assert copied.get("nocache") == "1" and params.unasked() == {"nocache"}


def test_a_kept_page_is_not_answered_to_another_host(client, serge, page_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    client.get("/entries/serge-victor/")
    # Its links are absolute: another host name gets a page rendered for it.
    other = client.get("/entries/serge-victor/", HTTP_HOST="other.example.org")
    assert b"http://other.example.org/entries/serge-victor/" in other.content


def _public_page(*, with_cookie=False, with_token=False):
    def view(request):
        if with_token:
            get_token(request)
        response = HttpResponse(f"rendered {len(calls)}")
        calls.append(request)
        response.page_etag = validators()[0]
        response["Cache-Control"] = "public, max-age=0, s-maxage=60"
        if with_cookie:
            response.set_cookie("chosen", "1")
        return response

    calls = []
    return CachedPagesMiddleware(view), calls


@pytest.mark.parametrize("personal", [{"with_cookie": True}, {"with_token": True}, {}])
def test_only_a_page_that_depends_on_nobody_is_kept(rf: RequestFactory, page_cache, personal):
    page, calls = _public_page(**personal)
    first = page(rf.get("/somewhere/"))
    again = page(rf.get("/somewhere/"))
    if personal:  # a cookie set, or a CSRF token in it: rendered for each request
        assert len(calls) == 2 and again.content == b"rendered 1"
    else:
        assert len(calls) == 1 and again.content == first.content == b"rendered 0"

    # Never answered from the cache to a request with a session or a POST, nor kept from one.
    session = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"}
    for request in [rf.get("/staff/", **session), rf.post("/somewhere/"), rf.head("/admin/")]:
        page, calls = _public_page()
        page(request), page(request)
        assert len(calls) == 2, request


# Nothing personal is public ----------------------------------------------------------


@pytest.mark.parametrize("url", [*CURRENT_PAGES, *EDITION_PAGES])
def test_staff_with_a_session_never_get_a_public_page(serge, editor, url, page_cache):
    staff = Client()
    staff.force_login(editor)
    Client().get(url)  # a reader's visit keeps the page
    response = staff.get(url)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response
    # Nor a 304 that would let a shared cache keep it.
    again = staff.get(url, HTTP_IF_NONE_MATCH=response.get("ETag", '"x"'))
    assert "public" not in again.get("Cache-Control", "")


def test_a_response_that_used_the_csrf_token_or_the_session_is_made_private(rf: RequestFactory):
    def with_token(request):
        get_token(request)
        response = HttpResponse("<form>…</form>")
        response["Cache-Control"] = "public, max-age=60"
        response["Surrogate-Key"] = "headword"
        return response

    response = PrivateResponsesMiddleware(with_token)(rf.get("/"))
    assert response["Cache-Control"] == "private, no-cache" and "Surrogate-Key" not in response

    def with_session(request):
        response = HttpResponse("Hello")
        response["Cache-Control"] = "public, max-age=60"
        response["Vary"] = "Cookie"  # what SessionMiddleware adds when a view reads it
        return response

    response = PrivateResponsesMiddleware(with_session)(rf.get("/"))
    assert response["Cache-Control"] == "private, no-cache"


def test_a_preview_is_never_public(serge, editor):
    staff = Client()
    staff.force_login(editor)
    factories.revise(serge[0], user=editor, body="Unapproved words.")
    response = staff.get(f"/admin/dictionary/entry/{serge[0].pk}/preview/")
    assert b"Unapproved words." in response.content
    assert "public" not in response["Cache-Control"] and "Surrogate-Key" not in response


def test_the_admin_is_never_public(editor):
    staff = Client()
    staff.force_login(editor)
    for url in ["/admin/", "/admin/login/"]:
        assert "public" not in staff.get(url).get("Cache-Control", "")
    assert "public" not in Client().get("/admin/login/").get("Cache-Control", "")


# The purge hook ---------------------------------------------------------------------


class _PurgeReceiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers["Surrogate-Key"], json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    _PurgeReceiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _PurgeReceiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.HEADWORD_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    yield _PurgeReceiver.received
    server.shutdown()


def test_a_publication_purges_its_entry_and_the_listings_after_the_commit(
    purge_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        entry = factories.make_published("Serge, Victor")
        assert purge_server == []  # nothing before the commit
    assert purge_server == [
        (f"listings entry-{entry.pk}", {"tags": ["listings", f"entry-{entry.pk}"]})
    ]


def test_a_withdrawal_purges_its_entry_and_the_pages_that_name_it(
    serge, chief, purge_server, django_capture_on_commit_callbacks
):
    serge, radek = serge
    factories.make_published("Lenin, V. I.", body="A revolutionary.")  # unrelated
    trotsky = factories.make_published("Trotsky, Leon", body="Wrote of [[Serge, Victor]].")
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(entry=serge, user=chief, reason="Withdrawn")
    # Serge's page; Radek's, which lists him among those referring to him; Trotsky's,
    # whose link to him goes dead. Not Lenin's.
    tags = purge_server[-1][1]["tags"]
    assert tags == ["listings", *(f"entry-{pk}" for pk in sorted([serge.pk, radek.pk, trotsky.pk]))]


def test_an_unreachable_purge_url_does_not_undo_the_publication(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.HEADWORD_PURGE_URL = "http://127.0.0.1:9/purge"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        entry = factories.make_published("Serge, Victor")
    assert entry.editions.current().exists()
    assert "Purging" in caplog.text


def test_the_pages_a_change_touches_include_links_by_an_alias_and_stop_at_a_limit(
    serge, monkeypatch, django_assert_max_num_queries
):
    serge, radek = serge
    stalin = factories.make_published("Stalin, Joseph", aliases=("Koba",))
    souvarine = factories.make_published("Souvarine, Boris", body="Wrote on [[Koba]].")
    assert caching.pages_changed_by([stalin.pk]) == sorted([stalin.pk, souvarine.pk])
    with django_assert_max_num_queries(6):  # whatever the number of entries
        everyone = caching.pages_changed_by([stalin.pk, souvarine.pk, serge.pk, radek.pk])
    assert everyone == sorted([stalin.pk, souvarine.pk, serge.pk, radek.pk])
    assert caching.pages_changed_by([radek.pk]) == sorted([radek.pk, serge.pk])
    monkeypatch.setattr(caching, "NEIGHBOURS_LIMIT", 1)
    assert caching.pages_changed_by([stalin.pk, radek.pk]) is None  # every page, then
