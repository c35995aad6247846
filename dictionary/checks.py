"""Deployment checks: settings that are safe for development but wrong for a real site."""

from django.core.checks import Tags, Warning, register

from .caching import LOCAL_CACHE_TIMEOUT, cache_is_per_process


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Cached pages follow publication only within one process unless the cache is shared."""
    if not cache_is_per_process():
        return []
    return [
        Warning(
            "The cache is local to each process: with more than one web worker, a worker "
            "may show links to an entry withdrawn through another for up to "
            f"{LOCAL_CACHE_TIMEOUT} seconds, and cached pages are kept only that long.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that workers share it.",
            id="headword.W001",
        )
    ]
