"""Deployment checks: settings that are safe for development but wrong for a real site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Cached pages follow publication only within one process unless the cache is shared."""
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY_CACHE:
        return []
    return [
        Warning(
            "The cache is local to each process: with more than one web worker, a worker "
            "may show links to an entry withdrawn through another for up to an hour.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that workers share it.",
            id="headword.W001",
        )
    ]
