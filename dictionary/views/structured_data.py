"""schema.org JSON-LD for an entry page, escaped so that it cannot close its script tag."""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from ..models import Edition, EntryType

ABOUT_TYPES = {
    EntryType.PERSON: "Person",
    EntryType.ORGANIZATION: "Organization",
    EntryType.EVENT: "Event",
    EntryType.PLACE: "Place",
    EntryType.PUBLICATION: "CreativeWork",
}
# Characters that could end the <script> element or start an HTML comment inside it.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def entry_json_ld(edition: Edition, *, url: str) -> SafeString:
    about = {"@type": ABOUT_TYPES.get(edition.entry_type, "Thing"), "name": edition.headword}
    if edition.aliases:
        about["alternateName"] = list(edition.aliases)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": edition.headword,
        "url": url,
        "description": edition.summary,
        "datePublished": edition.first_published_at.isoformat(),
        "dateModified": edition.published_at.isoformat(),
        "version": str(edition.number),
        "inLanguage": "en",
        "about": about,
        "isPartOf": {"@type": "Book", "name": settings.HEADWORD_TITLE},
        "publisher": {"@type": "Organization", "name": settings.HEADWORD_PUBLISHER},
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))
