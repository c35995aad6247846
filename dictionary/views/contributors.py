"""Contributors' pages: the index of those who sign published entries, and each one's page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ..models import Contributor, Edition
from .listing import LIST_FIELDS, PER_PAGE, EntryRow, page_links
from .listing_query import EntryListQuery

CONTRIBUTORS_PER_PAGE = 100
_INDEX_FIELDS = ("slug", "given", "family", "particle", "suffix", "literal", "affiliation")


def contributor_list(request):
    """/contributors/: everyone credited in a current edition, by family name."""
    people = Contributor.objects.with_published_entries().only(*_INDEX_FIELDS, "sort_name")
    paginator = Paginator(people.order_by("sort_name", "id"), CONTRIBUTORS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "dictionary/contributor_list.html", {"page": page})


def contributor_detail(request, slug):
    """A contributor's page: who they are, and the current editions of the published entries
    they sign, alphabetically, paged by position (any depth costs what page 1 does)."""
    contributor = get_object_or_404(Contributor.objects.public(), slug=slug)
    # The entry list's own query, narrowed to what they sign: the same order, paging and
    # fallback (to the first or the last page) when a position names no page.
    editions = Edition.objects.current().only(*LIST_FIELDS)
    query = EntryListQuery({"contributor": contributor.slug}, editions)
    page, problem = query.page(request.GET, per_page=PER_PAGE)
    problems = [problem] if problem else []
    context = {
        "contributor": contributor,
        "page": page,
        "rows": [EntryRow(edition, text=False) for edition in page.items],
        "page_links": page_links(page, request.GET),
        "problems": problems,
    }
    return render(request, "dictionary/contributor_detail.html", context)
