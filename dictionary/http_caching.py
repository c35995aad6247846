"""HTTP caching of the reader's site: immutable editions, revalidated current pages, purges.

An edition never changes once published, so its page and its citation downloads are
``immutable`` for a year. Every other public page (an entry's current edition, the list and
search, home, chronology, feed, sitemap: the "current" pages) changes only when something is
published or withdrawn, or at midnight (citations carry an access date). So its validators
are worked out before the view runs, from the publication generation of
``dictionary.caching`` and the date, never by rendering: a conditional request that still
matches costs one cache read and gets 304. Shared caches may keep a current page for
``HEADWORD_CACHE_SECONDS`` and serve it stale while they fetch it again, so a withdrawal
reaches readers through them within that time, or at once through the purge hook.

Each cacheable response names what it shows in ``Surrogate-Key`` (Fastly, Varnish) and
``Cache-Tag`` (Cloudflare): ``entry-<id>`` for every entry on it, ``listings`` on pages
that list entries, ``headword`` on all. After a publication or withdrawal commits,
``purge`` sends the keys of the entries whose pages it changed (``caching.pages_changed_by``)
to ``HEADWORD_PURGE_URL``, if set.

A rendered current page is also kept in the cache with its ETag, so workers render it once
per publication, and ``CachedPagesMiddleware`` answers a reader with it before the session,
CSRF, authentication and message middleware and the view are reached. With a shared cache,
a kept page that lists no entries (an entry's page) is also kept with the entries it names,
and serves a later generation too when none of them changed since
(``caching.unchanged_since``), with the validators of that generation: one approval no
longer re-renders every kept page.

A page is kept only when its view asked for every query parameter the request carried
(``AskedParameters``): a made-up parameter (``?nocache=123``) is answered but never kept, so
a flood of such addresses cannot fill the cache or push out the pages readers ask for.

Nothing that depends on who asks is shared: a response whose request carried a session
cookie, that used the session (a staff bar) or a CSRF token, or that sets a cookie, is never
public, whichever view made it (``PrivateResponsesMiddleware``), and is never kept.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .caching import (
    cache_is_per_process,
    cached_with_publication_state,
    publication_state,
    unchanged_since,
)
from .purging import LISTINGS_KEY, SITE_KEY, entry_key
from .replicas import is_reader_request

IMMUTABLE = "public, max-age=31536000, immutable"
PRIVATE = "private, no-cache"
SURROGATE_HEADERS = ("Surrogate-Key", "Cache-Tag")
_SAFE_METHODS = ("GET", "HEAD")


def show_entries(response: HttpResponse, entry_ids: Iterable[int], *, listing=False):
    """Say which entries a response shows, for its surrogate keys; returns the response."""
    shown = list(dict.fromkeys(entry_ids))
    response.surrogate_keys = [*([LISTINGS_KEY] if listing else []), *map(entry_key, shown)]
    response.shown_entries = None if listing else shown  # all of what the page depends on
    return response


def current_cache_control() -> str:
    seconds = settings.HEADWORD_CACHE_SECONDS
    return (
        f"public, max-age=0, s-maxage={seconds}, "
        f"stale-while-revalidate={settings.HEADWORD_STALE_SECONDS}"
    )


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a shared cache may keep this response for anyone who asks."""
    if response.cookies or request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:  # e.g. the user was read: a staff bar
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    return "cookie" not in response.get("Vary", "").lower()


def shared_briefly(response: HttpResponse) -> HttpResponse:
    """Mark an answer about what is published (the read API's) as the current pages are:
    shared for a short time, with its surrogate keys (``show_entries``; the listings'
    when it named none)."""
    if not hasattr(response, "surrogate_keys"):
        show_entries(response, (), listing=True)
    return _mark(response, current_cache_control())


def _mark(response: HttpResponse, cache_control: str) -> HttpResponse:
    response["Cache-Control"] = cache_control
    keys = [SITE_KEY, *getattr(response, "surrogate_keys", ())]
    for header in SURROGATE_HEADERS:
        response[header] = " ".join(keys)
    return response


