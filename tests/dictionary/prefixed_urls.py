"""The site mounted under /reference/, for tests of paths that follow the URL configuration."""

from django.urls import include, path

urlpatterns = [path("reference/", include("dictionary.urls"))]
