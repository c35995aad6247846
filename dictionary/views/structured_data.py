"""Machine-readable citation data for an entry page: schema.org JSON-LD (escaped so that it
cannot close its script tag), and the Highwire Press ``citation_*`` and Dublin Core meta
tags that reference managers (Zotero, Mendeley) read to save an entry in one click."""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from ..bylines import authors
from ..citing.csl_names import sorted_name
from ..models import Edition, EntryType
from ..publication import publication

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
    signed = [_json_ld_person(item) for item in authors(edition.byline)]
    if signed:
        data["author"] = signed
    editors = publication().editor_names
    if editors:
        data["isPartOf"]["editor"] = [{"@type": "Person", "name": name} for name in editors]
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))


def _json_ld_person(item: dict) -> dict:
    name = item.get("name") or {}
    kind = "Organization" if "literal" in name else "Person"
    return {"@type": kind, "name": item.get("display", "")}


def citation_meta_tags(edition: Edition, *, url: str) -> list[tuple[str, str]]:
    """(name, content) pairs for the page head: Highwire Press tags, then Dublin Core."""
    work = publication()
    signed = authors(edition.byline)
    published = edition.published_at.date()
    tags = [("citation_title", edition.headword)]
    tags += [("citation_author", sorted_name(item.get("name") or {})) for item in signed]
    tags += [
        ("citation_publication_date", published.strftime("%Y/%m/%d")),
        ("citation_online_date", edition.first_published_at.date().strftime("%Y/%m/%d")),
        ("citation_inbook_title", work.title),
        ("citation_publisher", work.publisher),
        ("citation_public_url", url),
        ("citation_fulltext_html_url", url),
    ]
    tags += [("citation_editor", sorted_name(name)) for name in work.editors]
    if work.isbn:
        tags.append(("citation_isbn", work.isbn))
    if work.issn:
        tags.append(("citation_issn", work.issn))
    tags += [("DC.title", edition.headword)]
    tags += [("DC.creator", sorted_name(item.get("name") or {})) for item in signed]
    tags += [
        ("DC.date", published.isoformat()),
        ("DC.publisher", work.publisher),
        ("DC.type", "Text"),
        ("DC.identifier", url),
        ("DC.isPartOf", work.title),
        ("DC.language", "en"),
    ]
    if work.license:
        tags.append(("DC.rights", work.license))
    return [(name, content) for name, content in tags if content]
