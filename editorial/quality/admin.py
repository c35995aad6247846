"""The Quality view: stored findings with filters, the dismissal log, and dismissing."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dictionary.models import Entry

from ..records_admin import ReadOnlyAdmin
from . import services
from .forms import DismissForm
from .models import Dismissal, Finding
from .running import findings_with_dismissals


class DismissedFilter(admin.SimpleListFilter):
    title = "dismissed"
    parameter_name = "dismissed"

    def lookups(self, request, model_admin):
        return [("no", "Open"), ("yes", "Dismissed")]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(dismissal__isnull=self.value() == "no")
        return queryset


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["entry_link", "rule", "quoted_place", "suggestion", "dismissed", "found_at"]
    list_filter = [DismissedFilter, "rule", "entry__workflow__state", "entry__entry_type"]
    list_select_related = ["entry", "dismissal"]
    search_fields = ["entry__headword", "place"]
    show_full_result_count = False

    @admin.display(description="entry", ordering="entry__sort_key")
    def entry_link(self, finding: Finding):
        url = reverse("admin:dictionary_entry_change", args=[finding.entry_id])
        return format_html('<a href="{}">{}</a>', url, finding.entry)

    @admin.display(description="place")
    def quoted_place(self, finding: Finding):
        return format_html("<q>{}</q>", finding.place)

    @admin.display(description="dismissed", boolean=True)
    def dismissed(self, finding: Finding) -> bool:
        return finding.dismissal_id is not None

    def get_urls(self):
        dismiss = path(
            "dismiss/<int:entry_id>/",
            self.admin_site.admin_view(self.dismiss_view),
            name="quality_finding_dismiss",
        )
        return [dismiss, *super().get_urls()]

    @method_decorator(require_POST)
    def dismiss_view(self, request, entry_id):
        entry = get_object_or_404(Entry, pk=entry_id)
        form = DismissForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Say why this is not a fault before dismissing it.")
            data = form.cleaned_data
            services.dismiss_finding(
                entry=entry,
                rule=data["rule"],
                place=data["place"],
                reason=data["reason"],
                user=request.user,
            )
            messages.success(request, "The finding is dismissed; the reason is in the log.")
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(self._back(request, entry))

    @staticmethod
    def _back(request, entry) -> str:
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {request.get_host()}):
            return target
        return reverse("admin:dictionary_entry_change", args=[entry.pk])


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "entry", "rule", "place", "reason", "dismissed_by"]
    list_filter = ["rule"]
    list_select_related = ["entry", "dismissed_by"]
    search_fields = ["entry__headword", "reason"]
    date_hierarchy = "created_at"


def findings_context(entry: Entry, request) -> dict:
    """The change page's and review screen's list of findings, with dismiss forms.

    The findings are a callable the template calls once (in a ``with``): a save that
    redirects never runs the checks for a page it does not show."""
    return {
        "quality_findings": partial(_findings, entry),
        "quality_dismiss_url": reverse("admin:quality_finding_dismiss", args=[entry.pk]),
        "quality_next": request.get_full_path(),
    }


def _findings(entry: Entry) -> list[dict]:
    return [
        {"problem": problem, "dismissal": dismissal}
        for problem, dismissal in findings_with_dismissals(entry)
    ]


class QualityEntryAdminMixin:
    """Shows the quality findings on the entry change page and checks the entry on save."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here, not in change_view: the entry Django's own view read serves, not a read of
        # its own. After a refused save it holds what was posted, and the findings are
        # those of the stored entry.
        if change and obj is not None:
            checked = obj if request.method in ("GET", "HEAD") else Entry.objects.get(pk=obj.pk)
            context.update(findings_context(checked, request))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.check_entry(entry=form.instance)
