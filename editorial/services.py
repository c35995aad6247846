"""Workflow actions on entries: guarded transitions, each in one transaction.

The admin, the commands and the tests call these functions; nothing else moves an entry
through the workflow. Every transition is written to the append-only Transition log.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Revision, Version

from dictionary.caching import mark_publication_changed
from dictionary.editions import EditionRequest, create_edition, create_editions_in_bulk
from dictionary.models import Edition, Entry

from . import notifications
from .diff import compare, entry_snapshot, revision_snapshot
from .models import (
    EDIT_PERMISSION,
    OPEN_REVIEW_STATUSES,
    PUBLISH_WITHOUT_REVIEW_PERMISSION,
    REVIEW_PERMISSION,
    UNPUBLISH_PERMISSION,
    CommentKind,
    EntryWorkflow,
    Review,
    ReviewComment,
    ReviewStatus,
    State,
    Transition,
)

SUBMITTABLE = (State.DRAFT, State.CHANGES_REQUESTED, State.UNPUBLISHED)
UNREVIEWED = (State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.UNPUBLISHED)


class StaleEntryError(ValidationError):
    """The entry was saved by someone else since the editor loaded it."""


# Reading the workflow ------------------------------------------------------------------


def start_workflows(*, entries: Iterable[Entry]) -> None:
    """Give entries just created their workflow rows, as drafts, in one insert.

    Code in ``editorial`` that creates entries calls it in the same transaction, so that an
    entry has its row from the start; a migration made the rows of the entries that
    existed before. Side effects: the rows, each left on its entry (``entry.workflow``).
    """
    EntryWorkflow.objects.bulk_create(EntryWorkflow(entry=entry) for entry in entries)


def ensure_workflows(*, entries: Iterable[Entry]) -> dict[int, EntryWorkflow]:
    """Each entry's workflow row by entry id, making the rows that are missing.

    Every path that creates entries gives them their rows (``start_workflows``; the
    ``generate_entries`` command calls this for entries it writes with editions). Rows can
    still be missing for entries written outside them (``loaddata``, a shell): they get
    theirs here when their workflow is first read (by ``get_workflow`` or the entry list).
    This is the one place that knows a row can be missing. A row made here starts where
    the entry's editions put it: published with a current edition, withdrawn with only
    past ones, else draft.

    Rows that ``select_related("workflow")`` (or an earlier call) left on the entries are
    used as they are, so a page of entries that all have one costs no query. Each row is
    left on its entry (``entry.workflow``). Side effects: inserts the missing rows; those
    carry no primary key, and a step reads its row afresh anyway (``get_workflow``).
    """
    entries = list(entries)
    rows = _loaded_workflows(entries)
    missing = [entry for entry in entries if entry.pk not in rows]
    if missing:
        rows.update(_create_workflows(missing))
    for entry in entries:
        rows[entry.pk].entry = entry  # a one-to-one: this sets entry.workflow too
    return rows


def _loaded_workflows(entries: list[Entry]) -> dict[int, EntryWorkflow]:
    """The rows already on the entries, and those of the others read in one query."""
    rows, unread = {}, []
    for entry in entries:
        # select_related leaves None in the relation's cache when there was no row.
        if not Entry.workflow.is_cached(entry):
            unread.append(entry)
        elif (row := Entry.workflow.related.get_cached_value(entry)) is not None:
            rows[entry.pk] = row
    if unread:
        rows.update((row.entry_id, row) for row in EntryWorkflow.objects.filter(entry__in=unread))
    return rows


def _create_workflows(entries: list[Entry]) -> dict[int, EntryWorkflow]:
    editions = Edition.objects.filter(entry__in=entries).order_by()
    states = {}  # a current edition wins over past ones
    for entry_id, is_current in editions.values_list("entry_id", "is_current"):
        if is_current or entry_id not in states:
            states[entry_id] = State.PUBLISHED if is_current else State.UNPUBLISHED
    rows = {
        entry.pk: EntryWorkflow(entry=entry, state=states.get(entry.pk, State.DRAFT))
        for entry in entries
    }
    # Two requests may make the same row at once: the second one's insert is skipped.
    EntryWorkflow.objects.bulk_create(rows.values(), ignore_conflicts=True)
    return rows


def get_workflow(entry: Entry) -> EntryWorkflow:
    """The entry's workflow row read afresh: a step starts from the row as it is now."""
    workflow = EntryWorkflow.objects.filter(entry_id=entry.pk).first()
    if workflow is None:
        ensure_workflows(entries=[entry])
        workflow = EntryWorkflow.objects.get(entry_id=entry.pk)
    workflow.entry = entry
    return workflow


