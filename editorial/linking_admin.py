"""Wanted entries and "what links here" in the staff workspace."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path

from dictionary.models import CrossReference, Entry

WANTED_PER_PAGE = 100


class LinkingAdminMixin:
    """Adds the wanted-entries page to the entry admin, and "what links here" to each
    entry's change page (references from every working copy, drafts included)."""

    def get_urls(self):
        wanted = path(
            "wanted/",
            self.admin_site.admin_view(self.wanted_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_wanted",
        )
        return [wanted, *super().get_urls()]

    def wanted_view(self, request):
        """The targets that references name but no entry has, most wanted first, each
        with a link that opens a new entry with that headword."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        paginator = Paginator(CrossReference.objects.wanted(), WANTED_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Wanted entries",
            "page": page,
            "may_add": self.has_add_permission(request),
        }
        return TemplateResponse(request, "editorial/wanted_entries.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if str(object_id).isdigit():
            links = CrossReference.objects.linking_to(Entry(pk=int(object_id)))
            extra_context = {**(extra_context or {}), "links_here": links}
        return super().change_view(request, object_id, form_url, extra_context)
