"""App configuration for the dictionary content."""

from django.apps import AppConfig


class DictionaryConfig(AppConfig):
    name = "dictionary"
    verbose_name = "Dictionary"

    def ready(self):
        # Connects the receivers that make cached pages stale when a theme changes.
        from . import caching, checks  # noqa: F401