def open_review(entry: Entry) -> Review | None:
    """The entry's open review thread, if any."""
    return entry.reviews.filter(status__in=OPEN_REVIEW_STATUSES).first()


def latest_version(entry: Entry) -> Version | None:
    """The entry's newest stored version, with its revision."""
    return Version.objects.get_for_object(entry).select_related("revision").first()


def latest_revision(entry: Entry) -> Revision | None:
    """The newest history revision that contains the entry."""
    version = latest_version(entry)
    return version.revision if version else None


def took_part(*, entry: Entry, user) -> bool:
    """Whether ``user`` wrote any revision of the entry since its last edition."""
    versions = Version.objects.get_for_object(entry).filter(revision__user=user)
    last = entry.editions.exclude(revision=None).order_by("-number").first()
    if last is not None:
        versions = versions.filter(revision_id__gt=last.revision_id)
    return versions.exists()


# Who may take which step, from which state ---------------------------------------------

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
        _require_someone_else(workflow, user)
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


# Guards and the one place that changes a workflow's state --------------------------------


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
    if not entry.editions.filter(is_current=True).exists():
        raise ValidationError(f"“{entry}” is not published, so it cannot be withdrawn.")


def _require_version(workflow: EntryWorkflow, expected: int | None) -> None:
    if expected is not None and expected != workflow.version:
        raise ValidationError(
            f"Someone else changed the workflow of “{workflow.entry}” since you opened it; it "
            f"is now “{workflow.get_state_display()}”. Nothing was done."
        )


def _move(
    workflow: EntryWorkflow,
    *,
    to: str,
    actor,
    message: str = "",
    revision: Revision | None = None,
    without_review: bool = False,
    expected_version: int | None = None,
    **fields,
) -> None:
    """Move the workflow to ``to`` if nobody moved it since it was read, and log the step.

    The UPDATE checks the version counter and the state read, so of two people deciding at
    once only the first succeeds (this works on SQLite too, where row locks do nothing).
    ``fields`` are further EntryWorkflow columns to set in the same UPDATE.
    """
    version = expected_version or workflow.version
    now = timezone.now()
    updated = EntryWorkflow.objects.filter(
        pk=workflow.pk, version=version, state=workflow.state
    ).update(state=to, version=version + 1, updated_at=now, **fields)
    if not updated:
        raise ValidationError(
            f"Someone else changed the workflow of “{workflow.entry}” a moment ago; "
            "nothing was done. Reload the page to see where it stands now."
        )
    Transition.objects.create(
        entry=workflow.entry,
        from_state=workflow.state,
        to_state=to,
        actor=actor,
        message=message,
        revision=revision,
        without_review=without_review,
    )
    # The row now holds exactly what the UPDATE wrote: no need to read it back.
    for name, value in {"state": to, "version": version + 1, "updated_at": now, **fields}.items():
        setattr(workflow, name, value)


def _close_review(review: Review | None, status: str) -> None:
    if review is not None:
        review.status, review.closed_at = status, timezone.now()
        review.save(update_fields=["status", "closed_at"])


def _fresh(entry: Entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


# Submitting and withdrawing -------------------------------------------------------------


def _record_revision(entry: Entry, *, user, comment: str) -> Revision:
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment[:500])
        reversion.add_to_revision(entry)
    return latest_revision(entry)


