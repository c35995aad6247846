"""Entries' workflow rows and review threads: made, read afresh, and moved one guarded step.

Lock order. Every write that moves an entry's workflow or publishes or withdraws it takes
its row locks in one order, and this is the one place that says so:

1. the entry's workflow row, first, before reading what it decides on (``lock_workflow``);
2. the entry row (a save's lock-version UPDATE, ``claim_entry_version``);
3. the entry's editions and theme listings (publishing, withdrawing).

Two writes to one entry then queue at the workflow row instead of each holding what the
other waits for: approval used to lock the workflow then the editions, withdrawal the
editions then the workflow, and PostgreSQL ended one of them with a deadlock error (a 500).
The second write reads the row after the first commits, so it decides on the state as it
is, and refuses with a "someone else changed it" message (``StaleWorkflowError``) where
that state no longer allows it. SQLite has no row locks (``select_for_update`` does
nothing; one writer at a time): there the version counters checked in each UPDATE
(``_move``, ``claim_entry_version``) turn the same races into the same messages.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from dictionary.models import Edition, Entry

from ..models import EntryWorkflow, Review, State, Transition


def start_workflows(*, entries: Iterable[Entry]) -> None:
    """Give entries just created their workflow rows, as drafts, in one insert.

    ``create_entries``, the one writer of new entries, calls it in the same transaction, so
    that an entry has its row from the start (a seed import publishing new entries at once
    then moves them, ``publish_imported_entries``); a migration made the rows of the
    entries that existed before. Side effects: the rows, each left on its entry
    (``entry.workflow``).
    """
    EntryWorkflow.objects.bulk_create(EntryWorkflow(entry=entry) for entry in entries)


def settle_workflows(*, entry_ids: Iterable[int]) -> int:
    """Put these entries' workflow rows where their editions leave them, without a step:
    published with a current edition, withdrawn with only past ones; entries without an
    edition keep their state. Return how many rows moved.

    For entries whose editions were written past the workflow's steps: a generated
    history, a restored export, rows repaired after ``loaddata``. Side effects: two UPDATEs.
    """
    entry_ids = list(entry_ids)
    editions = Edition.objects.filter(entry_id__in=entry_ids)
    current = editions.filter(is_current=True).values("entry_id")
    rows = EntryWorkflow.objects.filter(entry_id__in=entry_ids)
    published = rows.filter(entry_id__in=current).exclude(state=State.PUBLISHED)
    withdrawn = rows.exclude(entry_id__in=current).filter(entry_id__in=editions.values("entry_id"))
    withdrawn = withdrawn.exclude(state=State.UNPUBLISHED)
    return published.update(state=State.PUBLISHED) + withdrawn.update(state=State.UNPUBLISHED)


def entries_without_workflow():
    """Entries written past ``create_entries`` (``loaddata``, a shell) that have no row."""
    return Entry.objects.filter(workflow__isnull=True)


def repair_workflows(*, batch_size: int = 2000, progress=None) -> int:
    """Give every entry without a workflow row its row, in the state its editions imply;
    return how many were made. The one place that knows a row can be missing: requests
    never make rows (a missing row is refused by ``get_workflow`` and reported by the
    system check ``headword.W001``); ``manage.py repair_workflows`` calls this.

    Side effects: per batch of entries, one transaction with one insert and the state
    UPDATEs; ``progress(done)`` is called after each batch.
    """
    made = 0
    missing = entries_without_workflow().order_by("pk")
    while batch := list(missing[:batch_size]):
        with transaction.atomic():
            start_workflows(entries=batch)
            settle_workflows(entry_ids=[entry.pk for entry in batch])
        made += len(batch)
        if progress:
            progress(made)
    return made


class MissingWorkflowError(ValidationError):
    """The entry has no workflow row: it was written past the services."""


def get_workflow(entry: Entry) -> EntryWorkflow:
    """The entry's workflow row read afresh: a step starts from the row as it is now."""
    workflow = EntryWorkflow.objects.filter(entry_id=entry.pk).first()
    if workflow is None:
        raise _missing(entry)
    workflow.entry = entry
    return workflow


