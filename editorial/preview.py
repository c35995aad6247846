"""The working copy rendered by the reader's own page code, marked as a preview.

The page is rendered inside a transaction that publishes the working copy as a trial
edition and is then rolled back, so the preview is exactly what publishing would show and
nothing of it outlives the request (no row, no mail, no cache entry).
"""

import re

from django.db import transaction
from django.http import HttpResponse

from dictionary.caching import cache_untouched
from dictionary.editions import create_edition
from dictionary.models import Entry

BANNER = (
    '<div class="preview-banner" role="status" style="background:#8a1c1c;color:#fff;'
    'padding:.6em 1em;font-weight:bold;text-align:center">'
    "Preview — not published. Readers see the last published edition until this is approved."
    "</div>"
)
_HEAD = re.compile(r"<head[^>]*>")
_BODY = re.compile(r"<body[^>]*>")


def render_preview(request, entry: Entry) -> HttpResponse:
    """The public entry page as it would look if the working copy were published now."""
    from dictionary.views import entry_detail

    with cache_untouched(), transaction.atomic():
        create_edition(entry=entry, change_summary="Preview")
        response = entry_detail(request, slug=entry.slug)
        transaction.set_rollback(True)
    return _marked(response)


def _marked(response: HttpResponse) -> HttpResponse:
    html = response.content.decode(response.charset)
    html = _HEAD.sub(lambda m: m.group(0) + '<meta name="robots" content="noindex">', html, 1)
    html = _BODY.sub(lambda m: m.group(0) + BANNER, html, 1)
    marked = HttpResponse(html, status=response.status_code)
    marked["Cache-Control"] = "private, no-store"
    marked["X-Robots-Tag"] = "noindex"
    return marked
