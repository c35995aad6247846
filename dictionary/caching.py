"""Cached parts of edition pages: an edition never changes, only which of its links are live.

The rendered body HTML of an edition and its "See" and "See also" lists depend on the
edition (immutable) and on which cross-reference targets are published. So they are cached
together, under the edition id plus a "publication generation", a counter in the cache that
every publish and withdrawal bumps: one bump makes every cached page part stale at once,
with no list of keys to delete. Values that only publication changes (the home page's
counts, the published themes) are kept under the same generation with
``cached_per_publication``.

Kept pages that list no entries (an entry's page) outlive a generation that did not touch
them. With a shared cache, each publication or withdrawal also stamps, with the generation
it brings in, the entries whose pages it changed (``pages_changed_by``: the entries
themselves, those they refer to, those that refer to them); a page kept with the entries it
shows is still good in a later generation if none of them was stamped after it was
rendered (``unchanged_since``). One approval then re-renders a few pages, not every kept
page of the site. The same entries are what a CDN is asked to purge.

The services that change which editions are current call
``mark_publication_changed()``; no signal does it, because ``.update()`` and
``bulk_create()``, which those services use, send none. Saving or deleting a theme (its
name and slug are in the cached choices) does it through a signal.

Several processes with a cache each (Django's local-memory cache, the default): the counter
in the cache is theirs alone, so each page request also reads the generation kept in the
database (``PublicationGeneration``, one query a request, raised after every such commit)
and keys what it caches, and the pages' validators, with both. A withdrawal made through
one worker then reaches every other at its next request, without Redis. With a shared
cache (``REDIS_URL``) its counter is seen by every worker already, and the database is not
asked.
"""

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import connections, router, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Edition, EditionAlias, EditionReference, PublicationGeneration, Theme
from .purging import purge, purge_keys
from .replicas import wait_for_replicas

T = TypeVar("T")
GENERATION_KEY = "headword:publication-generation"
CHANGED_AT_KEY = "headword:publication-changed-at"
# When a page naming the entry, or any page (the site), last changed: a generation number.
ENTRY_STAMP_KEY = "headword:entry-changed:{}"
SITE_STAMP_KEY = "headword:site-changed"
# Beyond this many entries changed at once (an import), every page is stale: working out
# which pages name them would cost more than rendering the pages again.
NEIGHBOURS_LIMIT = 500
LINKED_PARTS_TIMEOUT = 7 * 24 * 3600
LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


def cache_is_per_process() -> bool:
    """Whether each worker has a cache of its own (Django's local-memory cache)."""
    return settings.CACHES["default"]["BACKEND"] == LOCAL_MEMORY_CACHE


# The database's generation and time of change as this request read them: once a request.
_database_state: ContextVar[tuple[int, float] | None] = ContextVar(
    "headword_database_state", default=None
)
_STATE_ROW = 1


@receiver(request_started, dispatch_uid="headword-read-generation-afresh")
def _forget_database_state(**kwargs):
    _database_state.set(None)


def database_state() -> tuple[int, float]:
    """The generation in the database and when it last moved (0, 0.0 before any change),
    read once a request."""
    state = _database_state.get()
    if state is None:
        number, changed_at = _read_state_row() or (0, None)
        state = (number, changed_at.timestamp() if changed_at else 0.0)
        _database_state.set(state)
    return state


def _read_state_row() -> tuple[int, datetime] | None:
    """The row as one plain statement on the database the reader's site reads from: every
    public page runs it, and building it through the ORM cost 0.35 ms where the statement
    itself takes 0.04 ms. SQLite hands datetimes back as text (UTC), PostgreSQL as values."""
    alias = router.db_for_read(PublicationGeneration)
    table = connections[alias].ops.quote_name(PublicationGeneration._meta.db_table)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = %s", [_STATE_ROW])
        row = cursor.fetchone()
    if row is None:
        return None
    number, changed_at = row
    if isinstance(changed_at, str):
        changed_at = parse_datetime(changed_at).replace(tzinfo=UTC)
    return number, changed_at


