"""Review of a submitted working copy: submitting, withdrawing, commenting and the decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from reversion.models import Revision, Version

from dictionary.editions import create_edition
from dictionary.models import Edition, Entry
from dictionary.snapshots import EntrySnapshot

from .. import notifications
from ..diff import compare
from ..models import (
    CommentKind,
    Review,
    ReviewComment,
    ReviewStatus,
    State,
)
from .recording import record_revision
from .rules import (
    APPROVE,
    REQUEST_CHANGES,
    SUBMIT,
    WITHDRAW,
    _require_approval,
    _require_permission,
    approval,
    claim_workflow,
    may_comment,
    require_submitter_or_chief,
)
from .workflow import _close_review, _move, get_workflow, open_review

# Submitting and withdrawing -------------------------------------------------------------


@transaction.atomic
def submit_for_review(
    *, entry: Entry, user, message: str, expected_version: int | None = None
) -> Review:
    """Submit the entry's working copy for review, pinning it as a new history revision.

    Side effects: a reversion revision (the pinned one); an open Review (reused when changes
    were requested) with the message as a comment; a Transition; email to the reviewers
    after commit. ``expected_version`` is the workflow version the editor saw.
    """
    _require_permission(user, SUBMIT)
    if not message.strip():
        raise ValidationError("Say in a few words what changed: the message is required.")
    workflow = claim_workflow(entry, SUBMIT, expected_version=expected_version, fresh=True)
    entry = workflow.entry
    revision = record_revision(entry, user=user, comment=f"Submitted for review: {message}")
    review = open_review(entry)
    if review is None:
        review = Review.objects.create(entry=entry, submitted_by=user)  # open from the start
    else:  # answering a request for changes: the same thread goes on
        review.status = ReviewStatus.OPEN
        review.save(update_fields=["status"])
    ReviewComment.objects.create(
        review=review, author=user, kind=CommentKind.SUBMISSION, body=message, revision=revision
    )
    _move(
        workflow,
        to=State.IN_REVIEW,
        actor=user,
        message=message,
        revision=revision,
        submitted_revision=revision,
        submitted_by=user,
    )
    notifications.notify_reviewers(entry=entry, submitter=user, message=message)
    return review


@transaction.atomic
def withdraw_submission(
    *, entry: Entry, user, reason: str = "", expected_version: int | None = None
) -> None:
    """Take a submission back out of review; the entry is a draft again.

    Side effects: the open Review is closed as withdrawn; a Transition. Only the submitter
    or an editor-in-chief may (PermissionDenied otherwise). ``expected_version`` is the
    workflow version they saw.
    """
    _require_permission(user, WITHDRAW)
    workflow = claim_workflow(entry, WITHDRAW, expected_version=expected_version)
    require_submitter_or_chief(workflow, user)
    _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
    _move(
        workflow,
        to=State.DRAFT,
        actor=user,
        message=reason or "Submission withdrawn.",
        revision=workflow.submitted_revision,
    )


# Deciding ------------------------------------------------------------------------------


@transaction.atomic
def comment_on_review(*, entry: Entry, user, body: str) -> ReviewComment:
    """Add a comment to the entry's open review thread (an editor's answer, a question).

    Side effects: one ReviewComment; email after commit to the other side (the submitter
    when a reviewer writes, the reviewers when the submitter does).
    """
    if not may_comment(user):
        raise PermissionDenied("You do not have permission to comment on reviews.")
    review = open_review(entry)
    if review is None:
        raise ValidationError(f"“{entry}” has no open review to comment on.")
    if not body.strip():
        raise ValidationError("The comment is empty.")
    comment = ReviewComment.objects.create(
        review=review,
        author=user,
        kind=CommentKind.COMMENT,
        body=body,
        revision=get_workflow(entry).submitted_revision,
    )
    notifications.notify_comment(entry=entry, review=review, comment=comment)
    return comment


@transaction.atomic
def request_changes(
    *, entry: Entry, user, comments: str, expected_version: int | None = None
) -> ReviewComment:
    """Send the submission back to its editor with comments.

    Side effects: the Review's status, a ReviewComment, a Transition; email to the
    submitter after commit. ``expected_version`` is the workflow version the reviewer saw.
    """
    _require_permission(user, REQUEST_CHANGES)
    if not comments.strip():
        raise ValidationError("Say what needs to change: the comments are required.")
    workflow = claim_workflow(entry, REQUEST_CHANGES, expected_version=expected_version)
    review = open_review(entry)
    revision = workflow.submitted_revision
    _move(
        workflow,
        to=State.CHANGES_REQUESTED,
        actor=user,
        message=comments,
        revision=revision,
    )
    review.status = ReviewStatus.CHANGES_REQUESTED
    review.save(update_fields=["status"])
    comment = ReviewComment.objects.create(
        review=review,
        author=user,
        kind=CommentKind.CHANGES_REQUESTED,
        body=comments,
        revision=revision,
    )
    notifications.notify_submitter(workflow=workflow, reviewer=user, decision=comment)
    return comment


def _check_unchanged_since(entry: Entry, revision: Revision) -> None:
    """Refuse when the working copy is not exactly the pinned revision any more.

    An edit after submission withdraws it, so this holds unless something wrote around the
    admin; it is checked three ways: no later revision, same lock version, same content.
    """
    newer = Version.objects.get_for_object(entry).filter(revision_id__gt=revision.pk)
    pinned = Version.objects.get_for_object(entry).filter(revision=revision).first()
    moved = (
        pinned is None
        or pinned.field_dict.get("lock_version") != entry.lock_version
        or compare(
            EntrySnapshot.of_revision(revision, entry.pk), EntrySnapshot.of_entry(entry)
        ).changed
    )
    if newer.exists() or moved:
        raise ValidationError(
            f"“{entry}” changed after it was submitted; the submission no longer matches "
            "the working copy and cannot be approved. Ask for a new submission."
        )


@transaction.atomic
def approve_and_publish(
    *,
    entry: Entry,
    user,
    message: str = "",
    public_summary: str | None = None,
    expected_version: int | None = None,
) -> Edition:
    """Approve the submitted revision and publish exactly it as the entry's next edition.

    ``message`` is the reviewer's note to the editors and stays internal; the edition's
    public "what changed" line is ``public_summary``, or the submission message when none
    is given. Side effects: the Review closes as approved with an approval comment; two
    Transitions (in review → approved → published); a new current Edition; email to the
    submitter. A reviewer who took part in the change is refused unless they hold the
    publish-without-review permission, and then the edition and the log say so.
    """
    _require_permission(user, APPROVE)
    workflow = claim_workflow(entry, APPROVE, expected_version=expected_version, fresh=True)
    entry = workflow.entry
    pinned = workflow.submitted_revision
    _check_unchanged_since(entry, pinned)
    rule = approval(workflow=workflow, user=user)
    _require_approval(rule)
    self_approved = rule.without_review
    note = message or "Approved."
    if self_approved:
        note += " (Approved by someone who took part, under the publish-without-review right.)"
    common = {"actor": user, "revision": pinned, "without_review": self_approved}
    _move(workflow, to=State.APPROVED, message=note, **common)
    edition = create_edition(
        entry=entry,
        revision=pinned,
        approved_by=user,
        change_summary=_change_summary(entry, public_summary),
        without_review=self_approved,
    )
    _move(workflow, to=State.PUBLISHED, message=f"Published as edition {edition.number}.", **common)
    review = open_review(entry)
    ReviewComment.objects.create(
        review=review, author=user, kind=CommentKind.APPROVAL, body=note, revision=pinned
    )
    _close_review(review, ReviewStatus.APPROVED)
    notifications.notify_submitter(workflow=workflow, reviewer=user, decision=None, edition=edition)
    return edition


def _change_summary(entry: Entry, public_summary: str | None) -> str:
    if public_summary is not None:
        return public_summary.strip()
    return submission_message(entry)


def submission_message(entry: Entry) -> str:
    """The message of the entry's latest submission ("" if it was never submitted)."""
    submission = (
        ReviewComment.objects.filter(review__entry=entry, kind=CommentKind.SUBMISSION)
        .order_by("-created_at", "-id")
        .first()
    )
    return submission.body if submission else ""
