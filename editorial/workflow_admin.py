"""The workflow in the entry admin: review screen, decisions, submit, withdraw, preview.

Every view here parses a form and calls one service from editorial.services; the admin
never changes a workflow by itself.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from dictionary.models import Edition, Entry

from . import services
from .diff import compare, edition_snapshot, entry_snapshot, revision_snapshot
from .forms import (
    CommentForm,
    DecisionForm,
    PublishNowForm,
    SubmitForm,
    UnpublishForm,
    WithdrawForm,
)
from .models import OPEN_REVIEW_STATUSES, Review, State
from .preview import render_preview
from .tasks import awaiting_review, changes_requested, with_unpublished_changes


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."


def _review_diff(entry: Entry, workflow, current: Edition | None):
    """Published edition → submitted revision (or the working copy when none is pinned)."""
    old = edition_snapshot(current) if current else None
    if workflow.state == State.IN_REVIEW and workflow.submitted_revision_id:
        return compare(old, revision_snapshot(workflow.submitted_revision, entry.pk))
    return compare(old, entry_snapshot(entry))


def _is_open(review: Review | None) -> bool:
    return review is not None and review.status in OPEN_REVIEW_STATUSES


def _thread(review: Review | None):
    """The comments of a review, oldest first."""
    if review is None:
        return []
    return review.comments.select_related("author").order_by("created_at", "id")


class TaskFilter(admin.SimpleListFilter):
    title = "tasks"
    parameter_name = "task"

    def lookups(self, request, model_admin):
        return [
            ("awaiting_my_review", "Awaiting my review"),
            ("changes_requested", "Changes requested"),
            ("unpublished_changes", "Has unpublished changes"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "awaiting_my_review":
            return awaiting_review(queryset, request.user)
        if self.value() == "changes_requested":
            return changes_requested(queryset)
        if self.value() == "unpublished_changes":
            return with_unpublished_changes(queryset)
        return queryset


# (URL suffix, view method name, URL name suffix)
_ROUTES = [
    ("review/", "review_view", "review"),
    ("review/decide/", "decide_view", "decide"),
    ("review/comment/", "comment_view", "comment"),
    ("submit/", "submit_view", "submit"),
    ("withdraw/", "withdraw_view", "withdraw"),
    ("preview/", "preview_view", "preview"),
    ("unpublish/", "unpublish_view", "unpublish"),
    ("publish-now/", "publish_now_view", "publish_now"),
]


class WorkflowAdminMixin:
    """Adds the workflow views and the state column to the entry ModelAdmin."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        ours = [
            path(
                f"<int:object_id>/{suffix}",
                self.admin_site.admin_view(getattr(self, method)),
                name=f"{prefix}_{name}",
            )
            for suffix, method, name in _ROUTES
        ]
        return ours + super().get_urls()

    @admin.display(description="workflow", ordering="workflow__state")
    def workflow_state(self, entry: Entry) -> str:
        workflow = getattr(entry, "workflow", None)
        return workflow.get_state_display() if workflow else State.DRAFT.label

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = Entry.objects.select_related("workflow").filter(pk=object_id).first()
        if entry is not None:
            extra_context = {**(extra_context or {}), **self._workflow_links(request, entry)}
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except services.StaleEntryError as error:
            # Raised by the UPDATE itself when two saves raced past the form's check.
            messages.error(request, _message(error))
            return redirect(request.path)

    def _workflow_links(self, request, entry: Entry) -> dict:
        workflow = getattr(entry, "workflow", None)
        state = workflow.state if workflow else State.DRAFT
        user = request.user
        can_edit = user.has_perm(services.EDIT_PERMISSION)
        return {
            "workflow_state": workflow.get_state_display() if workflow else State.DRAFT.label,
            "review_url": self._url("review", entry),
            "preview_url": self._url("preview", entry),
            "submit_url": can_edit and state in services.SUBMITTABLE and self._url("submit", entry),
            "withdraw_url": can_edit and state == State.IN_REVIEW and self._url("withdraw", entry),
            "publish_now_url": user.has_perm(services.PUBLISH_WITHOUT_REVIEW_PERMISSION)
            and state in services.UNREVIEWED
            and self._url("publish_now", entry),
            "unpublish_url": user.has_perm(services.UNPUBLISH_PERMISSION)
            and entry.editions.filter(is_current=True).exists()
            and self._url("unpublish", entry),
        }

    # Helpers ---------------------------------------------------------------------------

    def _entry(self, request, object_id) -> Entry:
        entry = get_object_or_404(Entry.objects.select_related("workflow"), pk=object_id)
        if not self.has_view_permission(request, entry):
            raise PermissionDenied
        return entry

    def _url(self, name: str, entry: Entry) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[entry.pk]
        )

    def _page(self, request, template: str, entry: Entry, title: str, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "entry": entry,
            "original": entry,
            "title": title,
            "change_url": self._url("change", entry),
            "review_url": self._url("review", entry),
            **context,
        }
        return TemplateResponse(request, template, context)

    def _action(self, request, object_id, *, form_class, run, permission, title, button):
        """A small form page whose valid POST runs one service, then back to the entry."""
        entry = self._entry(request, object_id)
        if not request.user.has_perm(permission):
            raise PermissionDenied
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                run(entry=entry, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{title}: done.")
                return redirect(self._url("change", entry))
        return self._page(
            request, "editorial/action_form.html", entry, title, form=form, button=button
        )

    # Views -----------------------------------------------------------------------------

    def submit_view(self, request, object_id):
        return self._action(
            request,
            object_id,
            form_class=SubmitForm,
            run=services.submit_for_review,
            permission=services.EDIT_PERMISSION,
            title="Submit for review",
            button="Submit for review",
        )

    def withdraw_view(self, request, object_id):
        return self._action(
            request,
            object_id,
            form_class=WithdrawForm,
            run=services.withdraw_submission,
            permission=services.EDIT_PERMISSION,
            title="Withdraw the submission",
            button="Withdraw the submission",
        )

    def unpublish_view(self, request, object_id):
        return self._action(
            request,
            object_id,
            form_class=UnpublishForm,
            run=services.unpublish,
            permission=services.UNPUBLISH_PERMISSION,
            title="Withdraw from publication",
            button="Withdraw from publication",
        )

    def publish_now_view(self, request, object_id):
        return self._action(
            request,
            object_id,
            form_class=PublishNowForm,
            run=services.publish_without_review,
            permission=services.PUBLISH_WITHOUT_REVIEW_PERMISSION,
            title="Publish without review",
            button="Publish now, without review",
        )

    def preview_view(self, request, object_id):
        return render_preview(request, self._entry(request, object_id))

    def review_view(self, request, object_id):
        entry = self._entry(request, object_id)
        workflow = services.get_workflow(entry)
        can_review = request.user.has_perm(services.REVIEW_PERMISSION)
        in_review = workflow.state == State.IN_REVIEW
        decision = DecisionForm(initial={"expected_version": workflow.version})
        current = Edition.objects.current().filter(entry=entry).first()
        review = entry.reviews.first()  # the latest, open or not
        return self._page(
            request,
            "editorial/review.html",
            entry,
            f"Review: {entry}",
            workflow=workflow,
            diff=_review_diff(entry, workflow, current),
            current=current,
            review=review,
            thread=_thread(review),
            transitions=entry.transitions.select_related("actor").order_by("-created_at")[:30],
            decision_form=decision if can_review and in_review else None,
            took_part=can_review
            and in_review
            and services.took_part(entry=entry, user=request.user),
            comment_form=CommentForm()
            if review and review.status in OPEN_REVIEW_STATUSES
            else None,
            preview_url=self._url("preview", entry),
        )

    @staticmethod
    def _decide(form, entry, user):
        data = form.cleaned_data
        common = {"entry": entry, "user": user, "expected_version": data["expected_version"]}
        if data["decision"] == DecisionForm.APPROVE:
            edition = services.approve_and_publish(message=data["comments"], **common)
            return f"Approved: “{entry}” is now published as edition {edition.number}."
        services.request_changes(comments=data["comments"], **common)
        return f"Changes requested on “{entry}”; the editor has been told."

    @method_decorator(require_POST)
    def decide_view(self, request, object_id):
        entry = self._entry(request, object_id)
        if not request.user.has_perm(services.REVIEW_PERMISSION):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a decision (approve or request changes).")
            return redirect(self._url("review", entry))
        try:
            messages.success(request, self._decide(form, entry, request.user))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        return redirect(self._url("review", entry))

    @method_decorator(require_POST)
    def comment_view(self, request, object_id):
        entry = self._entry(request, object_id)
        form = CommentForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("The comment is empty.")
            services.comment_on_review(entry=entry, user=request.user, **form.cleaned_data)
            messages.success(request, "Your comment is in the review thread.")
        except ValidationError as error:
            messages.error(request, _message(error))
        return redirect(self._url("review", entry))
