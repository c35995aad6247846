"""Entries' workflow rows and review threads: made, read afresh, and moved one guarded step."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Revision

from dictionary.models import Edition, Entry

from ..models import OPEN_REVIEW_STATUSES, EntryWorkflow, Review, State, Transition


def start_workflows(*, entries: Iterable[Entry]) -> None:
    """Give entries just created their workflow rows, as drafts, in one insert.

    ``create_entries``, the one writer of new entries, calls it in the same transaction, so
    that an entry has its row from the start (a seed import publishing new entries at once
    then moves them, ``publish_imported_entries``); a migration made the rows of the
    entries that existed before. Side effects: the rows, each left on its entry
    (``entry.workflow``).
    """
    EntryWorkflow.objects.bulk_create(EntryWorkflow(entry=entry) for entry in entries)


def ensure_workflows(*, entries: Iterable[Entry]) -> dict[int, EntryWorkflow]:
    """Each entry's workflow row by entry id, making the rows that are missing.

    Every entry created by ``create_entries`` has its row (``start_workflows``). Rows can
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


def _close_review(review: Review | None, status: str) -> None:
    if review is not None:
        review.status, review.closed_at = status, timezone.now()
        review.save(update_fields=["status", "closed_at"])
