"""Admin for the shared vocabularies: themes and works. Entries are in editorial's admin."""

import json
from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import reverse
from reversion.admin import VersionAdmin

from .forms import WorkForm
from .models import Contributor, Theme, Work, normalize_orcid


def change_comment(message: list) -> str:
    """The text the admin logs for a change message, as django-reversion comments a save."""
    return LogEntry(change_message=json.dumps(message)).get_change_message()


class SharedRecordAdmin(VersionAdmin):
    """History for records that entries share: their versions are listed, but not reverted
    from here. Their revisions are mostly entry revisions (an import, an edit), and
    django-reversion's revert puts back the whole revision, entries included, past the
    editorial services (names, references, the lost-update guard, the workflow). Edit the
    record instead, or restore the entry from its own history."""

    @contextmanager
    def create_revision(self, request):
        # ``save_related`` records the revision through editorial's history recorder, the
        # one producer of versions: a frame of django-reversion's own would add a second.
        yield

    def save_related(self, request, form, formsets, change):
        from editorial.services import record_revision  # editorial owns history

        super().save_related(request, form, formsets, change)
        message = self.construct_change_message(request, form, formsets, not change)
        record_revision(form.instance, comment=change_comment(message), user=request.user)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return self._refuse_revert(request, object_id)

    def recover_view(self, request, version_id, extra_context=None):
        return self._refuse_revert(request, None)

    def _refuse_revert(self, request, object_id):
        messages.error(
            request,
            f"A {self.opts.verbose_name}'s old versions are shown here but not restored: "
            "edit it, or restore the entry that cites it from the entry's history.",
        )
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if object_id is None:
            return redirect(reverse(f"{prefix}_changelist"))
        return redirect(reverse(f"{prefix}_history", args=[unquote(object_id)]))


@admin.register(Theme)
class ThemeAdmin(SharedRecordAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # A published edition carries the theme: its name and slug are frozen (Theme).
        frozen = ["name", "slug"] if obj is not None and obj.is_frozen() else []
        return [*super().get_readonly_fields(request, obj), *frozen]

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if obj is not None and obj.is_frozen()
            else super().get_prepopulated_fields(request, obj)
        )


@admin.register(Work)
class WorkAdmin(SharedRecordAdmin):
    form = WorkForm
    list_display = ["title", "year", "work_type", "publisher"]
    list_filter = ["work_type"]
    search_fields = ["title", "container_title", "publisher"]

    def get_search_results(self, request, queryset, search_term):
        """Title, container and publisher as Django searches them, or the authors' and
        editors' names: the citation autocomplete finds "Weissman" as readily as a title."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return found, duplicates
        names = queryset.annotate(
            author_text=Cast("authors", TextField()), editor_text=Cast("editors", TextField())
        ).filter(Q(author_text__icontains=term) | Q(editor_text__icontains=term))
        return found | queryset.filter(pk__in=names.values("pk")), duplicates


class ContributorForm(forms.ModelForm):
    # Long enough for the URL form; the model's validator then checks the bare iD.
    orcid = forms.CharField(
        label="ORCID iD",
        required=False,
        max_length=60,
        help_text="e.g. 0000-0002-1825-0097 or its https://orcid.org/ address; the checksum "
        "is verified.",
    )

    class Meta:
        model = Contributor
        fields = ["given", "particle", "family", "suffix", "literal", "slug", "orcid"]
        fields += ["affiliation", "biography"]

    def clean_orcid(self):
        # Editors paste iDs as ORCID shows them, "https://orcid.org/0000-...": kept bare.
        return normalize_orcid(self.cleaned_data.get("orcid") or "")


@admin.register(Contributor)
class ContributorAdmin(SharedRecordAdmin):
    form = ContributorForm
    list_display = ["__str__", "affiliation", "orcid"]
    search_fields = ["sort_name", "family", "given", "literal"]
    fieldsets = [
        ("A person", {"fields": ["given", "particle", "family", "suffix"]}),
        ("Or an organisation", {"fields": ["literal"]}),
        (None, {"fields": ["slug", "orcid", "affiliation", "biography"]}),
    ]
