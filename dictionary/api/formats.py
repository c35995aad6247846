"""The formats an entry is served in besides JSON: CSL-JSON and TEI Lex-0."""

from django.conf import settings
from django.utils import timezone
from lxml import etree
from rest_framework.renderers import BaseRenderer, JSONRenderer

from ..citing import edition_as_csl
from ..exporting.tei import MEDIA_TYPE, document, entry_element, header
from ..models import Edition
from ..views.linking import ReferenceLinks


class CSLRenderer(JSONRenderer):
    """CSL-JSON: a list holding the edition as one citable item."""

    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl"


class TEIRenderer(BaseRenderer):
    """A TEI Lex-0 document holding the edition's entry; the view hands it the XML bytes."""

    media_type = MEDIA_TYPE
    format = "tei"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        # Errors (404, 429) come as dictionaries; say them in a small TEI-free XML form.
        root = etree.Element("error")
        root.text = str(data.get("detail") or data.get("errors") or data)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def edition_csl(request, edition: Edition) -> list[dict]:
    url = request.build_absolute_uri(edition.get_absolute_url())
    return [edition_as_csl(edition, url=url, accessed=timezone.localdate())]


def edition_tei(request, edition: Edition, *, links: ReferenceLinks) -> bytes:
    """The edition as a TEI document of one entry; references to published entries link to
    their pages on the reader's site."""

    def link_for(target: str) -> str | None:
        url = links.url_for(target)
        return request.build_absolute_uri(url) if url else None

    entry = entry_element(edition, themes=edition.themes.all(), link_for=link_for)
    teiheader = header(
        title=f"{settings.HEADWORD_TITLE}: {edition.headword}",
        publisher=settings.HEADWORD_PUBLISHER,
        published=edition.published_at.date().isoformat(),
        note=f"Edition {edition.number} of the entry, as published.",
    )
    root = document([entry], teiheader)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
