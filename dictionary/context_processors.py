"""Template context shared by every page: the title and publisher of the work, the search
box's cap."""

from django.conf import settings

from .search import MAX_QUERY_LENGTH


def site(request):
    return {
        "site_title": settings.HEADWORD_TITLE,
        "site_publisher": settings.HEADWORD_PUBLISHER,
        "search_max_length": MAX_QUERY_LENGTH,
    }
