"""The chronology: current editions laid on a timeline, a bounded page at a time."""

from ..chronology import lay_out
from ..filters import ChronologyFilter
from ..models import Edition
from .listing import filtered_page, render_list
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
    timeline = lay_out(page.items, this_year=current_year())
    return render_list(
        request, "dictionary/chronology.html", filterset, page, problems, timeline=timeline
    )
