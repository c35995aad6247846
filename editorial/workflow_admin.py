"""The workflow in the entry admin: review screen, decisions, submit, withdraw, preview.

Every view here parses a form and calls one service from editorial.services; the admin
never changes a workflow by itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from dictionary.editions import edition_preview
from dictionary.models import Edition, Entry
from dictionary.snapshots import EntrySnapshot
from dictionary.views import entry_preview

from . import services
from .diff import compare
from .forms import (
    CommentForm,
    DecisionForm,
    PublishNowForm,
    SubmitForm,
    UnpublishForm,
    WithdrawForm,
    diff_display,
)
from .impact import change_impact
from .models import OPEN_REVIEW_STATUSES, CommentKind, EntryWorkflow, Review, State
from .quality.admin import findings_context


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."


def _loaded_workflow(entry: Entry):
    """The entry's workflow row (read along with it by select_related: no query), or None
    for an entry written outside the services that ``repair_workflows`` has not reached."""
    try:
        return entry.workflow
    except EntryWorkflow.DoesNotExist:
        return None


def _workflow(entry: Entry):
    if (workflow := _loaded_workflow(entry)) is None:
        raise services.MissingWorkflowError(
            f"“{entry}” has no workflow row yet: run `manage.py repair_workflows`."
        )
    return workflow


def _missing_rows_refused(view):
    """The workflow pages of an entry without its row say so on the entry's page."""

    @wraps(view)
    def refusing(request, object_id, *args, **kwargs):
        try:
            return view(request, object_id, *args, **kwargs)
        except services.MissingWorkflowError as error:
            messages.error(request, _message(error))
            return redirect("admin:dictionary_entry_change", object_id)

    return refusing


def _refusal(action: str, workflow, user) -> str:
    """Why the service would refuse ``action`` in the workflow's state ("" if it would not)."""
    try:
        services.check_action(action, workflow=workflow, user=user)
    except ValidationError as error:
        return _message(error)
    return ""


