"""Deployment checks: settings that are safe for development but wrong for a real site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def https_base_url_check(app_configs, **kwargs):
    """Citations, feeds and edition ids carry ``HEADWORD_BASE_URL``: behind TLS it must be
    https, or every citation printed from the site names an insecure address."""
    if settings.HEADWORD_BASE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"HEADWORD_BASE_URL is {settings.HEADWORD_BASE_URL!r}: citations and the feed's "
            "ids would name an address that is not https.",
            hint="Set HEADWORD_BASE_URL to the site's https address, e.g. "
            "https://dictionary.example.org.",
            id="headword.W002",
        )
    ]
