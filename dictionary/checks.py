"""Deployment checks: settings that are safe for development but wrong for a real site."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import split_domain_port, validate_host


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


@register()
def base_url_is_served_check(app_configs, **kwargs):
    """Links in notification emails, the feed's ids and exported records name
    ``HEADWORD_BASE_URL``: a host the site does not answer to makes all of them dead ends
    (the demo on another port did, until `make demo` set it from HOST)."""
    parts = urlsplit(settings.HEADWORD_BASE_URL)
    host, _ = split_domain_port(parts.netloc.rpartition("@")[2])
    if parts.scheme in {"http", "https"} and validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"HEADWORD_BASE_URL is {settings.HEADWORD_BASE_URL!r}, an address this site does "
            "not answer at: links in notification emails and the feed's ids would lead nowhere.",
            hint="Set HEADWORD_BASE_URL to the address the site is served at, with a host "
            f"in DJANGO_ALLOWED_HOSTS ({', '.join(settings.ALLOWED_HOSTS) or 'none'}).",
            id="headword.W003",
        )
    ]
