"""Template context shared by every page: the title and publisher of the work."""

from django.conf import settings


def site(request):
    return {"site_title": settings.HEADWORD_TITLE, "site_publisher": settings.HEADWORD_PUBLISHER}
