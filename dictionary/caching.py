"""Cached parts of edition pages: an edition never changes, only which of its links are live.

The rendered body HTML of an edition and its "See" and "See also" lists depend on the
edition (immutable) and on which cross-reference targets are published. So they are cached
together, under the edition id plus a "publication generation", a counter in the cache that
every publish and withdrawal bumps: one bump makes every cached page part stale at once,
with no list of keys to delete. Values that only publication changes (the home page's
counts, the published themes) are kept under the same generation with
``cached_per_publication``.

The services that change which editions are current call
``mark_publication_changed()``; no signal does it, because ``.update()`` and
``bulk_create()``, which those services use, send none. Saving or deleting a theme (its
name and slug are in the cached choices) does it through a signal.

Use Redis (``REDIS_URL``) when more than one process serves pages: the local-memory cache is
per process, so a bump in one worker does not reach the others. With it, nothing is kept
longer than ``LOCAL_CACHE_TIMEOUT``, so that another worker stops linking to a withdrawn
entry within that time (``check --deploy`` warns about it, ``dictionary.checks``).
"""

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Edition, Theme
from .purging import purge, purge_keys
from .replicas import wait_for_replicas

T = TypeVar("T")
GENERATION_KEY = "headword:publication-generation"
CHANGED_AT_KEY = "headword:publication-changed-at"
LINKED_PARTS_TIMEOUT = 7 * 24 * 3600  # with a shared cache: a bump reaches every worker
LOCAL_CACHE_TIMEOUT = 60  # seconds, the most a per-process cache keeps anything
LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


def cache_is_per_process() -> bool:
    """Whether each worker has a cache of its own (Django's local-memory cache)."""
    return settings.CACHES["default"]["BACKEND"] == LOCAL_MEMORY_CACHE


def cache_timeout(wanted: int) -> int:
    """How long to keep a value meant to last ``wanted`` seconds, given the cache in use."""
    return min(wanted, LOCAL_CACHE_TIMEOUT) if cache_is_per_process() else wanted


# Set while rendering work that is rolled back (a preview): the cache is neither read nor
# written, and publication "changes" inside it are not announced.
_untouched = ContextVar("headword_cache_untouched", default=False)


@contextmanager
def cache_untouched() -> Iterator[None]:
    """Render without the cache: for a page built inside a transaction that is rolled back,
    whose trial edition must not clear every cached page nor leave its parts behind."""
    token = _untouched.set(True)
    try:
        yield
    finally:
        _untouched.reset(token)


def _state_timeout() -> int | None:
    # A per-process cache cannot hear of another worker's publication: its generation
    # lapses like everything else in it, so that a page's validators change within
    # LOCAL_CACHE_TIMEOUT too. A shared cache keeps it for good.
    return LOCAL_CACHE_TIMEOUT if cache_is_per_process() else None


def publication_generation() -> int:
    """The current generation; created from the clock when missing, so it never goes back."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=_state_timeout())
        generation = cache.get(GENERATION_KEY)
    return generation


def publication_state() -> tuple[int, float]:
    """The generation and the time (epoch seconds) of the last change, in one cache read:
    the validators of every current page (``dictionary.http_caching``)."""
    found = cache.get_many([GENERATION_KEY, CHANGED_AT_KEY])
    if len(found) < 2:
        # Unknown means "now": later than any change, so no stale page passes as fresh.
        cache.add(CHANGED_AT_KEY, time.time(), timeout=_state_timeout())
        found = {GENERATION_KEY: publication_generation(), **cache.get_many([CHANGED_AT_KEY])}
    return found[GENERATION_KEY], found.get(CHANGED_AT_KEY, time.time())


def bump_publication_generation() -> None:
    """Make every cached value stale: call after any publish or withdrawal commits."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=_state_timeout())
    cache.set(CHANGED_AT_KEY, time.time(), timeout=_state_timeout())


def mark_publication_changed(*, entry_ids: Iterable[int] | None = None) -> None:
    """Call inside the transaction that changes which editions are current.

    Bumps twice: now, so that reads later in the same transaction see its own change, and
    once the transaction commits, because a page that another process renders between the
    first bump and the commit caches the old links under the new generation. Outside a
    transaction both run at once. Every such change needs it, ``.update()`` and
    ``bulk_create()`` included, as they send no signals. After the commit, a CDN is asked
    to purge the pages of ``entry_ids`` and the listings (everything when not given). With a
    read replica, the bump at the commit waits until the replica has replayed it.
    """
    if _untouched.get():
        return
    bump_publication_generation()
    keys = purge_keys(None if entry_ids is None else list(entry_ids))
    transaction.on_commit(lambda: _after_commit(keys))


def _after_commit(keys: list[str]) -> None:
    # A page rendered from a replica that has not replayed the commit yet must not be kept
    # under the generation that follows it; a CDN refetching must get the new pages.
    wait_for_replicas()
    bump_publication_generation()
    purge(keys)


def cached_linked_parts(edition: Edition, render: Callable[[], T]) -> T:
    """The parts of the edition's page that link to other entries (its body, its "See"
    lists) from the cache, or ``render()`` stored for next time: a value per publication."""
    # Named apart from the bodies cached as bare HTML before, which a reader of this key
    # must never be handed.
    return cached_per_publication(f"edition-links:{edition.pk}", render, LINKED_PARTS_TIMEOUT)


def cached_for_edition(name: str, compute: Callable[[], T], timeout: int) -> T:
    """A value made from an edition alone (its citations): editions never change, so it
    needs no publication generation in its key; ``name`` must hold what identifies it.
    Nothing ever makes it stale, so a per-process cache may keep it as long as a shared one
    (``cache_timeout``'s cap is for values that other processes must see change).
    Computed afresh, and not kept, inside ``cache_untouched`` (a preview)."""
    if _untouched.get():
        return compute()
    return cache.get_or_set(f"headword:{name}", compute, timeout)


def cached_per_publication(name: str, compute: Callable[[], T], timeout: int = 3600) -> T:
    """A value that changes only when something is published or withdrawn (counts, lists).

    Kept under ``name`` and the publication generation, so the next publish recomputes it.
    """
    if _untouched.get():
        return compute()
    key = f"headword:{name}:{publication_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_timeout(timeout))
    return value


@receiver([post_save, post_delete], sender=Theme, dispatch_uid="headword-theme-changed")
def _theme_changed(sender, **kwargs):
    # The published themes are cached with their names and slugs: a renamed theme must show
    # its new name, and its new slug must be accepted, before the next publication.
    mark_publication_changed()
