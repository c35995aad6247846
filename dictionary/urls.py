"""Routes of the reader's site."""

from django.urls import path

from . import downloads, views
from .feeds import RecentEditionsFeed

app_name = "dictionary"

urlpatterns = [
    path("", views.home, name="home"),
    path("entries/", views.entry_list, name="entry_list"),
    path("chronology/", views.chronology, name="chronology"),
    path("feed/", RecentEditionsFeed(), name="feed"),
    path("entries/<slug:slug>/", views.entry_detail, name="entry_detail"),
    path("entries/<slug:slug>/editions/", views.edition_list, name="edition_list"),
    path("entries/<slug:slug>/editions/<int:number>/", views.edition_detail, name="edition_detail"),
]
urlpatterns += downloads.urlpatterns
