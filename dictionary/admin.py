"""Admin for the shared vocabularies: themes and works. Entries are in editorial's admin."""

from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import Theme, Work


@admin.register(Theme)
class ThemeAdmin(VersionAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Work)
class WorkAdmin(VersionAdmin):
    list_display = ["title", "year", "work_type", "publisher"]
    list_filter = ["work_type"]
    search_fields = ["title", "container_title", "publisher"]
