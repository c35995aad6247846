"""Who may take which workflow step from which state: the rules and the guards that apply them."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError

from dictionary.models import Entry

from ..models import (
    EDIT_PERMISSION,
    PUBLISH_WITHOUT_REVIEW_PERMISSION,
    REVIEW_PERMISSION,
    UNPUBLISH_PERMISSION,
    EntryWorkflow,
    State,
    may_approve_own_change,
)
from .workflow import StaleWorkflowError, _fresh, lock_workflow

SUBMITTABLE = (State.DRAFT, State.CHANGES_REQUESTED, State.UNPUBLISHED)
UNREVIEWED = (State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.UNPUBLISHED)

SUBMIT = "submit"
WITHDRAW = "withdraw"
REQUEST_CHANGES = "request_changes"
APPROVE = "approve"
PUBLISH_WITHOUT_REVIEW = "publish_without_review"
UNPUBLISH = "unpublish"


@dataclass(frozen=True)
class _Rule:
    permission: str
    states: tuple[str, ...]
    permission_text: str  # completes "You do not have permission to …"
    state_text: str  # completes "Cannot …"


# The services check these rules, and check_action and allowed_actions read the same ones,
# so the admin offers exactly the steps the services accept.
RULES = {
    SUBMIT: _Rule(EDIT_PERMISSION, SUBMITTABLE, "submit entries for review", "submit for review"),
    WITHDRAW: _Rule(
        EDIT_PERMISSION, (State.IN_REVIEW,), "withdraw a submission", "withdraw the submission"
    ),
    REQUEST_CHANGES: _Rule(
        REVIEW_PERMISSION, (State.IN_REVIEW,), "review entries", "request changes"
    ),
    APPROVE: _Rule(REVIEW_PERMISSION, (State.IN_REVIEW,), "approve entries", "approve"),
    PUBLISH_WITHOUT_REVIEW: _Rule(
        PUBLISH_WITHOUT_REVIEW_PERMISSION,
        UNREVIEWED,
        "publish without review",
        "publish without review",
    ),
    # In any state, as long as an edition is current (_require_current_edition).
    UNPUBLISH: _Rule(
        UNPUBLISH_PERMISSION,
        tuple(State),
        "withdraw entries from publication",
        "withdraw from publication",
    ),
}


def holds_permission(action: str, *, user) -> bool:
    """Whether ``user`` holds the permission ``action`` needs (the state may still refuse)."""
    return user is not None and user.is_active and user.has_perm(RULES[action].permission)


def may_comment(user) -> bool:
    """Whether ``user`` may write in review threads: editors answer, reviewers ask."""
    return bool(
        user
        and user.is_active
        and (user.has_perm(EDIT_PERMISSION) or user.has_perm(REVIEW_PERMISSION))
    )


def check_action(action: str, *, workflow: EntryWorkflow, user) -> None:
    """Raise what the service of ``action`` would raise for ``user`` in the workflow's state
    (PermissionDenied or ValidationError), with the same guards; return if it would pass.

    Who may act and from where only: the service still refuses bad input, a decision taken
    on an outdated page (``expected_version``) and an approval of a working copy that was
    changed around the admin since it was submitted.
    """
    _require_permission(user, action)
    _require_state(workflow, action)
    if action == APPROVE:
        _require_approval(approval(workflow=workflow, user=user))
    elif action == WITHDRAW:
        require_submitter_or_chief(workflow, user)
    elif action == UNPUBLISH:
        _require_current_edition(workflow.entry)


def allowed_actions(*, workflow: EntryWorkflow, user, among: Iterable[str] = RULES) -> set[str]:
    """The actions (of ``among``, all by default) that ``user`` may take now: exactly those
    ``check_action`` lets through. Queries: approval asks who took part in the change (two),
    withdrawal from publication whether an edition is current (one); each only for a user
    who holds the permission, in a state that allows the step."""
    allowed = set()
    for action in among:
        try:
            check_action(action, workflow=workflow, user=user)
        except (PermissionDenied, ValidationError):
            continue
        allowed.add(action)
    return allowed


# The guards, which the services call too ------------------------------------------------


def claim_workflow(
    entry: Entry, action: str, *, expected_version: int | None, fresh: bool = False
) -> EntryWorkflow:
    """The entry's workflow row, locked (``lock_workflow``), for taking ``action``: refused
    when someone moved it since the person saw ``expected_version`` (StaleWorkflowError) or
    when its state does not allow the step. ``fresh``: the entry is read again under the
    lock (``workflow.entry``), for the steps that record or publish its working copy."""
    workflow = lock_workflow(entry)
    if fresh:
        workflow.entry = _fresh(entry)
    _require_version(workflow, expected_version)
    _require_state(workflow, action)
    return workflow


def _require_permission(user, action: str) -> None:
    if not holds_permission(action, user=user):
        raise PermissionDenied(f"You do not have permission to {RULES[action].permission_text}.")


def _require_state(workflow: EntryWorkflow, action: str) -> None:
    allowed = RULES[action].states
    if workflow.state not in allowed:
        wanted = " or ".join(f"“{State(state).label}”" for state in allowed)
        raise ValidationError(
            f"Cannot {RULES[action].state_text}: “{workflow.entry}” is "
            f"“{workflow.get_state_display()}”; this needs it to be {wanted}."
        )


def _require_current_edition(entry: Entry) -> None:
    if not entry.editions.current().exists():
        raise ValidationError(f"“{entry}” is not published, so it cannot be withdrawn.")


def _require_version(workflow: EntryWorkflow, expected: int | None) -> None:
    if expected is not None and expected != workflow.version:
        raise StaleWorkflowError(
            f"Someone else changed the workflow of “{workflow.entry}” since you opened it; it "
            f"is now “{workflow.get_state_display()}”. Nothing was done."
        )


def require_submitter_or_chief(workflow: EntryWorkflow, user) -> None:
    """A submission is withdrawn on purpose only by the one who made it, or by an
    editor-in-chief (who holds the publish-without-review permission)."""
    if workflow.submitted_by_id == user.pk or user.has_perm(PUBLISH_WITHOUT_REVIEW_PERMISSION):
        return
    who = workflow.submitted_by.get_username() if workflow.submitted_by else "its submitter"
    raise PermissionDenied(
        f"Only {who} or an editor-in-chief may withdraw this submission; "
        "comment in the review thread instead."
    )


class Approval:
    """The one approval rule, for one person and the change under review in one workflow.

    Someone who took part in the change (submitted it, or wrote a revision of the entry
    since its last edition) may approve it only holding the publish-without-review
    permission, and their approval is then logged as without review. The services, the
    admin's links and decision form follow it; ``EntryWorkflow.objects.reviewable_by`` is
    its query form, built from the same parts. Permission and state: ``check_action``.
    """

    def __init__(self, workflow: EntryWorkflow, user):
        self.workflow, self.user = workflow, user
        self.may_approve_own = may_approve_own_change(user)

    @cached_property
    def took_part(self) -> bool:
        """One query unless they submitted the change; asked once per Approval."""
        workflow, user = self.workflow, self.user
        if workflow.submitted_by_id == user.pk:
            return True
        return EntryWorkflow.objects.filter(pk=workflow.pk).taken_part_in_by(user).exists()

    @property
    def allowed(self) -> bool:
        return self.may_approve_own or not self.took_part

    @property
    def without_review(self) -> bool:
        return self.may_approve_own and self.took_part


def approval(*, workflow: EntryWorkflow, user) -> Approval:
    """Whether ``user`` may approve the workflow's change, and whether it would be logged as
    approved without review (see ``Approval``)."""
    return Approval(workflow, user)


def _require_approval(approval: Approval) -> None:
    """Refuse an approval by someone who took part in the change, unless they hold the
    publish-without-review permission (their approval is then logged as such)."""
    if not approval.allowed:
        raise PermissionDenied(
            f"You took part in this change to “{approval.workflow.entry}”, so someone else "
            "must review it."
        )
