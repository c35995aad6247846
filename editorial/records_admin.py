"""The admin of records that are written only by the services (transitions, reviews,
quality findings and their dismissals): readable there, never added, changed or deleted."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
