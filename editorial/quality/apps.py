"""App configuration for the editorial quality checks."""

from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "editorial.quality"
    label = "quality"
    verbose_name = "Quality"
