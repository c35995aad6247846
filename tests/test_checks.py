"""Deployment checks: an insecure base URL, or one the site does not answer at, is flagged;
a per-process cache no longer is."""

import pytest
from django.core.checks import run_checks


def _ids(**kwargs) -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True, **kwargs)}


def test_a_local_memory_cache_is_not_flagged_now_that_it_follows_publication(settings):
    # Each request reads the publication generation from the database (dictionary.caching).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "headword.W001" not in _ids()


def test_a_base_url_that_is_not_https_is_flagged(settings):
    settings.HEADWORD_BASE_URL = "http://dictionary.example.org"
    assert "headword.W002" in _ids()
    settings.HEADWORD_BASE_URL = "https://dictionary.example.org"
    assert "headword.W002" not in _ids()


@pytest.mark.parametrize(
    ("base_url", "allowed_hosts"),
    [
        ("http://127.0.0.1:8000", ["127.0.0.1", "localhost"]),
        ("http://localhost:8123/", ["127.0.0.1", "localhost"]),
        ("https://dictionary.example.org", ["dictionary.example.org"]),
        ("https://www.dictionary.example.org", [".dictionary.example.org"]),
        ("http://[::1]:8000", ["[::1]"]),
        ("https://anything.example.org", ["*"]),
    ],
)
def test_a_base_url_the_site_answers_at_is_not_flagged(settings, base_url, allowed_hosts):
    settings.HEADWORD_BASE_URL, settings.ALLOWED_HOSTS = base_url, allowed_hosts
    assert "headword.W003" not in _ids()


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8000", "https://old.example.org", "dictionary.example.org", ""],
)
def test_a_base_url_the_site_does_not_answer_at_is_flagged_everywhere(settings, base_url):
    # Not only under --deploy: runserver and `make demo` print it too.
    settings.HEADWORD_BASE_URL = base_url
    settings.ALLOWED_HOSTS = ["dictionary.example.org"]
    (warning,) = [message for message in run_checks() if message.id == "headword.W003"]
    assert "notification emails" in warning.msg and "dictionary.example.org" in warning.hint
