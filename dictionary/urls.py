"""Routes of the reader's site."""

from django.urls import path

from . import views

app_name = "dictionary"

urlpatterns = [
    path("", views.EditionListView.as_view(), name="home"),
    path("entries/", views.EditionListView.as_view(), name="entry_list"),
    path("entries/<slug:slug>/", views.entry_detail, name="entry_detail"),
    path("entries/<slug:slug>/editions/<int:number>/", views.edition_detail, name="edition_detail"),
]
