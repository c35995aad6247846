"""Top-level URL routes: the reader's site at /, the staff workspace at /admin/."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from dictionary.http_caching import revalidated
from dictionary.oai import views as oai_views
from dictionary.sitemaps import SITEMAPS

admin.site.site_header = "Headword editorial workspace"
admin.site.site_title = "Headword"
# Ours, not Django's ("Thanks for spending some quality time with the web site today").
admin.site.logout_template = "admin/logged_out.html"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("dictionary.api.urls")),
    path("oai/", oai_views.endpoint, name="oai"),
    path(
        "sitemap.xml",
        revalidated(sitemap_views.index, listing=True),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        revalidated(sitemap_views.sitemap, listing=True),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("dictionary.urls")),
]
