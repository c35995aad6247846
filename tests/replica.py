"""Running reader tests against a real PostgreSQL streaming replica (HEADWORD_TEST_REPLICA=1).

The replica copies the primary's whole cluster, the test database included, but is read-only,
so Django makes no test database on it (``TEST: MIRROR`` in settings). After the test
database exists, ``point_at_replica`` turns the ``replica`` connection to the real server and
that database's copy. A replica sees only committed rows: tests run as transactional tests,
and the test client waits before each request until the replica has replayed every commit,
as a reader arriving a moment later would find it.
"""

import time

import psycopg
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dictionary.replicas import REPLICA

WAIT_SECONDS = 10


def point_at_replica(replica_settings: dict) -> None:
    """Send the ``replica`` alias to the real replica's copy of the test database."""
    default = connections["default"].settings_dict
    connections[REPLICA].close()
    connections[REPLICA].settings_dict = {
        **default,
        **{key: replica_settings[key] for key in ("HOST", "PORT", "USER", "PASSWORD")},
        "NAME": default["NAME"],
    }


def _connect(settings_dict: dict):
    return psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
        autocommit=True,
    )


def wait_for_replay() -> None:
    """Block until the replica has replayed all the primary has written (own connections,
    so that the waiting is not counted among a page's queries)."""
    with _connect(connections["default"].settings_dict) as primary:
        written = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + WAIT_SECONDS
    with _connect(connections[REPLICA].settings_dict) as replica:
        query = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
        while not replica.execute(query, [written]).fetchone()[0]:
            if time.monotonic() > deadline:
                raise AssertionError(f"The replica did not replay {written} in {WAIT_SECONDS} s")
            time.sleep(0.005)


_plain_request = Client.request


def request_after_replay(self, **request):
    if not getattr(self, "no_replica_wait", False):
        wait_for_replay()
    return _plain_request(self, **request)


class QueriesOnBoth:
    """Capture the queries of the primary and the replica together: a page's reads go to
    one or the other depending on who asks."""

    def __init__(self):
        self.contexts = [CaptureQueriesContext(connections[a]) for a in ("default", REPLICA)]

    def __enter__(self):
        for context in self.contexts:
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts:
            context.__exit__(*exc)

    @property
    def captured_queries(self):
        return [query for context in self.contexts for query in context.captured_queries]

    def __len__(self):
        return len(self.captured_queries)
