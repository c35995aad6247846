"""The staff workspace: entries with their aliases, citations and cross-references."""

from django.contrib import admin
from reversion.admin import VersionAdmin

from dictionary.models import Alias, Citation, CrossReference, Entry
from dictionary.services import resolve_waiting_references, sync_inline_references


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ["name", "kind", "slug"]


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["work", "role", "locator", "order", "confirmed"]
    autocomplete_fields = ["work"]


class CrossReferenceInline(admin.TabularInline):
    model = CrossReference
    fk_name = "source"
    extra = 0
    fields = ["target_text", "target", "kind", "order"]
    autocomplete_fields = ["target"]

    def get_queryset(self, request):
        # Inline references come from the body; editing them here would type them twice.
        return super().get_queryset(request).exclude(kind="inline").select_related("target")


@admin.register(Entry)
class EntryAdmin(VersionAdmin):
    list_display = ["headword", "entry_type", "dates", "updated_at"]
    list_filter = ["entry_type", "themes"]
    search_fields = ["headword", "aliases__name"]
    prepopulated_fields = {}
    filter_horizontal = ["themes"]
    inlines = [AliasInline, CitationInline, CrossReferenceInline]
    fieldsets = [
        (None, {"fields": ["headword", "slug", "entry_type", "dates", "themes"]}),
        ("Text", {"fields": ["body"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_inline_references(form.instance)
        resolve_waiting_references(form.instance)