def _raise_database_generation() -> None:
    # In autocommit, after the change committed: a row lock held for this statement alone,
    # never inside a publishing transaction (which would serialise them all).
    now = timezone.now()
    row = PublicationGeneration.objects.filter(pk=_STATE_ROW)
    if not row.update(number=F("number") + 1, changed_at=now):
        PublicationGeneration.objects.get_or_create(
            pk=_STATE_ROW, defaults={"number": 1, "changed_at": now}
        )
    _database_state.set(None)


def publication_generation() -> int:
    """The current generation; created from the clock when missing, so it never goes back."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def publication_state() -> tuple[str, float]:
    """The generation and the time (epoch seconds) of the last change, in one cache read
    (and, with a cache per process, the database's, ``database_state``): the validators of
    every current page (``dictionary.http_caching``)."""
    return _state_of(cache.get_many([GENERATION_KEY, CHANGED_AT_KEY]))


def cached_with_publication_state(key: str) -> tuple[object, tuple[str, float] | None]:
    """The value cached under ``key`` and, when there is one, ``publication_state()``,
    read in the same cache round trip: a page kept in Redis costs one, not two."""
    found = cache.get_many([key, GENERATION_KEY, CHANGED_AT_KEY])
    if key not in found:
        return None, None
    return found.pop(key), _state_of(found)


def _state_of(found: dict) -> tuple[str, float]:
    if len(found) < 2:
        # Unknown means "now": later than any change, so no stale page passes as fresh.
        cache.add(CHANGED_AT_KEY, time.time(), timeout=None)
        found = {GENERATION_KEY: publication_generation(), **cache.get_many([CHANGED_AT_KEY])}
    generation, changed_at = found[GENERATION_KEY], found.get(CHANGED_AT_KEY, time.time())
    if not cache_is_per_process():
        return str(generation), changed_at
    number, database_changed_at = database_state()
    return f"{number}:{generation}", max(changed_at, database_changed_at)


def _bump_cache_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    cache.set(CHANGED_AT_KEY, time.time(), timeout=None)


def bump_publication_generation(entry_ids: list[int] | None = None) -> None:
    """Make every cached value stale in every process, and every kept page, or with
    ``entry_ids`` only the listings and the pages that name those entries: call after any
    publish or withdrawal commits. The stamps come first, so that no worker sees the new
    generation before them."""
    _stamp(entry_ids)
    _bump_cache_generation()
    _raise_database_generation()


def _stamp(entry_ids: list[int] | None) -> None:
    """Note that the pages naming these entries (all pages, for None) change in the
    generation about to begin. Per-process caches keep no stamps: another worker would
    not see them, so their kept pages last one generation."""
    if cache_is_per_process():
        return
    coming = publication_generation() + 1
    if entry_ids is None:
        cache.set(SITE_STAMP_KEY, coming, timeout=None)
    else:
        cache.set_many({ENTRY_STAMP_KEY.format(pk): coming for pk in entry_ids}, timeout=None)


def unchanged_since(entry_ids: Iterable[int], generation: int) -> bool:
    """Whether no page naming these entries has changed since ``generation`` (a shared
    cache's; see ``_stamp``), nor every page."""
    keys = [SITE_STAMP_KEY, *(ENTRY_STAMP_KEY.format(pk) for pk in entry_ids)]
    return all(stamp <= generation for stamp in cache.get_many(keys).values())


def pages_changed_by(entry_ids: Iterable[int]) -> list[int] | None:
    """The entries whose pages change when these entries are published or withdrawn (call
    it inside that change's transaction): the entries; those their editions refer to
    (their "Referred to by" lists); those whose current editions refer to them by id or by
    a name one of their editions carried (their links go live or dead). None, meaning
    every page, beyond ``NEIGHBOURS_LIMIT`` entries. At most six queries, for any number."""
    ids = set(entry_ids)
    if len(ids) > NEIGHBOURS_LIMIT:
        return None
    names = set(Edition.objects.filter(entry_id__in=ids).values_list("sort_key", flat=True))
    names |= set(
        EditionAlias.objects.filter(edition__entry_id__in=ids).values_list("match_key", flat=True)
    )
    outgoing = EditionReference.objects.filter(edition__entry_id__in=ids)
    targets, target_keys = set(), set()
    for target_id, target_key in outgoing.values_list("target_id", "target_key"):
        targets.add(target_id)
        target_keys.add(target_key)
    current = Edition.objects.current()
    targets |= set(current.filter(sort_key__in=target_keys).values_list("entry_id", flat=True))
    aliased = EditionAlias.objects.filter(match_key__in=target_keys, edition__is_current=True)
    targets |= set(aliased.values_list("edition__entry_id", flat=True))
    incoming = EditionReference.objects.filter(edition__is_current=True).filter(
        Q(target_id__in=ids) | Q(target_key__in=names)
    )
    referrers = set(incoming.values_list("edition__entry_id", flat=True))
    return sorted((ids | targets | referrers) - {None})


def mark_publication_changed(*, entry_ids: Iterable[int] | None = None) -> None:
    """Call inside the transaction that changes which editions are current.

    Bumps the cache's counter now, so that reads later in the same transaction see its own
    change, and both counters once the transaction commits, because a page that another
    process renders between the first bump and the commit caches the old links under the
    new generation. Outside a transaction both run at once. Every such change needs it,
    ``.update()`` and ``bulk_create()`` included, as they send no signals. After the
    commit, the pages that name ``entry_ids`` or their neighbours (``pages_changed_by``)
    are stamped, and a CDN is asked to purge them and the listings (everything when not
    given). With a read replica, the bump at the commit waits until
    the replica has replayed it.
    """
    _bump_cache_generation()
    changed = None if entry_ids is None else list(entry_ids)
    if changed is not None and (not cache_is_per_process() or settings.HEADWORD_PURGE_URL):
        changed = pages_changed_by(changed)  # only where stamps or a CDN will use them
    keys = purge_keys(changed)
    transaction.on_commit(lambda: _after_commit(keys, changed))


def _after_commit(keys: list[str], changed: list[int] | None) -> None:
    # A page rendered from a replica that has not replayed the commit yet must not be kept
    # under the generation that follows it; a CDN refetching must get the new pages.
    wait_for_replicas()
    bump_publication_generation(changed)
    purge(keys)


def cached_linked_parts(edition: Edition, render: Callable[[], T]) -> T:
    """The parts of the edition's page that link to other entries (its body, its "See"
    lists) from the cache, or ``render()`` stored for next time: a value per publication."""
    # Named apart from the bodies cached as bare HTML before, which a reader of this key
    # must never be handed.
    return cached_per_publication(f"edition-links:{edition.pk}", render, LINKED_PARTS_TIMEOUT)


def cached_many_for_edition(makers: dict[str, Callable[[], T]], timeout: int) -> dict[str, T]:
    """Values made from an edition alone (its citations), one read of the cache for all of
    them and one write for those it did not hold. ``makers``: name -> what makes its value;
    a name must hold what identifies the value. Editions never change, so no publication
    generation is in the keys, and a per-process cache keeps them as long as a shared one."""
    keys = {f"headword:{name}": name for name in makers}
    found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    made = {name: make() for name, make in makers.items() if name not in found}
    if made:
        cache.set_many({f"headword:{name}": value for name, value in made.items()}, timeout)
    return found | made


def cached_per_publication(name: str, compute: Callable[[], T], timeout: int = 3600) -> T:
    """A value that changes only when something is published or withdrawn (counts, lists).

    Kept under ``name`` and the publication generation, so the next publish recomputes it.
    """
    value = cache.get(key := cache_key(name))
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def cache_key(name: str) -> str:
    """The key of ``name``'s value in the current generation (see the module's docstring)."""
    if cache_is_per_process():
        return f"headword:{name}:{database_state()[0]}:{publication_generation()}"
    return f"headword:{name}:{publication_generation()}"


@receiver([post_save, post_delete], sender=Theme, dispatch_uid="headword-theme-changed")
def _theme_changed(sender, **kwargs):
    # The published themes are cached with their names and slugs: a renamed theme must show
    # its new name, and its new slug must be accepted, before the next publication.
    mark_publication_changed()
