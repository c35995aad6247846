"""Top-level URL routes: the reader's site at /, the staff workspace at /admin/."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from dictionary.sitemaps import SITEMAPS

admin.site.site_header = "Headword editorial workspace"
admin.site.site_title = "Headword"

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("dictionary.urls")),
]
