"""Routes of the reader's site."""

from django.urls import path

from . import views
from .feeds import RecentEditionsFeed
from .http_caching import immutable, revalidated
from .views import downloads
from .views.bulk_downloads import download_file, download_list

app_name = "dictionary"

urlpatterns = [
    path("", revalidated(views.home), name="home"),
    path("entries/", revalidated(views.entry_list), name="entry_list"),
    path("chronology/", revalidated(views.chronology), name="chronology"),
    path("about/", revalidated(views.about), name="about"),
    path("print/running-head.css", views.running_head, name="running_head"),
    path("fixity/", revalidated(views.fixity), name="fixity"),
    path(
        "contributors/", revalidated(views.contributor_list, listing=True), name="contributor_list"
    ),
    path(
        "contributors/<slug:slug>/",
        revalidated(views.contributor_detail, listing=True),
        name="contributor_detail",
    ),
    path("feed/", revalidated(RecentEditionsFeed(), listing=True), name="feed"),
    path("downloads/", download_list, name="downloads"),
    path("downloads/current.<str:fmt>", download_file, name="download_file"),
    path("entries/<slug:slug>/", revalidated(views.entry_detail), name="entry_detail"),
    path("entries/<slug:slug>/editions/", revalidated(views.edition_list), name="edition_list"),
    path(
        "entries/<slug:slug>/editions/<int:number>/",
        immutable(views.edition_detail),
        name="edition_detail",
    ),
]
urlpatterns += downloads.urlpatterns