def immutable(view: Callable) -> Callable:
    """For an edition's own URLs: a successful answer never changes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            _mark(response, IMMUTABLE)
        return response

    return wrapped


def validators() -> tuple[str, float, str]:
    """The ETag and last-change time every current page has now, and the generation they
    stand for: from the publication generation, the release and today's date, without
    touching the database."""
    return _validators_of(publication_state())


def _validators_of(state: tuple[str, float]) -> tuple[str, float, str]:
    """(ETag, last change, the generation they stand for) of a publication state."""
    generation, changed_at = state
    seed = f"{settings.HEADWORD_RELEASE}:{generation}:{timezone.localdate().isoformat()}"
    etag = f'"{hashlib.blake2b(seed.encode(), digest_size=12).hexdigest()}"'
    return etag, changed_at, generation


def _still_fresh(request: HttpRequest, etag: str, changed_at: float) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110)
        tags = parse_etags(if_none_match)
        return "*" in tags or etag in tags or etag in [tag.removeprefix("W/") for tag in tags]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(changed_at) <= since


def _last_modified(changed_at: float) -> float | None:
    # HTTP dates have whole seconds: within the second of a change, a page rendered before
    # it and one after would carry the same date. Send none until that second is over.
    return changed_at if time.time() - changed_at >= 1 else None


def _add_validators(response: HttpResponse, etag: str, changed_at: float) -> HttpResponse:
    response["ETag"] = etag
    if (modified := _last_modified(changed_at)) is not None:
        response["Last-Modified"] = http_date(modified)
    return response


def revalidated(view: Callable, *, listing: bool = False) -> Callable:
    """For current pages: validators from the publication generation, 304 when they still
    match, a short shared max-age, and the ETag noted on a shareable page, for
    ``CachedPagesMiddleware`` to keep it under.
    ``listing``: the view lists entries without naming them (feed, sitemap)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in _SAFE_METHODS:
            return view(request, *args, **kwargs)
        etag, changed_at, generation = validators()
        if _still_fresh(request, etag, changed_at):
            return _not_modified(request, etag, changed_at)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if listing and not hasattr(response, "surrogate_keys"):
            show_entries(response, (), listing=True)
        _add_validators(response, etag, changed_at)
        if not is_shareable(request, response):
            response["Cache-Control"] = PRIVATE
            return response
        response.page_etag = etag  # CachedPagesMiddleware keeps it under this ETag
        response.page_generation = generation  # read before the view ran
        return _mark(response, current_cache_control())

    return wrapped


def _not_modified(request, etag: str, changed_at: float) -> HttpResponse:
    response = _add_validators(HttpResponseNotModified(), etag, changed_at)
    anonymous = not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    response["Cache-Control"] = current_cache_control() if anonymous else PRIVATE
    return response


def _may_share_page(request: HttpRequest) -> bool:
    """Whether a kept page may answer this request, and its answer be kept: a reader's
    request, as the replica router tells them (``replicas.is_reader_request``)."""
    return settings.HEADWORD_PAGE_CACHE_SECONDS > 0 and is_reader_request(request)


def _page_key(request: HttpRequest) -> str:
    # The host and scheme are part of the page: its canonical and citation URLs are absolute.
    address = request.build_absolute_uri()
    # "kept-page": what is kept changed shape (the entries a page names were added), so a
    # release never reads a page an earlier one kept.
    return f"headword:kept-page:{hashlib.blake2b(address.encode(), digest_size=16).hexdigest()}"


def _kept_page(request: HttpRequest) -> HttpResponse | None:
    """The page kept for this address, if it was rendered in the current generation, or
    names only entries unchanged since it was rendered (``_still_shows``)."""
    key = _page_key(request)
    stored, state = cached_with_publication_state(key)
    if stored is None:
        return None
    etag, content, headers, shown = stored
    current_etag, changed_at, generation = _validators_of(state)
    if etag != current_etag:
        if not _still_shows(shown, generation):
            return None
        etag = current_etag  # the same page, as this generation would render it
        cache.set(
            key,
            (etag, content, headers, (int(generation), *shown[1:])),
            settings.HEADWORD_PAGE_CACHE_SECONDS,
        )
    if _still_fresh(request, etag, changed_at):
        return _not_modified(request, etag, changed_at)
    response = HttpResponse(b"" if request.method == "HEAD" else content, headers=headers)
    return _add_validators(response, etag, changed_at)