def _ran(run, form, entry: Entry, request) -> bool:
    """Run the service with the form's data; a refusal becomes the form's error."""
    try:
        run(entry=entry, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _decision(workflow, user, thread: list, posted: DecisionForm | None = None) -> dict:
    """The decision form, for those who may decide now (without "approve" for those who
    may not approve), and whether to tell them they took part in the change. A form posted
    and refused comes back as it was sent, decision and text kept."""
    decisions = [services.APPROVE, services.REQUEST_CHANGES]  # the form's values too
    allowed = services.allowed_actions(workflow=workflow, user=user, among=decisions)
    if not allowed:
        return {"decision_form": None, "took_part": False}
    form = posted or DecisionForm(
        initial={
            "expected_version": workflow.version,
            "public_summary": _submission_message(thread),
        }
    )
    field = form.fields["decision"]
    field.choices = [choice for choice in field.choices if choice[0] in allowed]
    # Approval is refused to someone who may decide only when they took part; those with
    # the publish-without-review permission may approve all the same (it is logged), so
    # for them it is asked.
    took_part = (
        services.APPROVE not in allowed
        or services.approval(workflow=workflow, user=user).without_review
    )
    return {"decision_form": form, "took_part": took_part}


def _review_snapshots(entry: Entry, workflow, current: Edition | None) -> tuple:
    """Published edition, and submitted revision (or the working copy when none is pinned)."""
    old = EntrySnapshot.of_edition(current) if current else None
    if workflow.state == State.IN_REVIEW and workflow.submitted_revision_id:
        return old, EntrySnapshot.of_revision(workflow.submitted_revision, entry.pk)
    return old, EntrySnapshot.of_entry(entry)


def _review_sides(workflow, current: Edition | None) -> dict:
    """The names of the review diff's two sides, as its column headings."""
    pinned = workflow.state == State.IN_REVIEW and workflow.submitted_revision_id
    return {
        "old_label": f"Published edition {current.number}" if current else "Nothing published",
        "new_label": "Submitted revision" if pinned else "Working copy",
    }


def _submission_message(thread: list) -> str:
    """The latest submission's message in the thread (read already: no query)."""
    submissions = [comment for comment in thread if comment.kind == CommentKind.SUBMISSION]
    return submissions[-1].body if submissions else ""


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
        workflows = {
            "awaiting_my_review": lambda: EntryWorkflow.objects.reviewable_by(request.user),
            "changes_requested": EntryWorkflow.objects.with_changes_requested,
            "unpublished_changes": EntryWorkflow.objects.with_unpublished_changes,
        }.get(self.value())
        return queryset.filter(workflow__in=workflows()) if workflows else queryset


# (URL suffix, view method name, URL name suffix)
_ROUTES = [
    ("review/", "review_view", "review"),
    ("review/decide/", "decide_view", "decide"),
    ("review/comment/", "comment_view", "comment"),
    ("preview/", "preview_view", "preview"),
]


@dataclass(frozen=True)
class _ActionPage:
    """A small form page that runs one service (``WorkflowAdminMixin._action``)."""

    form_class: type
    run: Callable
    action: str  # the service's action, for its permission and its state guard
    title: str
    done: str  # the message after it ran, with {entry}
    button: str


# The action pages the change page links to, by URL name (its address: publish-now/).
_ACTION_PAGES = {
    "submit": _ActionPage(
        SubmitForm,
        services.submit_for_review,
        services.SUBMIT,
        title="Submit for review",
        done="“{entry}” is sent for review to the reviewers; they have been emailed.",
        button="Submit for review",
    ),
    "withdraw": _ActionPage(
        WithdrawForm,
        services.withdraw_submission,
        services.WITHDRAW,
        title="Withdraw the submission",
        done="The submission of “{entry}” is withdrawn; it is a draft again.",
        button="Withdraw the submission",
    ),
    "unpublish": _ActionPage(
        UnpublishForm,
        services.unpublish,
        services.UNPUBLISH,
        title="Withdraw from publication",
        done="“{entry}” is withdrawn from publication; its address now says so.",
        button="Withdraw from publication",
    ),
    "publish_now": _ActionPage(
        PublishNowForm,
        services.publish_without_review,
        services.PUBLISH_WITHOUT_REVIEW,
        title="Publish without review",
        done="“{entry}” is published without review; the log records it.",
        button="Publish now, without review",
    ),
}


class WorkflowAdminMixin:
    """Adds the workflow views and the state column to the entry ModelAdmin."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [(suffix, getattr(self, method), name) for suffix, method, name in _ROUTES]
        views += [
            (f"{name.replace('_', '-')}/", partial(self._action, page=page), name)
            for name, page in _ACTION_PAGES.items()
        ]
        ours = [
            path(
                f"<int:object_id>/{suffix}",
                self.admin_site.admin_view(_missing_rows_refused(view)),
                name=f"{prefix}_{name}",
            )
            for suffix, view, name in views
        ]
        return ours + super().get_urls()

    @admin.display(description="workflow", ordering="workflow__state")
    def workflow_state(self, entry: Entry) -> str:
        # The page's rows came with select_related("workflow"): no query. An entry written
        # outside the services may have none until `manage.py repair_workflows` runs.
        workflow = _loaded_workflow(entry)
        return workflow.get_state_display() if workflow else "none (run repair_workflows)"

    def get_object(self, request, object_id, from_field=None):
        """ModelAdmin's, with the workflow row and who submitted it read along with the
        entry: the change page's workflow links show both."""
        queryset = self.get_queryset(request).select_related("workflow__submitted_by")
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            context.update(self._workflow_links(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except (services.StaleEntryError, services.StaleWorkflowError) as error:
            # Raised by the UPDATE itself when two saves raced past the form's check, or
            # when a workflow step (a submission, an approval) moved the entry while this
            # save was under way: the save is rolled back with the admin's transaction.
            messages.error(request, _message(error))
            return redirect(request.path)

    def _workflow_links(self, request, entry: Entry) -> dict:
        workflow = _loaded_workflow(entry)
        if workflow is None:
            return {"workflow_state": "none: run `manage.py repair_workflows`"}
        allowed = services.allowed_actions(
            workflow=workflow,
            user=request.user,
            among=[page.action for page in _ACTION_PAGES.values()],
        )
        return {
            "workflow_state": workflow.get_state_display(),
            # Saving an entry in review withdraws the submission: the page says whose.
            "in_review": workflow.state == State.IN_REVIEW,
            "submitted_by": workflow.submitted_by,
            "review_url": self._url("review", entry),
            "preview_url": self._url("preview", entry),
            **{
                f"{name}_url": self._url(name, entry)
                for name, page in _ACTION_PAGES.items()
                if page.action in allowed
            },
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

    def _action(self, request, object_id, *, page: _ActionPage):
        """A small form page whose valid POST runs one service, then back to the entry.

        Without the action's permission: 403. In a state the service would refuse, the page
        says why at once (the service's own guard, ``check_action``) and offers no form.
        """
        entry = self._entry(request, object_id)
        if not services.holds_permission(page.action, user=request.user):
            raise PermissionDenied
        workflow = _workflow(entry)
        form = page.form_class(request.POST or None, initial={"expected_version": workflow.version})
        refusal = _refusal(page.action, workflow, request.user)
        posted = not refusal and request.method == "POST" and form.is_valid()
        if posted and _ran(page.run, form, entry, request):
            messages.success(request, page.done.format(entry=entry))
            return redirect(self._url("change", entry))
        return self._page(
            request,
            "editorial/action_form.html",
            entry,
            page.title,
            form=form,
            button=page.button,
            refusal=refusal,
        )

    # Views -----------------------------------------------------------------------------

    def preview_view(self, request, object_id):
        """The working copy on the reader's page, as publishing it now would show it."""
        return entry_preview(request, *edition_preview(self._entry(request, object_id)))

    def review_view(self, request, object_id, decision_form=None):
        entry = self._entry(request, object_id)
        workflow = _workflow(entry)
        current = Edition.objects.current().filter(entry=entry).first()
        review = entry.reviews.first()  # the latest, open or not
        old, new = _review_snapshots(entry, workflow, current)
        thread = list(_thread(review))
        return self._page(
            request,
            "editorial/review.html",
            entry,
            f"Review: {entry}",
            workflow=workflow,
            diff=compare(old, new),
            diff_display=diff_display(request),
            **_review_sides(workflow, current),
            impact=change_impact(entry, old, new),
            current=current,
            review=review,
            thread=thread,
            transitions=entry.transitions.select_related("actor").order_by("-created_at")[:30],
            **_decision(workflow, request.user, thread, decision_form),
            comment_form=CommentForm()
            if _is_open(review) and services.may_comment(request.user)
            else None,
            preview_url=self._url("preview", entry),
            **findings_context(entry, request),
        )

    @staticmethod
    def _decide(form, entry, user):
        data = form.cleaned_data
        common = {"entry": entry, "user": user, "expected_version": data["expected_version"]}
        if data["decision"] == DecisionForm.APPROVE:
            edition = services.approve_and_publish(
                message=data["comments"], public_summary=data["public_summary"] or None, **common
            )
            return f"Approved: “{entry}” is now published as edition {edition.number}."
        services.request_changes(comments=data["comments"], **common)
        return f"Changes requested on “{entry}”; the editor has been told."

    @method_decorator(require_POST)
    def decide_view(self, request, object_id):
        entry = self._entry(request, object_id)
        # Both decisions need the same permission; the service checks the rest.
        if not services.holds_permission(services.REQUEST_CHANGES, user=request.user):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if not form.is_valid():
            # Shown again as sent, so the chosen decision and the text typed are kept.
            messages.error(request, "The decision was not recorded: see the form below.")
            return self.review_view(request, object_id, decision_form=form)
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
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _message(error))
        return redirect(self._url("review", entry))
