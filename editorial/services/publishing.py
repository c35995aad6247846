"""Publishing outside review (at once, or by a trusted command) and withdrawing from publication."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dictionary.caching import mark_publication_changed
from dictionary.editions import EditionRequest, create_edition, create_editions_in_bulk
from dictionary.models import Edition, Entry
from dictionary.theme_listings import write_theme_listings

from ..models import EntryWorkflow, ReviewStatus, State
from .recording import record_revision
from .revisions import latest_revision
from .rules import (
    PUBLISH_WITHOUT_REVIEW,
    UNPUBLISH,
    _require_current_edition,
    _require_permission,
    _require_version,
    claim_workflow,
)
from .workflow import (
    DraftStep,
    _close_review,
    _move,
    lock_workflow,
    move_drafts,
    open_review,
)


@transaction.atomic
def publish_without_review(
    *, entry: Entry, user, summary: str, expected_version: int | None = None
) -> Edition:
    """Publish the working copy at once, skipping review (editors-in-chief only).

    Side effects: a reversion revision of the working copy; any open Review closes as
    superseded; a Transition and an Edition both marked as published without review.
    ``expected_version`` is the workflow version they saw.
    """
    _require_permission(user, PUBLISH_WITHOUT_REVIEW)
    if not summary.strip():
        raise ValidationError("Say why this is published without review: a summary is required.")
    workflow = claim_workflow(
        entry, PUBLISH_WITHOUT_REVIEW, expected_version=expected_version, fresh=True
    )
    entry = workflow.entry
    revision = record_revision(entry, user=user, comment=f"Published without review: {summary}")
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
    workflow = lock_workflow(entry)
    revision = revision or latest_revision(entry)
    if revision is None:
        revision = record_revision(entry, user=user, comment=summary or "Published")
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
    entries, whose draft rows ``create_entries`` made); anything else goes through
    ``publish_entry``. Like it, a trusted path for commands, without a permission check.
    Side effects: per entry an Edition (number 1, current) with its EditionReferences and
    themes, its EntryWorkflow row in "published", and a Transition draft → published; all
    written in bulk.
    """
    ids = [item.entry.pk for item in items]
    if Edition.objects.filter(entry_id__in=ids).exists():
        raise ValidationError("Only entries never published can be published in bulk.")
    editions = create_editions_in_bulk(items=items, approved_by=user, without_review=True)
    # publish_entry's step, for rows never moved (else all of this is rolled back).
    move_drafts(
        [
            DraftStep(
                entry_id=item.entry.pk,
                to=State.PUBLISHED,
                message=f"Edition {edition.number}: {item.change_summary or 'imported'}",
                actor=user,
                revision=item.revision,
                without_review=True,
            )
            for item, edition in zip(items, editions, strict=True)
        ]
    )
    return editions


@transaction.atomic
def unpublish(*, entry: Entry, user, reason: str, expected_version: int | None = None) -> None:
    """Withdraw the entry from the public site: its current edition stops being current.

    Side effects: the current Edition's flag (editions themselves never change) and its
    theme listings (deleted); any open review closes as withdrawn; a Transition with the
    reason; the publication generation is bumped, also at the commit (cached pages stop
    linking to it). Readers then get 410 Gone. ``expected_version`` is the workflow
    version they saw.
    """
    _require_permission(user, UNPUBLISH)
    if not reason.strip():
        raise ValidationError("Give the reason for withdrawing the entry.")
    workflow = lock_workflow(entry)  # before the editions: the lock order (``workflow``)
    _require_version(workflow, expected_version)
    _require_current_edition(entry)
    entry.editions.current().update(is_current=False)
    write_theme_listings(entry_ids=[entry.pk], listed=())
    mark_publication_changed(entry_ids=[entry.pk])  # .update() sends no signal
    _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
    _move(workflow, to=State.UNPUBLISHED, actor=user, message=reason)
