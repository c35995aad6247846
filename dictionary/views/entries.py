"""An entry's page, its edition history, its past editions at their permanent URLs, and the
preview of a working copy on the same page."""

from datetime import date

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ..bylines import byline_groups
from ..caching import cached_linked_parts
from ..http_caching import show_entries
from ..markup import render_body
from ..models import Edition, EditionAlias, ReferenceKind, Theme
from ..ordering import ALPHABETICAL
from ..search import MAX_QUERY_LENGTH
from ..snapshots import EntrySnapshot
from ..text import fold
from .cite_box import citation_context
from .linking import ReferenceLinks
from .structured_data import citation_meta_tags, entry_json_ld
from .works import works_by_role

PAGE = "dictionary/entry_detail.html"
REFERENCED_BY_LIMIT = 200
# Folded copies of the text kept for search; an entry page never reads them.
SEARCH_COLUMNS = ("search_text", "search_vector")


def _current(slug: str, *, full: bool = True) -> Edition | None:
    editions = Edition.objects.current().filter(slug=slug)
    if full:
        editions = editions.defer(*SEARCH_COLUMNS).prefetch_related("themes")
    return editions.first()


def _alias_target(slug: str) -> str | None:
    """The current slug an alias URL stands for: an alias slug a current edition froze (a
    draft's aliases, and the slugs a draft gives them, are not the reader's yet)."""
    frozen = EditionAlias.objects.filter(slug=slug, edition__is_current=True)
    return frozen.order_by("edition_id").values_list("edition__slug", flat=True).first()


def _redirect_or_404(request, slug: str, view: str, **kwargs):
    """Answer a slug that is not current: follow a rename or an alias, else 404."""
    target = Edition.objects.renamed_from(slug) or (
        _alias_target(slug) if view == "entry_detail" else None
    )
    if target is None:
        return _gone(request, slug) or _not_found(request, slug)
    return redirect(f"dictionary:{view}", slug=target, permanent=True, **kwargs)


def _gone(request, slug: str):
    """410 Gone, saying when the entry was withdrawn, when an entry once published at the
    slug has no current edition any more (None otherwise). The page does not repeat the
    withdrawn text, not even its headword: an entry may be withdrawn on legal advice."""
    last = Edition.objects.withdrawn_at(slug)
    if last is None:
        return None
    context = {"slug": slug, "withdrawn_at": last.withdrawn_at}
    return render(request, "dictionary/gone.html", context, status=410)


def _not_found(request, slug: str):
    words = " ".join(slug.replace("-", " ").split())[:MAX_QUERY_LENGTH]
    return render(request, "dictionary/not_found.html", {"slug": slug, "words": words}, status=404)


def entry_detail(request, slug):
    """The current edition of an entry; an alias URL redirects to its entry."""
    edition = _current(slug)
    if edition is None:
        return _redirect_or_404(request, slug, "entry_detail")
    return _render_edition(request, edition, current=edition, accessed=timezone.localdate())


def edition_detail(request, slug, number):
    """One edition of a published entry as it was approved; earlier ones say so."""
    current = _current(slug, full=False)
    if current is None:
        return _redirect_or_404(request, slug, "edition_detail", number=number)
    edition = (
        Edition.objects.filter(entry_id=current.entry_id, number=number)
        .defer(*SEARCH_COLUMNS)
        .prefetch_related("themes")
        .first()
    )
    if edition is None:
        raise Http404("No such edition")
    # The page is cached for a year: its citations cite the fixed version, undated.
    return _render_edition(request, edition, current=current, accessed=None)


def edition_list(request, slug):
    """The edition history of a published entry: numbers, dates and change summaries."""
    current = _current(slug, full=False)
    if current is None:
        return _redirect_or_404(request, slug, "edition_list")
    editions = (
        Edition.objects.filter(entry_id=current.entry_id)
        .order_by("-number")
        .only("number", "published_at", "change_summary", "is_current", "without_review")
    )
    context = {"current": current, "editions": editions}
    response = render(request, "dictionary/edition_list.html", context)
    return show_entries(response, [current.entry_id])


