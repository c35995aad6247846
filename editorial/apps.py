"""App configuration for the editorial workflow."""

from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
