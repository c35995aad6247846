"""The reader's site reads from a real streaming replica; staff and writes use the primary.

Runs only against a replica (``HEADWORD_TEST_REPLICA=1`` with ``DATABASE_REPLICA_URL``, as
``.ci/run`` does); see tests/replica.py for how the test database is shared with it.
"""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dictionary.replicas import REPLICA
from editorial import services
from tests import factories
from tests.conftest import REPLICA_MODE

pytestmark = [
    pytest.mark.skipif(not REPLICA_MODE, reason="needs HEADWORD_TEST_REPLICA=1 and a replica"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def serge():
    factories.make_roles()
    return factories.make_published("Serge, Victor", body="A revolutionary.")


@pytest.fixture
def captured():
    """Queries of the primary and of the replica, apart."""
    primary = CaptureQueriesContext(connections["default"])
    replica = CaptureQueriesContext(connections[REPLICA])
    with primary, replica:
        yield primary, replica


def test_the_replica_is_a_real_one():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('port')")
        in_recovery, port = cursor.fetchone()
    assert in_recovery is True
    assert port != connections["default"].settings_dict["PORT"]


def test_a_readers_pages_are_read_from_the_replica(serge, captured):
    primary, replica = captured
    for url in ["/", "/entries/", "/entries/?q=revolutionary", "/entries/serge-victor/"]:
        assert Client().get(url).status_code == 200
    assert replica.captured_queries and not primary.captured_queries


def test_staff_read_the_primary_and_see_their_own_write_at_once(serge, editor):
    staff = Client()
    staff.force_login(editor)
    staff.no_replica_wait = True  # what a hurried editor gets, replayed or not
    factories.revise(serge, user=editor, body="A novelist, just saved.")
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        page = staff.get(f"/admin/dictionary/entry/{serge.pk}/change/")
    assert "A novelist, just saved." in page.content.decode()
    assert not replica.captured_queries


def test_a_withdrawal_is_seen_at_once_through_the_replica(serge, chief, settings):
    settings.HEADWORD_PAGE_CACHE_SECONDS = 600  # pages kept per generation, as in production
    reader = Client()
    reader.no_replica_wait = True  # the service's own wait must be enough
    assert reader.get("/entries/serge-victor/").status_code == 200
    services.unpublish(entry=serge, user=chief, reason="Withdrawn")  # commits, then bumps
    assert reader.get("/entries/serge-victor/").status_code == 410  # Gone, with its date
    assert b"Serge, Victor" not in reader.get("/entries/").content


def test_writes_go_to_the_primary_even_in_a_readers_request(serge):
    from dictionary.replicas import ReplicaRouter, _reader_request

    token = _reader_request.set(True)
    try:
        assert ReplicaRouter().db_for_read(None) == REPLICA
        assert ReplicaRouter().db_for_write(None) == "default"
    finally:
        _reader_request.reset(token)
    assert ReplicaRouter().db_for_read(None) == "default"
