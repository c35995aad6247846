"""Reads of the reader's site from a PostgreSQL streaming replica, everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and this router.
``ReaderReplicaMiddleware`` marks the requests whose reads may go to it: GET or HEAD, outside
``/admin/``, from someone without a session. Staff requests, every write, every read inside
a transaction and everything outside a request (commands, services run by tasks) use the
primary, so staff see their own writes at once.

A replica replays the primary's commits a little later. A publication's last cache bump
(``dictionary.caching.mark_publication_changed``) waits for ``wait_for_replicas`` first,
so that no page rendered from a replica that has not yet seen a withdrawal is kept under
the generation that follows it.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
_reader_request = ContextVar("headword_reader_request", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """The reader's reads to the replica, all else to the primary."""

    def db_for_read(self, model, **hints):
        if _reader_request.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        return True  # the same rows, whichever server they were read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def is_reader_request(request) -> bool:
    """Anonymous reads of the public site; anything of staff goes to the primary."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    )


class ReaderReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured() or not is_reader_request(request):
            return self.get_response(request)
        token = _reader_request.set(True)
        try:
            return self.get_response(request)
        finally:
            _reader_request.reset(token)


def wait_for_replicas() -> bool:
    """Wait until the replica has replayed everything the primary has written so far (at
    most ``HEADWORD_REPLICA_WAIT_SECONDS``); True when it has, or when there is none."""
    if not replica_configured():
        return True
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        written = cursor.fetchone()[0]
    deadline = time.monotonic() + settings.HEADWORD_REPLICA_WAIT_SECONDS
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return True
            if time.monotonic() > deadline:
                logger.warning("The replica has not replayed %s yet; going on without it", written)
                return False
            time.sleep(0.005)