@transaction.atomic
def submit_for_review(*, entry: Entry, user, message: str) -> Review:
    """Submit the entry's working copy for review, pinning it as a new history revision.

    Side effects: a reversion revision (the pinned one); an open Review (reused when changes
    were requested) with the message as a comment; a Transition; email to the reviewers
    after commit.
    """
    _require_permission(user, SUBMIT)
    if not message.strip():
        raise ValidationError("Say in a few words what changed: the message is required.")
    entry = _fresh(entry)
    workflow = get_workflow(entry)
    _require_state(workflow, SUBMIT)
    revision = _record_revision(entry, user=user, comment=f"Submitted for review: {message}")
    review = open_review(entry) or Review.objects.create(entry=entry, submitted_by=user)
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
def withdraw_submission(*, entry: Entry, user, reason: str = "") -> None:
    """Take a submission back out of review; the entry is a draft again.

    Side effects: the open Review is closed as withdrawn; a Transition.
    """
    _require_permission(user, WITHDRAW)
    workflow = get_workflow(entry)
    _require_state(workflow, WITHDRAW)
    _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
    _move(
        workflow,
        to=State.DRAFT,
        actor=user,
        message=reason or "Submission withdrawn.",
        revision=workflow.submitted_revision,
    )


@transaction.atomic
def record_edit(*, entry: Entry, user) -> None:
    """Note that the working copy was edited; the admin calls this after every save.

    Side effects: an edit to an entry in review withdraws the submission (it needs a new
    one); an edit to a published or withdrawn entry opens a new draft. Both are Transitions.
    """
    workflow = get_workflow(entry)
    if workflow.state == State.IN_REVIEW:
        _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
        note = "Edited after submission: the submission is withdrawn and needs a new one."
        _move(workflow, to=State.DRAFT, actor=user, message=note)
    elif workflow.state in (State.PUBLISHED, State.UNPUBLISHED, State.APPROVED):
        _move(workflow, to=State.DRAFT, actor=user, message="Edited: a new draft.")


# Deciding ------------------------------------------------------------------------------


@transaction.atomic
def comment_on_review(*, entry: Entry, user, body: str) -> ReviewComment:
    """Add a comment to the entry's open review thread (an editor's answer, a question).

    Side effects: one ReviewComment.
    """
    if not (user and (user.has_perm(EDIT_PERMISSION) or user.has_perm(REVIEW_PERMISSION))):
        raise PermissionDenied("You do not have permission to comment on reviews.")
    review = open_review(entry)
    if review is None:
        raise ValidationError(f"“{entry}” has no open review to comment on.")
    if not body.strip():
        raise ValidationError("The comment is empty.")
    return ReviewComment.objects.create(
        review=review,
        author=user,
        kind=CommentKind.COMMENT,
        body=body,
        revision=get_workflow(entry).submitted_revision,
    )


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
    workflow = get_workflow(entry)
    _require_version(workflow, expected_version)
    _require_state(workflow, REQUEST_CHANGES)
    review = open_review(entry)
    revision = workflow.submitted_revision
    _move(
        workflow,
        to=State.CHANGES_REQUESTED,
        actor=user,
        message=comments,
        revision=revision,
        expected_version=expected_version,
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
        or compare(revision_snapshot(revision, entry.pk), entry_snapshot(entry)).changed
    )
    if newer.exists() or moved:
        raise ValidationError(
            f"“{entry}” changed after it was submitted; the submission no longer matches "
            "the working copy and cannot be approved. Ask for a new submission."
        )


def _took_part_in(workflow: EntryWorkflow, user) -> bool:
    return workflow.submitted_by_id == user.pk or took_part(entry=workflow.entry, user=user)