def _referenced_by(edition: Edition):
    """The current editions referring to the entry: by a see/see-also row pointing at it, by
    an inline name resolved to it that one of its editions carried (not a name only its
    draft gives it, as ``ReferenceLinks`` links), or by a name of this edition, unresolved."""
    keys = {fold(edition.headword), *(fold(name) for name in edition.aliases)}
    own = Edition.objects.filter(entry_id=edition.entry_id)
    carried = Q(references__target_key__in=own.values("sort_key")) | Q(
        references__target_key__in=EditionAlias.objects.filter(
            edition__entry_id=edition.entry_id
        ).values("match_key")
    )
    chosen = Q(references__kind__in=[ReferenceKind.SEE, ReferenceKind.SEE_ALSO])
    pointing = Q(references__target_id=edition.entry_id) & (chosen | carried) | Q(
        references__target__isnull=True, references__target_key__in=keys
    )
    return (
        Edition.objects.current()
        .filter(pointing)
        .exclude(entry_id=edition.entry_id)
        .distinct()
        .order_by(*ALPHABETICAL.order_by())
        .only("entry_id", "headword", "slug", "dates")[:REFERENCED_BY_LIMIT]
    )


def _linked_parts(body: str, references) -> dict:
    """The body and the "See" lists, whose links go only to published entries. They are
    cached together, so a cached page reads neither the references nor their targets."""
    links = ReferenceLinks(list(references))
    return {
        "body_html": render_body(body, link_for=links.url_for),
        "see": links.listed(ReferenceKind.SEE),
        "see_also": links.listed(ReferenceKind.SEE_ALSO),
        # For the page's surrogate keys: publishing or withdrawing one changes its links.
        "linked_entries": links.linked_entry_ids(),
    }


def entry_preview(request, edition: Edition, snapshot: EntrySnapshot):
    """The page an unsaved edition made from ``snapshot`` would have once published, marked
    as a preview. Its links and themes come from the snapshot; nothing is read from or kept
    in a cache, and the response is private to its reader and not indexed."""
    linked_parts = _linked_parts(edition.body, snapshot.references)
    themes = Theme.objects.filter(pk__in=snapshot.themes)
    context = _page_context(
        request, edition, current=edition, linked_parts=linked_parts, accessed=timezone.localdate()
    )
    response = render(request, PAGE, {**context, "themes": themes, "preview": True})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _render_edition(request, edition: Edition, *, current: Edition, accessed: date | None):
    # Their links depend on what is published: the cache key carries the generation.
    linked_parts = cached_linked_parts(
        edition, lambda: _linked_parts(edition.body, edition.references.all())
    )
    context = _page_context(
        request, edition, current=current, linked_parts=linked_parts, accessed=accessed
    )
    response = render(request, PAGE, {**context, "themes": edition.themes.all()})
    shown = [edition.entry_id, *linked_parts.get("linked_entries", ())]
    return show_entries(response, shown + [other.entry_id for other in context["referenced_by"]])


def _page_context(
    request, edition: Edition, *, current: Edition, linked_parts: dict, accessed: date | None
) -> dict:
    """What the entry page shows of an edition besides its themes, saved or not."""
    permanent = reverse(
        "dictionary:edition_detail", kwargs={"slug": current.slug, "number": edition.number}
    )
    entry_url = reverse("dictionary:entry_detail", kwargs={"slug": current.slug})
    canonical = request.build_absolute_uri(entry_url if edition.is_current else permanent)
    return {
        "edition": edition,
        "current": current,
        "superseded": not edition.is_current,
        "byline": byline_groups(edition.byline),
        **linked_parts,
        "referenced_by": list(_referenced_by(edition)),
        "works": works_by_role(edition.citations),
        "canonical_url": canonical,
        "json_ld": entry_json_ld(edition, url=canonical),
        # The permanent URL of the edition read: what a reference manager should save.
        "citation_meta": citation_meta_tags(edition, url=request.build_absolute_uri(permanent)),
        "cite": citation_context(
            edition,
            current=current,
            url=request.build_absolute_uri(permanent),
            accessed=accessed,
        ),
    }
