"""Routes of the read API, /api/v1/, with its OpenAPI document and documentation."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from . import views

app_name = "api"

urlpatterns = [
    path("entries/", views.EntryList.as_view(), name="entry_list"),
    path("entries/<slug:slug>/", views.EntryDetail.as_view(), name="entry_detail"),
    path("entries/<slug:slug>/editions/", views.EditionList.as_view(), name="edition_list"),
    path(
        "entries/<slug:slug>/editions/<int:number>/",
        views.EditionDetail.as_view(),
        name="edition_detail",
    ),
    path("search/", views.Search.as_view(), name="search"),
    path("themes/", views.ThemeList.as_view(), name="theme_list"),
    path("works/", views.WorkList.as_view(), name="work_list"),
    path("works/<int:pk>/", views.WorkDetail.as_view(), name="work_detail"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:openapi"), name="docs"),
    # Anything else under /api/v1/ (a slug with other characters, a negative number) is
    # answered in JSON like the API's own 404s, not with the reader's HTML page.
    re_path(r"^", views.NotFound.as_view(), name="not_found"),
]
