"""The deployment check warns about a per-process cache, and only then."""

from django.core.checks import run_checks


def _ids(**kwargs) -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True, **kwargs)}


def test_a_local_memory_cache_is_flagged_for_deployment(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "headword.W001" in _ids()


def test_a_shared_cache_is_not_flagged(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "headword.W001" not in _ids()
