"""Fixtures shared by the whole suite."""

import os
from contextlib import contextmanager

import dj_database_url
import pytest
from django.core.cache import cache
from django.test import Client

from tests import factories

# Reader tests against the real streaming replica of DATABASE_REPLICA_URL (tests/replica.py).
REPLICA_MODE = os.environ.get("HEADWORD_TEST_REPLICA") == "1"


def pytest_collection_modifyitems(items):
    if not REPLICA_MODE:
        return
    if not os.environ.get("DATABASE_REPLICA_URL"):
        raise pytest.UsageError("HEADWORD_TEST_REPLICA=1 needs DATABASE_REPLICA_URL")
    for item in items:
        # A replica sees committed rows only.
        item.add_marker(pytest.mark.django_db(transaction=True, databases=["default", "replica"]))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    if REPLICA_MODE:
        from tests import replica

        replica.point_at_replica(dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"]))
        replica.wait_for_replay()  # the test database itself, made on the primary
        Client.request = replica.request_after_replay
    yield


@contextmanager
def _queries_on_both(num: int, *, exact: bool, info=None):
    from tests.replica import QueriesOnBoth

    with QueriesOnBoth() as context:
        yield context
    count = len(context)
    if count != num if exact else count > num:
        listed = "\n".join(query["sql"] for query in context.captured_queries)
        pytest.fail(f"{count} queries on the primary and the replica, expected {num}:\n{listed}")


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    if not REPLICA_MODE:
        return django_assert_num_queries
    return lambda num, connection=None, info=None: _queries_on_both(num, exact=True, info=info)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    if not REPLICA_MODE:
        return django_assert_max_num_queries
    return lambda num, connection=None, info=None: _queries_on_both(num, exact=False, info=info)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength costs ~0.3 s per test user; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _api_unthrottled(settings):
    # Tests read many API URLs in a row; the throttle's own test sets a rate again.
    settings.HEADWORD_API_RATE = None


@pytest.fixture
def editor(db):
    return factories.make_user("editor", role="Editors")


@pytest.fixture
def reviewer(db):
    return factories.make_user("reviewer", role="Reviewers")


@pytest.fixture
def chief(db):
    return factories.make_user("chief", role="Editors-in-chief")


@pytest.fixture(autouse=True)
def _pages_rendered_each_time(settings):
    # Most tests look at how a view renders (its context, its queries): whole pages kept in
    # the cache would hide that. tests/dictionary/test_http_caching.py turns them back on.
    settings.HEADWORD_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    # Pages keep values per publication in the cache; the database is rolled back after each
    # test but the local-memory cache is not, so one test's values would reach the next.
    cache.clear()
    yield
    cache.clear()
