"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength costs ~0.3 s per test user; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
