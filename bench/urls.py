"""The site's routes plus a trivial view, the yardstick every bench figure is divided by."""

from django.http import HttpResponse
from django.urls import include, path

BARE_URL = "/__bench__/bare/"


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path(BARE_URL.strip("/") + "/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
