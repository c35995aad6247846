"""Deployment checks: an insecure base URL is flagged; a per-process cache no longer is."""

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
