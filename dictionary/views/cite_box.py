"""The "Cite this entry" box: formatted citations and download links for one edition."""

import datetime

from django.urls import reverse

from .. import citing
from ..models import Edition
from .downloads import DOWNLOAD_FORMATS


def _downloads(name: str, **kwargs) -> list[dict]:
    return [
        {
            "label": label,
            "format": fmt,
            "url": reverse(f"dictionary:{name}", kwargs=kwargs | {"fmt": fmt}),
        }
        for fmt, label in DOWNLOAD_FORMATS
    ]


def citation_context(
    edition: Edition, *, current: Edition, url: str, accessed: datetime.date | None
) -> dict:
    """Citations of the edition in each style, pointing at its permanent URL; ``accessed``
    is None on the edition's permanent page (cached for a year, so a day would go stale)."""
    styles = [
        {"key": key, "label": label, "html": html}
        for key, label, html in citing.format_entry_citations(edition, url=url, accessed=accessed)
    ]
    if edition.is_current:
        downloads = _downloads("entry_citation", slug=current.slug)
    else:
        downloads = _downloads("edition_citation", slug=current.slug, number=edition.number)
    works = []
    if edition.citations:
        works = _downloads("edition_works_cited", slug=current.slug, number=edition.number)
    return {"styles": styles, "downloads": downloads, "works_downloads": works, "url": url}
