"""Entry history in the admin: the revision list, comparing versions, restore and recover."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Revision, Version

from dictionary.models import Edition, Entry
from dictionary.snapshots import EntrySnapshot
from dictionary.text import TEXT_VALIDATORS

from .diff import compare
from .forms import diff_display
from .services import StaleEntryError, recover_deleted_entry, restore_revision

SIDES = ("from", "to")


class RestoreForm(forms.Form):
    comment = forms.CharField(
        label="Why restore this version? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        validators=TEXT_VALIDATORS,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class HistoryAdminMixin:
    """Adds an entry's history, compare, restore and recover pages to its ModelAdmin.

    Every restore and recovery goes through editorial.services.restoring, including the ones
    django-reversion's own views would otherwise perform through the change form.
    """

    history_per_page = 25

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    # Views ---------------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """The entry's revisions, newest first, with what each published and links to compare."""
        entry = self._history_entry(request, object_id)
        versions = (
            Version.objects.get_for_object(entry)
            .select_related("revision__user")
            .defer("serialized_data")
            .order_by("-revision_id")
        )
        page = Paginator(versions, self.history_per_page).get_page(request.GET.get("page"))
        context = self._history_context(
            request,
            entry,
            f"History of {entry}",
            page=page,
            rows=self._history_rows(entry, versions, list(page)),
            published=Edition.objects.current().filter(entry=entry).first(),
            **(extra_context or {}),
        )
        return TemplateResponse(request, "editorial/history_list.html", context)

    def compare_view(self, request, object_id):
        """Two versions side by side as a word-level diff (?from=...&to=...)."""
        entry = self._history_entry(request, object_id)
        context = self._history_context(request, entry, f"Compare versions of {entry}")
        try:
            sides = {
                name: self._history_side(entry, name, request.GET.get(name, "")) for name in SIDES
            }
        except ValidationError as error:
            context["errors"] = error.messages
            return TemplateResponse(request, "editorial/history_compare.html", context, status=400)
        context.update(
            old=sides["from"],
            new=sides["to"],
            sides=[
                ("From (removed words struck through)", sides["from"]),
                ("To (added words underlined)", sides["to"]),
            ],
            diff=compare(sides["from"]["snapshot"], sides["to"]["snapshot"]),
            diff_display=diff_display(request),
        )
        return TemplateResponse(request, "editorial/history_compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        """Confirm (GET) and perform (POST) restoring a past version as a new revision."""
        entry = self._history_entry(request, object_id)
        if not self.has_change_permission(request, entry):
            raise PermissionDenied
        revision = get_object_or_404(Revision.objects.select_related("user"), pk=revision_id)
        form = RestoreForm(request.POST or None, initial={"lock_version": entry.lock_version})
        if request.method == "POST" and form.is_valid():
            return self._history_restore(request, entry, revision, form.cleaned_data)
        try:
            diff = compare(
                EntrySnapshot.of_entry(entry), EntrySnapshot.of_revision(revision, entry.pk)
            )
        except ValidationError as error:
            raise Http404(error.messages[0]) from error
        title = f"Restore {entry} to revision {revision.pk}"
        context = self._history_context(
            request,
            entry,
            title,
            revision=revision,
            form=form,
            diff=diff,
            diff_display=diff_display(request),
        )
        return TemplateResponse(request, "editorial/history_restore.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """django-reversion's revert-through-the-form page, replaced by compare and restore."""
        version = get_object_or_404(
            Version.objects.defer("serialized_data"), pk=version_id, object_id=unquote(object_id)
        )
        url = self._history_url("compare", unquote(object_id))
        return redirect(f"{url}?from={version.revision_id}&to=current")

    def recover_view(self, request, version_id, extra_context=None):
        """Confirm (GET) and perform (POST) bringing back a deleted entry."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.select_related("revision__user"), pk=version_id)
        if request.method == "POST":
            return self._history_recover(request, version)
        if version.content_type_id != ContentType.objects.get_for_model(Entry).pk:
            raise Http404("That history version is not a version of an entry.")
        snapshot = EntrySnapshot.of_revision(version.revision, version.object_id)
        context = dict(
            self.admin_site.each_context(request),
            opts=self.opts,
            title=f"Recover {version.object_repr}",
            version=version,
            diff=compare(None, snapshot),
            diff_display=diff_display(request),
        )
        return TemplateResponse(request, "editorial/history_recover.html", context)

    def recoverlist_view(self, request, extra_context=None):
        # The list shows dates and names only: leave the stored JSON in the database.
        deleted = (
            Version.objects.get_deleted(self.model)
            .select_related("revision")
            .defer("serialized_data")
            .order_by("-pk")
        )
        return super().recoverlist_view(request, {"deleted": deleted, **(extra_context or {})})

    # Steps ---------------------------------------------------------------------------------

    def _history_restore(self, request, entry, revision, data):
        try:
            restore_revision(
                entry=entry,
                revision=revision,
                user=request.user,
                comment=data["comment"],
                loaded_version=data["lock_version"],
            )
        except StaleEntryError:
            messages.error(
                request,
                "Someone changed this entry after you opened the restore page. "
                "Check the differences again before restoring.",
            )
            return redirect(self._history_url("restore", entry.pk, revision.pk))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self._history_url("history", entry.pk))
        messages.success(
            request,
            f"Restored revision {revision.pk} as a new revision. Readers see no change "
            "until a new edition is published.",
        )
        return redirect(self._history_url("change", entry.pk))

    def _history_recover(self, request, version):
        try:
            entry = recover_deleted_entry(version=version, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_recoverlist")
            )
        messages.success(request, f"Recovered “{entry}” as a new revision.")
        return redirect(self._history_url("change", entry.pk))

    # Helpers -------------------------------------------------------------------------------

    def _history_entry(self, request, object_id) -> Entry:
        entry = self.get_object(request, unquote(object_id))
        if entry is None:
            raise Http404(f"No entry with id “{object_id}”.")
        if not self.has_view_or_change_permission(request, entry):
            raise PermissionDenied
        return entry

    def _history_url(self, view: str, *args) -> str:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"
        return reverse(name, args=[quote(arg) for arg in args])

    def _history_context(self, request, entry, title, **extra) -> dict:
        return dict(
            self.admin_site.each_context(request),
            opts=self.opts,
            object=entry,
            title=title,
            can_restore=self.has_change_permission(request, entry),
            **extra,
        )

    def _history_rows(self, entry, versions, page_versions) -> list[dict]:
        """Each revision of the page with the edition published from it and the one before."""
        ids = [version.revision_id for version in page_versions]
        if not ids:
            return []
        editions = dict(
            Edition.objects.filter(entry=entry, revision_id__in=ids)
            .order_by()
            .values_list("revision_id", "number")
        )
        before = versions.filter(revision_id__lt=ids[-1]).values_list("revision_id", flat=True)
        previous = [*ids[1:], before.first()]
        return [
            {
                "revision": version.revision,
                "edition": editions.get(version.revision_id),
                "previous": prior,
            }
            for version, prior in zip(page_versions, previous, strict=True)
        ]

    def _history_side(self, entry, name: str, value: str) -> dict:
        """What one of ?from= and ?to= names: a revision, "current" or "published"."""
        if value == "current" or (name == "to" and not value):
            return {"label": "Current working copy", "snapshot": EntrySnapshot.of_entry(entry)}
        if value == "published":
            edition = Edition.objects.current().filter(entry=entry).first()
            if edition is None:
                raise ValidationError(f"“{name}=published”: this entry has no published edition.")
            label = f"Published edition {edition.number}"
            return {
                "label": label,
                "edition": edition,
                "snapshot": EntrySnapshot.of_edition(edition),
            }
        if not value.isdigit():
            raise ValidationError(
                f"“{name}” must be a revision number, “current” or “published”, not “{value}”."
            )
        revision = Revision.objects.select_related("user").filter(pk=int(value)).first()
        if revision is None:
            raise ValidationError(f"“{name}={value}”: there is no revision {value}.")
        snapshot = EntrySnapshot.of_revision(revision, entry.pk)
        return {"label": f"Revision {revision.pk}", "revision": revision, "snapshot": snapshot}
