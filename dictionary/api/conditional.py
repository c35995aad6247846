"""ETag and Last-Modified for edition resources, and the 304 that answers a fresh copy."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from ..models import Edition
from ..views.linking import ReferenceLinks


def edition_validators(
    edition: Edition, current: Edition, fmt: str, *, links: ReferenceLinks
) -> tuple[str, float]:
    """(ETag, Last-Modified timestamp) of an edition served in ``fmt``.

    An edition never changes; what may change its representation is which edition is
    current (its ``is_current`` and the slug it is found under) and which of its references
    lead to published entries. The tag holds all three. Last-Modified is the later of the
    two editions' dates: a reference whose target is withdrawn changes the tag but not that
    date, so a client sending only If-Modified-Since may keep such a link a while longer.
    """
    linked = sorted(filter(None, (links.slug_for(ref) for ref in links.references)))
    digest = hashlib.sha256("\n".join(linked).encode()).hexdigest()[:16]
    etag = f'"edition-{edition.pk}-{current.pk}-{fmt}-{digest}"'
    modified = max(edition.published_at, current.published_at).timestamp()
    return etag, modified


def not_modified(request, *, etag: str, modified: float):
    """A 304 response when the client's copy is fresh, else None."""
    return get_conditional_response(request, etag=etag, last_modified=int(modified))


def add_validators(response, *, etag: str, modified: float):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Vary"] = "Accept"
    return response
