"""Request guards: hostile admin parameters answer 400; public queries have a time limit."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import path

from config import urls as site_urls
from tests import factories

pytestmark = pytest.mark.django_db

_WORDS = "+".join(f"w{n}" for n in range(300))
# The audit's parameters that were 500s (PostgreSQL refuses NUL in text; a year of 10**30
# overflows the date), and searches beyond the reader's search caps.
HOSTILE = [
    ("/admin/dictionary/entry/?entry_type=%00", "NUL character"),
    ("/admin/dictionary/entry/?workflow__state=a%00b", "NUL character"),
    ("/admin/dictionary/work/?work_type=%00", "NUL character"),
    ("/admin/editorial/transition/?to_state=%00", "NUL character"),
    (
        "/admin/autocomplete/?term=a%00&app_label=dictionary&model_name=citation&field_name=work",
        "NUL character",
    ),
    (f"/admin/editorial/transition/?created_at__year={10**30}", "at most four digits"),
    ("/admin/editorial/transition/?created_at__year=2020&created_at__month=-1", "four digits"),
    ("/admin/dictionary/entry/?q=" + "word+" * 100, "at most 200 characters"),
    (f"/admin/dictionary/work/?q={_WORDS[:190]}", "different words"),
    (
        f"/admin/autocomplete/?term={_WORDS[:190]}"
        "&app_label=dictionary&model_name=crossreference&field_name=target",
        "different words",
    ),
]


@pytest.mark.parametrize("role", ["Editors", "Editors-in-chief", None])
@pytest.mark.parametrize(("url", "message"), HOSTILE)
def test_hostile_admin_parameters_answer_400_with_the_reason(client, role, url, message):
    user = factories.make_user(role=role, is_superuser=role is None)
    client.force_login(user)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_ordinary_admin_parameters_pass(client):
    factories.make_entry("Serge, Victor", entry_type="person")
    client.force_login(factories.make_user(is_superuser=True))
    response = client.get("/admin/dictionary/entry/", {"q": "serge", "entry_type": "person"})
    assert response.status_code == 200
    assert "Serge, Victor" in response.content.decode()
    assert client.get("/admin/editorial/transition/?created_at__year=2020").status_code == 200


class AdminElsewhere:
    """A URLconf with the admin under /staff/."""

    urlpatterns = [path("staff/", admin.site.urls)]


def test_the_guard_follows_the_admin_where_the_urlconf_puts_it(client, settings):
    """The admin's address is worked out once per URLconf: a changed one moves the guard."""
    client.force_login(factories.make_user(is_superuser=True))
    hostile = "dictionary/entry/?entry_type=%00"
    assert client.get(f"/admin/{hostile}").status_code == 400
    settings.ROOT_URLCONF = AdminElsewhere
    assert client.get(f"/staff/{hostile}").status_code == 400


def _timeout_seen(path: str) -> HttpResponse:
    from config import middleware

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return HttpResponse(cursor.fetchone()[0])

    return middleware.PublicStatementTimeout(view)(RequestFactory().get(path))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_public_requests_have_a_statement_timeout_and_the_admin_none(settings):
    settings.HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS = 1500
    assert _timeout_seen("/entries/").content == b"1500ms"
    assert _timeout_seen("/admin/dictionary/entry/").content == b"0"
    assert _timeout_seen("/").content == b"1500ms"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_a_new_session_gets_the_timeout_even_where_the_old_one_had_it():
    """A reopened connection may get the closed one's address (id): the record kept for the
    old session must not stop the new one from being set (it would run with none)."""
    from config import middleware

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # as a new session starts
    connection._headword_timeout = (id(connection.connection), 1500)  # the old one's record
    token = middleware._wanted_timeout.set(1500)
    try:
        middleware._new_connection(sender=None, connection=connection)
    finally:
        middleware._wanted_timeout.reset(token)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        seen = cursor.fetchone()[0]
        cursor.execute("SET statement_timeout = 0")  # the other tests' session, as it was
    connection._headword_timeout = (id(connection.connection), 0)
    assert seen == "1500ms"


def _sleep(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("finished")


# The site's own URLs with one slow public page and one slow staff page, so that the request
# goes through the whole stack: middleware, Django's handler and its exception hooks.
urlpatterns = [
    path("slow/", _sleep),
    path("admin/slow/", _sleep),
    *site_urls.urlpatterns,
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_a_public_query_past_the_timeout_is_cancelled_with_a_503(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS = 50
    response = client.get("/slow/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "took too long" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_staff_pages_have_no_statement_timeout(client, settings):
    """An editor's bulk action may take long on purpose: the admin runs without the limit."""
    settings.ROOT_URLCONF = __name__
    settings.HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS = 50
    response = client.get("/admin/slow/")
    assert response.status_code == 200 and response.content == b"finished"


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "url", ["/", "/entries/", "/entries/serge-victor/", "/chronology/", "/admin/login/"]
)
def test_pages_carry_a_content_security_policy_without_inline_scripts(client, url):
    factories.make_published("Serge, Victor", body="A novelist.", dates="1890–1947")
    response = client.get(url)
    assert response.status_code == 200
    directives = _directives(response)
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert not [name for name in directives if name.endswith(("-attr", "-elem"))]
    assert "<style" not in response.content.decode() and " style=" not in response.content.decode()
    assert "geolocation=()" in response["Permissions-Policy"]
    page = response.content.decode()
    # Scripts come from files; the only inline one is JSON-LD, which browsers never run.
    inline = [tag for tag in re.findall(r"<script[^>]*>", page) if " src=" not in tag]
    assert set(inline) <= {'<script type="application/ld+json">'}
    assert " onload=" not in page and " onclick=" not in page


def _with_policies(view, request):
    from config.middleware import ContentSecurityPolicy

    return ContentSecurityPolicy(view)(request)


def test_the_policy_built_once_is_django_csps_and_follows_the_settings(settings):
    """The same headers as django-csp's own middleware, for a plain response, a response
    with a policy of its own (a decorator), a nonce and an excluded path; and new ones
    when the settings change."""
    from csp.decorators import csp_update
    from csp.middleware import CSPMiddleware

    def plain(request):
        return HttpResponse("ok")

    def with_nonce(request):
        return HttpResponse(str(request.csp_nonce))

    updated = csp_update({"img-src": "https://images.example.org"})(plain)
    headers = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    for view in (plain, with_nonce, updated):
        for address in ("/entries/", "/api/v1/docs/"):
            ours = _with_policies(view, RequestFactory().get(address))
            theirs = CSPMiddleware(view)(RequestFactory().get(address))
            assert [ours.get(name) for name in headers] == [theirs.get(name) for name in headers]
    assert (
        "https://images.example.org"
        in _with_policies(updated, RequestFactory().get("/"))["Content-Security-Policy"]
    )
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    policy = _with_policies(plain, RequestFactory().get("/"))["Content-Security-Policy"]
    assert policy == "default-src 'none'"


def test_absolute_urls_are_https_behind_the_tls_proxy(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    factories.make_published("Serge, Victor", body="A novelist.")
    proxied = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "testserver"}
    feed = client.get("/feed/", **proxied).content.decode()
    assert 'href="https://testserver/entries/serge-victor/"' in feed
    page = client.get("/entries/serge-victor/", **proxied).content.decode()
    assert 'rel="canonical" href="https://testserver/entries/serge-victor/"' in page


def test_the_server_error_page_is_styled_from_a_file():
    page = render_to_string("500.html")
    assert "<style" not in page and 'href="/static/error.css"' in page
