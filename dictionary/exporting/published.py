"""What of an edition's cross-references a public copy may show: only links to published
entries keep their target. As on the reader's site, an inline reference to an entry that is
not published is its label alone, so no public copy names an entry in the works."""

from ..markup import CROSS_REFERENCE
from ..models import Edition, ReferenceKind
from ..views.linking import ReferenceLinks


def edition_links(edition: Edition) -> ReferenceLinks:
    """The edition's references resolved to current editions (one or two queries)."""
    return ReferenceLinks(list(edition.references.all()))


def public_body(body: str, links: ReferenceLinks) -> str:
    """The body markup with each inline reference to an unpublished entry reduced to its
    label; references to published entries stay as written."""

    def keep_or_label(match) -> str:
        target = match.group(1)
        if links.url_for(target):
            return match.group(0)
        return match.group(2) or target

    return CROSS_REFERENCE.sub(keep_or_label, body or "")


def public_references(links: ReferenceLinks, references=None) -> list[dict]:
    """The references a reader sees: every "See"/"See also" (the page lists them, linked or
    not) and the inline ones whose target is published; each with the target's slug or None.
    ``references`` are one edition's, when ``links`` resolves those of several editions."""
    shown = []
    for ref in links.references if references is None else references:
        slug = links.slug_for(ref)
        if ref.kind == ReferenceKind.INLINE and slug is None:
            continue
        shown.append(
            {"target": ref.target_text, "label": ref.label, "kind": ref.kind, "slug": slug}
        )
    return shown
