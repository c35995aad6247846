"""Contributors' pages: the index of those who sign published entries, and each one's page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ..models import Contributor, Edition, EditionCredit
from ..ordering import ALPHABETICAL
from .listing import LIST_FIELDS, PER_PAGE, page_links
from .paging import PageError, paginate_by_position

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
    signed = EditionCredit.objects.filter(contributor=contributor).values("edition_id")
    editions = Edition.objects.current().filter(pk__in=signed).only(*LIST_FIELDS)
    problems = []
    try:
        page = paginate_by_position(editions, request.GET, keyset=ALPHABETICAL, per_page=PER_PAGE)
    except PageError as error:
        problems.append(str(error))
        page = paginate_by_position(editions, {}, keyset=ALPHABETICAL, per_page=PER_PAGE)
    context = {
        "contributor": contributor,
        "page": page,
        "page_links": page_links(page, request.GET),
        "problems": problems,
    }
    return render(request, "dictionary/contributor_detail.html", context)
