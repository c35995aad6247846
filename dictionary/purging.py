"""Telling a CDN what a publication or withdrawal changed: purge by surrogate key."""

import json
import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)

SITE_KEY = "headword"
LISTINGS_KEY = "listings"


def entry_key(entry_id: int) -> str:
    """The surrogate key of every response that shows the entry (its pages, links to it)."""
    return f"entry-{entry_id}"


def purge_keys(entry_ids: Iterable[int] | None) -> list[str]:
    """What a publication or withdrawal of these entries changes: their pages and the
    listings; everything when the entries are not known (a theme renamed)."""
    if entry_ids is None:
        return [SITE_KEY]
    return [LISTINGS_KEY, *(entry_key(entry_id) for entry_id in dict.fromkeys(entry_ids))]


def purge(keys: list[str]) -> None:
    """Ask the CDN (``HEADWORD_PURGE_URL``) to drop every response carrying one of ``keys``.

    One POST with the keys both in a ``Surrogate-Key`` header and as JSON ``{"tags": [...]}``
    (what Fastly's and Cloudflare's purge-by-key APIs read). Runs after the commit of a
    publication or withdrawal: a failure is logged, never raised, as the change stands and
    the pages expire within the shared max-age anyway.
    """
    url = settings.HEADWORD_PURGE_URL
    if not url or not keys:
        return
    headers = {"Content-Type": "application/json", "Surrogate-Key": " ".join(keys)}
    if settings.HEADWORD_PURGE_AUTHORIZATION:
        headers["Authorization"] = settings.HEADWORD_PURGE_AUTHORIZATION
    body = json.dumps({"tags": keys}).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.HEADWORD_PURGE_TIMEOUT):
            pass
    except OSError as error:  # URLError and HTTPError are OSErrors
        logger.warning("Purging %s at %s failed: %s", keys, url, error)
