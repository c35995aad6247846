"""Top-level URL routes: the reader's site at /, the staff workspace at /admin/."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Headword editorial workspace"
admin.site.site_title = "Headword"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("dictionary.urls")),
]