def _still_shows(shown: tuple | None, generation: str) -> bool:
    """Whether a page kept with ``shown`` (the generation it was rendered in, the date, the
    entries it names) is still what would be rendered now."""
    if shown is None:
        return False
    rendered_in, day, entry_ids = shown
    return day == timezone.localdate().isoformat() and unchanged_since(entry_ids, rendered_in)


class AskedParameters(QueryDict):
    """A request's query parameters that note which of them the view asked for by name
    (``get``, ``getlist``, ``[name]``, ``in``). Copying them or listing them all, as a
    page's links do, asks for none: a parameter only copied into links changes nothing
    else on the page."""

    def __init__(self, *args, **kwargs):
        self.asked: set[str] = set()
        super().__init__(*args, **kwargs)
        self.asked.clear()  # parsing the query string asked for each name

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)

    # Going over all of them (MultiValueDict does it through ``[name]``) asks for none.
    def items(self):
        for key in self.keys():
            yield key, super().__getitem__(key)

    def values(self):
        for _key, value in self.items():
            yield value

    def dict(self):
        return dict(self.items())

    def unasked(self) -> set[str]:
        return {key for key in self.keys() if key not in self.asked}


def _track_parameters(request: HttpRequest) -> None:
    query = request.META.get("QUERY_STRING", "")
    request.GET = AskedParameters(query, encoding=request.encoding)


def _keep_page(request: HttpRequest, response: HttpResponse) -> None:
    # One page an address: a publication's new page replaces the old one.
    stored = (response.page_etag, response.content, dict(response.items()), _shown(response))
    cache.set(_page_key(request), stored, settings.HEADWORD_PAGE_CACHE_SECONDS)


def _shown(response: HttpResponse) -> tuple | None:
    """What a kept page depends on, when that is only the entries it names (not a listing)
    and the cache is shared (stamps are kept there, ``caching._stamp``)."""
    entry_ids = getattr(response, "shown_entries", None)
    if entry_ids is None or cache_is_per_process():
        return None
    return int(response.page_generation), timezone.localdate().isoformat(), tuple(entry_ids)


class PrivateResponsesMiddleware:
    """The last word on sharing: downgrades to private any public response that turned out
    to depend on the person asking (session, CSRF token, cookie), and drops its surrogate
    keys. Placed above the session and CSRF middleware, so it sees what they added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", "") and not is_shareable(request, response):
            response["Cache-Control"] = PRIVATE
            for header in SURROGATE_HEADERS:
                del response[header]
            patch_vary_headers(response, ["Cookie"])
        return response


class CachedPagesMiddleware:
    """Answers a reader's request for a current page that is already rendered from the
    cache, before sessions, CSRF, authentication, messages and the view are reached, and
    keeps each shareable current page (``revalidated``) as it leaves them, with every
    header the middleware below it added.

    Only requests the page would be the same for are answered: GET or HEAD, outside the
    admin, without a session cookie; and only pages that left the middleware below it
    public and still shareable (no session read, no CSRF token, no cookie set), whose view
    asked for every query parameter of the request, are kept.
    Pages are kept under the ETag of the publication generation they were rendered in: a
    publication or withdrawal makes them stale, except, with a shared cache, a page naming
    only entries it did not change (``_still_shows``). Placed below the
    middleware that must still see every answer (security headers, the replica router,
    CORS, ``PrivateResponsesMiddleware``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_share_page(request):
            return self.get_response(request)
        kept = _kept_page(request)
        if kept is not None:
            return kept
        _track_parameters(request)
        response = self.get_response(request)
        if (
            getattr(response, "page_etag", None) is not None
            and not request.GET.unasked()
            and response.status_code == 200
            and not response.streaming
            and "public" in response.get("Cache-Control", "")
            and is_shareable(request, response)
        ):
            _keep_page(request, response)
        return response
