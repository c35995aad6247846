"""The chronology: current editions laid on a timeline, a bounded page at a time."""

from django.shortcuts import render

from ..chronology import lay_out
from ..filters import ChronologyFilter
from ..http_caching import show_entries
from ..models import Edition
from .listing import active_choices, filtered_page, page_links
from .listing_query import current_year

PER_PAGE = 100
BAR_FIELDS = (
    "entry_id",
    "headword",
    "slug",
    "dates",
    "dates_edtf",
    "start_year",
    "end_year",
    "sort_key",
)


def chronology(request):
    """Entries with dates, earliest first, as bars; filterable by type, theme and period.
    Paged by position in date order, so a page late in history costs what the first does."""
    filterset = ChronologyFilter(request.GET)
    editions = Edition.objects.current().only(*BAR_FIELDS)
    page, problems = filtered_page(filterset, editions, request.GET, per_page=PER_PAGE, dated=True)
    context = {
        "filterset": filterset,
        "page": page,
        "timeline": lay_out(page.items, this_year=current_year()),
        "problems": problems,
        "choices": active_choices(filterset, request.GET),
        "page_links": page_links(page, request.GET),
    }
    response = render(
        request, "dictionary/chronology.html", context, status=400 if problems else 200
    )
    return show_entries(response, [edition.entry_id for edition in page.items], listing=True)
