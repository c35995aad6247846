"""Request guards: hostile admin parameters refused, a time limit on public queries, and
the Content-Security-Policy and Permissions-Policy headers."""

import re
from contextvars import ContextVar
from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

from dictionary.search import capped_query

# A date hierarchy's year, month or day: Django turns the value into a date, and a year of
# 10**30 overflows it (a 500) before any lookup runs.
_DATE_PART = re.compile(r"__(year|month|day)$")
_DATE_VALUE = re.compile(r"^\d{1,4}$")
# The admin's search box and autocomplete term go to the database word by word.
_SEARCH_PARAMETERS = ("q", "term")


def _parameter_problem(name: str, value: str) -> str | None:
    """Why an admin GET parameter would make the page a 500 (or a slow one), or None."""
    if "\x00" in name or "\x00" in value:
        # PostgreSQL refuses NUL in text; a filter value holding one was a 500.
        return f"The parameter “{name.replace(chr(0), '')}” holds a NUL character."
    if _DATE_PART.search(name) and not _DATE_VALUE.match(value):
        return f"“{name}” must be a number of at most four digits."
    if name in _SEARCH_PARAMETERS:
        try:
            capped_query(value)
        except ValidationError as error:
            return " ".join(error.messages)
    return None


def is_admin_path(path: str) -> bool:
    """Whether ``path`` is under the admin, wherever the URLconf and script prefix put it."""
    return path.startswith(_admin_root(get_resolver(get_urlconf()), get_script_prefix()))


@lru_cache(maxsize=16)
def _admin_root(resolver, script_prefix: str) -> str:
    # Worked out once for each URLconf (a new resolver when tests change it) and prefix:
    # reverse() cost about 45 µs, and two guards asked it on every request.
    return reverse("admin:index", urlconf=resolver.urlconf_name)


class AdminParameterGuard:
    """Answers 400, with the reason, to an admin request whose query string would make the
    page fail inside Django's change list, its filters or its autocomplete (NUL characters,
    a date beyond any calendar, a search beyond the caps the reader's search has)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_path(request.path):
            for name, values in request.GET.lists():
                for value in values:
                    problem = _parameter_problem(name, value)
                    if problem:
                        return HttpResponseBadRequest(problem, content_type="text/plain")
        return self.get_response(request)


# The statement timeout wanted for this request's queries, in milliseconds (0: none).
_wanted_timeout = ContextVar("headword_statement_timeout", default=0)


def _apply_timeout(connection, milliseconds: int) -> None:
    """Set PostgreSQL's statement_timeout for the connection's session, unless it holds
    that value already. Through the driver's own cursor: it is a session setting, not a
    query of the page, so pages' query counts stay what their own queries cost."""
    raw = connection.connection
    if raw is None or connection.vendor != "postgresql":
        return
    # A new session has the server's default, which Headword takes to be none (0).
    raw_id, current = getattr(connection, "_headword_timeout", (id(raw), 0))
    if raw_id == id(raw) and current == milliseconds:
        return
    with raw.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(milliseconds)}")
    connection._headword_timeout = (id(raw), milliseconds)


@receiver(connection_created, dispatch_uid="headword-statement-timeout")
def _new_connection(sender, connection, **kwargs):
    # A new session starts with no timeout, whatever the record of the closed one says:
    # its driver connection may sit at the same address (id) as the old one did.
    if connection.connection is not None:
        connection._headword_timeout = (id(connection.connection), 0)
    _apply_timeout(connection, _wanted_timeout.get())


class PublicStatementTimeout:
    """On PostgreSQL, no query of a public request runs longer than
    ``HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS``; one that would is cancelled and the reader is
    told to try again (503) instead of a worker being held. The admin and commands have no
    limit: an editor's bulk action or an import may take long on purpose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = not is_admin_path(request.path)
        milliseconds = settings.HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS if public else 0
        token = _wanted_timeout.set(milliseconds)
        try:
            for connection in connections.all(initialized_only=True):
                _apply_timeout(connection, milliseconds)
            return self.get_response(request)
        finally:
            _wanted_timeout.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and _was_cancelled(exception):
            return HttpResponse(
                "This request took too long and was stopped. Try a narrower search.",
                status=503,
                content_type="text/plain",
                headers={"Retry-After": "5"},
            )
        return None


def _was_cancelled(error: OperationalError) -> bool:
    cause = error.__cause__
    # psycopg's QueryCanceled carries SQLSTATE 57014 (query_canceled).
    return getattr(cause, "sqlstate", None) == "57014"


# Nothing in Headword uses these browser features: a page (or something injected into it)
# may not ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicy:
    """Adds ``Permissions-Policy`` to every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Where a view or a template asks django-csp for a policy of its own.
_OWN_POLICY = tuple(
    f"_csp_{part}{ro}" for part in ("config", "update", "replace") for ro in ("", "_ro")
)


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware, with the policies built from settings once instead of on
    every response (about 60 µs a request, for the same header each time). A response
    with a policy of its own (django-csp's decorators) or a request that used a nonce goes
    through django-csp's own ``process_response``."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # django-csp leaves Django's debug pages alone
        for header, policy, excluded, exempt in _policies_from_settings():
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@lru_cache(maxsize=1)
def _policies_from_settings() -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    """(header, policy, excluded path prefixes, exemption attribute), as django-csp reads
    them from settings: the enforced policy, then the report-only one."""
    return tuple(
        (header, build_policy(report_only=report_only), _excluded(setting), exempt)
        for header, setting, report_only, exempt in (
            (HEADER, "CONTENT_SECURITY_POLICY", False, "_csp_exempt"),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True, "_csp_exempt_ro"),
        )
    )


def _excluded(setting: str) -> tuple[str, ...]:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())


@receiver(setting_changed, dispatch_uid="headword-policies-from-settings")
def _policy_settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies_from_settings.cache_clear()
