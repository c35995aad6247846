"""Citation downloads for readers: an edition as BibTeX, RIS or CSL-JSON, and its works cited.

Like every public view these read through ``Edition.objects.current()``: an entry that is
not published (never, or no longer) answers 404 with the same words as one that does not
exist, so a download never tells anyone what is in the works.
"""

import json
from datetime import date

from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ..citing import (
    edition_as_biblatex,
    edition_as_bibtex,
    edition_as_csl,
    edition_as_ris,
    works_as_biblatex,
    works_as_bibtex,
    works_as_csl,
    works_as_ris,
)
from ..http_caching import immutable, revalidated, show_entries
from ..models import Edition
from ..publication import absolute_url

# (format, label) for templates that offer the downloads.
DOWNLOAD_FORMATS = (
    ("bib", "BibTeX"),
    ("biblatex", "BibLaTeX"),
    ("ris", "RIS"),
    ("json", "CSL-JSON"),
)
# The file name's ending for each format (both BibTeX dialects are .bib files).
EXTENSIONS = {"biblatex": "biblatex.bib"}

# An edition's citation needs only these columns; the body and search columns stay unread.
_CITED_FIELDS = (
    *("entry_id", "slug", "number", "headword", "published_at", "first_published_at"),
    *("byline", "fingerprint"),
)

CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "biblatex": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


def _as_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


_EDITION_WRITERS = {
    "bib": edition_as_bibtex,
    "biblatex": edition_as_biblatex,
    "ris": edition_as_ris,
    "json": lambda edition, **facts: _as_json([edition_as_csl(edition, **facts)]),
}
_WORKS_WRITERS = {
    "bib": works_as_bibtex,
    "biblatex": works_as_biblatex,
    "ris": works_as_ris,
    "json": lambda edition: _as_json(works_as_csl(edition)),
}


@require_safe
def entry_citation(request, slug, fmt):
    """The citation of the entry's current edition, pointing at that edition's URL."""
    if fmt not in CONTENT_TYPES:
        return _unknown_format(fmt)
    edition = Edition.objects.current().filter(slug=slug).only(*_CITED_FIELDS).first()
    if edition is None:
        return _renamed("entry_citation", slug, fmt=fmt) or _not_published(slug)
    download = _edition_download(request, edition, fmt, slug=slug, accessed=access_date())
    return show_entries(download, [edition.entry_id])


@require_safe
def edition_citation(request, slug, number, fmt):
    """The citation of one edition, current or superseded, while its entry is published."""
    if fmt not in CONTENT_TYPES:
        return _unknown_format(fmt)
    # As on the reader's site, the slug is the entry's current one, whatever the edition had.
    entry_ids = Edition.objects.current().filter(slug=slug).values("entry_id")
    editions = Edition.objects.filter(entry_id__in=entry_ids, number=number)
    edition = editions.only(*_CITED_FIELDS).first()
    if edition is None:
        moved = _renamed("edition_citation", slug, number=number, fmt=fmt)
        return moved or _not_published(slug, number=number)
    # Cached for a year, like the edition's page: the record of a fixed version, undated.
    download = _edition_download(request, edition, fmt, slug=slug, accessed=None)
    return show_entries(download, [edition.entry_id])


@require_safe
def works_cited(request, slug, fmt):
    """The works cited by the entry's current edition."""
    if fmt not in CONTENT_TYPES:
        return _unknown_format(fmt)
    editions = Edition.objects.current().filter(slug=slug)
    edition = editions.only("entry_id", "slug", "citations").first()
    if edition is None:
        return _renamed("works_cited", slug, fmt=fmt) or _not_published(slug)
    body = _WORKS_WRITERS[fmt](edition)
    response = _download(body, fmt, filename=f"{edition.slug}-works-cited.{_extension(fmt)}")
    return show_entries(response, [edition.entry_id])