def _missing(entry: Entry) -> MissingWorkflowError:
    return MissingWorkflowError(
        f"“{entry}” has no workflow row (written outside Headword's services?): "
        "run `manage.py repair_workflows`."
    )


def lock_workflow(entry: Entry) -> EntryWorkflow:
    """The entry's workflow row, read afresh and locked until the transaction ends: the
    first lock of every step (see the lock order above). Call it inside the transaction."""
    workflow = EntryWorkflow.objects.select_for_update().filter(entry_id=entry.pk).first()
    if workflow is None:
        raise _missing(entry)
    workflow.entry = entry
    return workflow


def open_review(entry: Entry) -> Review | None:
    """The entry's open review thread, if any."""
    return entry.reviews.open().first()


def _fresh(entry: Entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


# The one place that changes a workflow's state -------------------------------------------


class StaleWorkflowError(ValidationError):
    """Someone else moved the entry's workflow since it was read: nothing was done."""


def _move(
    workflow: EntryWorkflow,
    *,
    to: str,
    actor,
    message: str = "",
    revision: Revision | None = None,
    without_review: bool = False,
    **fields,
) -> None:
    """Move the workflow to ``to`` if nobody moved it since it was read, and log the step.

    The UPDATE checks the version counter and the state read, so of two people deciding at
    once only the first succeeds (this works on SQLite too, where row locks do nothing).
    ``fields`` are further EntryWorkflow columns to set in the same UPDATE.
    """
    version = workflow.version
    now = timezone.now()
    updated = EntryWorkflow.objects.filter(
        pk=workflow.pk, version=version, state=workflow.state
    ).update(state=to, version=version + 1, updated_at=now, **fields)
    if not updated:
        raise StaleWorkflowError(
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


@dataclass(frozen=True)
class DraftStep:
    """One step of ``move_drafts``: an entry's row from the draft it was made as to ``to``,
    logged as ``_move`` logs a step; ``at`` dates the log when the step was taken earlier
    (a withdrawal restored from an export)."""

    entry_id: int
    to: str
    message: str
    actor: object = None
    revision: Revision | None = None
    without_review: bool = False
    at: datetime | None = None


def move_drafts(steps: list[DraftStep]) -> None:
    """The batch form of ``_move``, for rows that ``start_workflows`` made and nothing has
    moved since (drafts at version 1): the new entries a seed import publishes, an export's
    entries put where its editions leave them. Nobody else can have read such a row, so one
    UPDATE a target state guards them all: it raises StaleWorkflowError (the caller's
    transaction then writes nothing) unless every row was such a draft.
    Side effects: the rows' state, version (2) and time; one Transition a step, in one insert.
    """
    now, by_state = timezone.now(), {}
    for step in steps:
        by_state.setdefault(step.to, set()).add(step.entry_id)
    for to, ids in by_state.items():
        never_moved = EntryWorkflow.objects.never_moved().filter(entry_id__in=ids)
        if never_moved.update(state=to, version=2, updated_at=now) != len(ids):
            raise StaleWorkflowError(
                "Only entries whose workflow has not moved since they were made can be moved "
                "together; nothing was done."
            )
    logged = Transition.objects.bulk_create(
        Transition(
            entry_id=step.entry_id,
            from_state=State.DRAFT,
            to_state=step.to,
            actor=step.actor,
            message=step.message,
            revision=step.revision,
            without_review=step.without_review,
        )
        for step in steps
    )
    dated = []  # the log's time is set at insert; a dated step's is corrected after it
    for row, step in zip(logged, steps, strict=True):
        if step.at is not None:
            row.created_at = step.at
            dated.append(row)
    Transition.objects.bulk_update(dated, ["created_at"])


def _close_review(review: Review | None, status: str) -> None:
    if review is not None:
        review.status, review.closed_at = status, timezone.now()
        review.save(update_fields=["status", "closed_at"])