def _require_someone_else(workflow: EntryWorkflow, user) -> None:
    """Refuse an approval by someone who took part in the change, unless they hold the
    publish-without-review permission (their approval is then logged as such)."""
    if not user.has_perm(PUBLISH_WITHOUT_REVIEW_PERMISSION) and _took_part_in(workflow, user):
        raise PermissionDenied(
            f"You took part in this change to “{workflow.entry}”, so someone else must review it."
        )


@transaction.atomic
def approve_and_publish(
    *, entry: Entry, user, message: str = "", expected_version: int | None = None
) -> Edition:
    """Approve the submitted revision and publish exactly it as the entry's next edition.

    Side effects: the Review closes as approved with an approval comment; two Transitions
    (in review → approved → published); a new current Edition; email to the submitter.
    A reviewer who took part in the change is refused unless they hold the
    publish-without-review permission, and then the edition and the log say so.
    """
    _require_permission(user, APPROVE)
    entry = _fresh(entry)
    workflow = get_workflow(entry)
    _require_version(workflow, expected_version)
    _require_state(workflow, APPROVE)
    pinned = workflow.submitted_revision
    _check_unchanged_since(entry, pinned)
    _require_someone_else(workflow, user)
    self_approved = user.has_perm(PUBLISH_WITHOUT_REVIEW_PERMISSION) and _took_part_in(
        workflow, user
    )
    note = message or "Approved."
    if self_approved:
        note += " (Approved by someone who took part, under the publish-without-review right.)"
    common = {"actor": user, "revision": pinned, "without_review": self_approved}
    _move(workflow, to=State.APPROVED, message=note, expected_version=expected_version, **common)
    edition = create_edition(
        entry=entry,
        revision=pinned,
        approved_by=user,
        change_summary=_change_summary(entry, message),
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


def _change_summary(entry: Entry, message: str) -> str:
    if message:
        return message
    submission = (
        ReviewComment.objects.filter(review__entry=entry, kind=CommentKind.SUBMISSION)
        .order_by("-created_at", "-id")
        .first()
    )
    return submission.body if submission else ""


# Publishing without review and withdrawing from publication -------------------------------


@transaction.atomic
def publish_without_review(*, entry: Entry, user, summary: str) -> Edition:
    """Publish the working copy at once, skipping review (editors-in-chief only).

    Side effects: a reversion revision of the working copy; any open Review closes as
    superseded; a Transition and an Edition both marked as published without review.
    """
    _require_permission(user, PUBLISH_WITHOUT_REVIEW)
    if not summary.strip():
        raise ValidationError("Say why this is published without review: a summary is required.")
    entry = _fresh(entry)
    workflow = get_workflow(entry)
    _require_state(workflow, PUBLISH_WITHOUT_REVIEW)
    revision = _record_revision(entry, user=user, comment=f"Published without review: {summary}")
    return _publish_now(
        entry,
        workflow,
        revision=revision,
        user=user,
        summary=summary,
        without_review=True,
        message=lambda number: f"Published without review as edition {number}: {summary}",
    )


@transaction.atomic
def publish_entry(
    *, entry: Entry, user=None, summary: str = "", without_review: bool = False, revision=None
) -> Edition:
    """Publish the entry's working copy as its next edition, skipping the workflow.

    The trusted, non-interactive path for commands that bring in work already published
    elsewhere (``user`` None: a command-line import) and for setting up tests; the admin
    never calls it. No permission check: whoever runs commands holds the keys anyway.
    Side effects: an Edition (now the current one) from ``revision`` or the entry's latest
    revision; any open review closes as superseded; the workflow becomes "published", with
    a Transition.
    """
    workflow = get_workflow(entry)
    revision = revision or latest_revision(entry)
    if revision is None:
        revision = _record_revision(entry, user=user, comment=summary or "Published")
    return _publish_now(
        entry,
        workflow,
        revision=revision,
        user=user,
        summary=summary,
        without_review=without_review,
        message=lambda number: f"Edition {number}: {summary or 'imported'}",
    )


def _publish_now(
    entry: Entry, workflow: EntryWorkflow, *, revision, user, summary, without_review, message
) -> Edition:
    """Publish ``revision`` as the next edition outside review: the edition, any open review
    closed as superseded, and the move to "published" (``message`` from the edition number)."""
    edition = create_edition(
        entry=entry,
        revision=revision,
        approved_by=user,
        change_summary=summary,
        without_review=without_review,
    )
    _close_review(open_review(entry), ReviewStatus.SUPERSEDED)
    _move(
        workflow,
        to=State.PUBLISHED,
        actor=user,
        message=message(edition.number),
        revision=revision,
        without_review=without_review,
    )
    return edition


@transaction.atomic
def publish_imported_entries(*, items: list[EditionRequest], user=None) -> list[Edition]:
    """Publish newly imported entries in bulk, each exactly as ``publish_entry`` would with
    ``without_review=True`` and the item's revision and summary: same Edition, same
    workflow row, same Transition, in a fixed number of queries instead of ~20 per entry.

    Only for entries that were never in the workflow nor published (a seed import's new
    entries, whose rows, if made yet, are drafts never moved); anything else goes through
    ``publish_entry``. Like it, a trusted path for commands, without a permission check.
    Side effects: per entry an Edition (number 1, current) with its EditionReferences and
    themes, its EntryWorkflow row in "published", and a Transition draft → published; all
    written in bulk.
    """
    ids = [item.entry.pk for item in items]
    started = EntryWorkflow.objects.filter(entry_id__in=ids).exclude(state=State.DRAFT, version=1)
    if started.exists() or Edition.objects.filter(entry_id__in=ids).exists():
        raise ValidationError(
            "Only entries never published nor in the workflow can be published in bulk."
        )
    editions = create_editions_in_bulk(items=items, approved_by=user, without_review=True)
    # publish_entry moves the draft row once: version 1 + 1. One statement makes the rows
    # not made yet and moves those that were.
    EntryWorkflow.objects.bulk_create(
        [EntryWorkflow(entry=item.entry, state=State.PUBLISHED, version=2) for item in items],
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=["state", "version", "updated_at"],
    )
    Transition.objects.bulk_create(
        Transition(
            entry=item.entry,
            from_state=State.DRAFT,
            to_state=State.PUBLISHED,
            actor=user,
            message=f"Edition {edition.number}: {item.change_summary or 'imported'}",
            revision=item.revision,
            without_review=True,
        )
        for item, edition in zip(items, editions, strict=True)
    )
    return editions


@transaction.atomic
def unpublish(*, entry: Entry, user, reason: str) -> None:
    """Withdraw the entry from the public site: its current edition stops being current.

    Side effects: the current Edition's flag (editions themselves never change); any open
    review closes as withdrawn; a Transition with the reason; the publication generation
    is bumped, also at the commit (cached pages stop linking to it). Readers then get a 404.
    """
    _require_permission(user, UNPUBLISH)
    if not reason.strip():
        raise ValidationError("Give the reason for withdrawing the entry.")
    _require_current_edition(entry)
    workflow = get_workflow(entry)
    entry.editions.filter(is_current=True).update(is_current=False)
    mark_publication_changed()  # .update() sends no signal
    _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
    _move(workflow, to=State.UNPUBLISHED, actor=user, message=reason)


# The lost-update guard ------------------------------------------------------------------


def claim_entry_version(*, entry: Entry, loaded_version: int) -> None:
    """Raise the entry's lock version if it is still the one the editor loaded.

    One conditional UPDATE, so two saves from the same starting point cannot both pass.
    Side effects: Entry.lock_version + 1 (also on ``entry``). Raises StaleEntryError.
    Call it inside the transaction that then saves the entry.
    """
    claimed = Entry.objects.filter(pk=entry.pk, lock_version=loaded_version).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise StaleEntryError(
            f"Someone else saved “{entry}” after you opened it. Your changes were not saved, "
            "so nothing of theirs was overwritten."
        )
    entry.lock_version = loaded_version + 1