@require_safe
def edition_works_cited(request, slug, number, fmt):
    """The works cited by one edition as it stood, current or superseded, while its entry
    is published: an old edition's list is the list it had."""
    if fmt not in CONTENT_TYPES:
        return _unknown_format(fmt)
    entry_ids = Edition.objects.current().filter(slug=slug).values("entry_id")
    editions = Edition.objects.filter(entry_id__in=entry_ids, number=number)
    edition = editions.only("entry_id", "slug", "number", "citations").first()
    if edition is None:
        moved = _renamed("edition_works_cited", slug, number=number, fmt=fmt)
        return moved or _not_published(slug, number=number)
    body = _WORKS_WRITERS[fmt](edition)
    name = f"{slug}-edition-{number}-works-cited.{_extension(fmt)}"
    return show_entries(_download(body, fmt, filename=name), [edition.entry_id])


def _extension(fmt: str) -> str:
    return EXTENSIONS.get(fmt, fmt)


def edition_url(request, edition: Edition, *, slug: str | None = None) -> str:
    """The edition's permanent URL, absolute: from the request, else HEADWORD_BASE_URL.

    ``slug`` is the entry's current slug. An edition made before the entry was renamed
    keeps its old slug, but the reader's site finds every edition under the current one.
    """
    if slug is None:
        location = edition.get_absolute_url()
    else:
        location = reverse(
            "dictionary:edition_detail", kwargs={"slug": slug, "number": edition.number}
        )
    if request is not None:
        return request.build_absolute_uri(location)
    return absolute_url(location)


def access_date() -> date:
    """Today, in the site's time zone: the date a reader accessed the entry."""
    return timezone.localdate()


def _edition_download(
    request, edition: Edition, fmt: str, *, slug: str, accessed: date | None
) -> HttpResponse:
    facts = {"url": edition_url(request, edition, slug=slug), "accessed": accessed}
    body = _EDITION_WRITERS[fmt](edition, **facts)
    return _download(body, fmt, filename=f"{slug}-edition-{edition.number}.{_extension(fmt)}")


def _download(body: str, fmt: str, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Caching headers come from the URL's policy (dictionary.urls): the current entry's
    # ETag changes daily with the access date in the file.
    return response


def _unknown_format(fmt: str) -> HttpResponse:
    known = ", ".join(f"{key} ({label})" for key, label in DOWNLOAD_FORMATS)
    return _plain_not_found(f"There is no citation format “{fmt}”. Available formats: {known}.")


def _renamed(view: str, slug: str, **kwargs) -> HttpResponse | None:
    """A permanent redirect to the same download under the entry's new slug, as the pages
    do: citations handed out before a rename keep working."""
    target = Edition.objects.renamed_from(slug)
    if target is None:
        return None
    return redirect(f"dictionary:{view}", slug=target, permanent=True, **kwargs)


def _not_published(slug: str, *, number: int | None = None) -> HttpResponse:
    if number is not None:
        return _plain_not_found(f"There is no edition {number} of a published entry “{slug}”.")
    return _plain_not_found(f"There is no published entry “{slug}”.")


def _plain_not_found(message: str) -> HttpResponse:
    return HttpResponseNotFound(message + "\n", content_type="text/plain; charset=utf-8")


# Included by dictionary.urls, so the names are dictionary:entry_citation and so on.
urlpatterns = [
    path("entries/<slug:slug>/cite.<str:fmt>", revalidated(entry_citation), name="entry_citation"),
    path(
        "entries/<slug:slug>/editions/<int:number>/cite.<str:fmt>",
        immutable(edition_citation),
        name="edition_citation",
    ),
    path("entries/<slug:slug>/works-cited.<str:fmt>", revalidated(works_cited), name="works_cited"),
    path(
        "entries/<slug:slug>/editions/<int:number>/works-cited.<str:fmt>",
        immutable(edition_works_cited),
        name="edition_works_cited",
    ),
]
