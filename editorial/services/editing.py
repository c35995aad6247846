"""Saving an entry's working copy: the one writer of a change, with its lost-update guard."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from reversion.models import Revision

from dictionary.models import Entry
from dictionary.services import sync_derived_rows
from dictionary.snapshots import EntrySnapshot

from ..models import EntryWorkflow, ReviewStatus, State
from ..notifications import notify_submission_withdrawn_by_edit
from .recording import record_revision
from .workflow import _close_review, _move, lock_workflow, open_review


class StaleEntryError(ValidationError):
    """The entry was saved by someone else since the editor loaded it.

    Carries their change for the caller to show: ``entry`` as it is now stored, the
    revisions saved since the editor loaded it (``saved_since``: who, when, why) and
    ``theirs``, the stored working copy as an EntrySnapshot to compare with the refused one.
    """

    def __init__(self, entry: Entry):
        super().__init__(
            f"Someone else saved “{entry}” after you opened it. Your changes were not saved, "
            "so nothing of theirs was overwritten.",
            code="stale",
        )
        self.entry = Entry.objects.filter(pk=entry.pk).first() or entry

    def saved_since(self, loaded_version: int | None) -> list[Revision]:
        """The revisions saved after the editor loaded ``loaded_version``, oldest first."""
        from .revisions import revisions_since

        return revisions_since(self.entry, loaded_version)

    def loaded(self, loaded_version: int | None) -> EntrySnapshot | None:
        """The entry as the editor loaded it, from its history (None when not found)."""
        from .revisions import snapshot_loaded

        return snapshot_loaded(self.entry, loaded_version)

    @property
    def theirs(self) -> EntrySnapshot:
        return EntrySnapshot.of_entry(self.entry)


def check_entry_version(*, entry: Entry, loaded_version: int | None) -> None:
    """Raise StaleEntryError unless ``entry``, as just read, is still at the lock version
    the editor loaded (a form's early check; ``save_entry`` checks again in its UPDATE)."""
    if loaded_version is None or entry.lock_version != loaded_version:
        raise StaleEntryError(entry)


def claim_entry_version(*, entry: Entry, loaded_version: int | None) -> None:
    """Raise the entry's lock version if it is still the one the editor loaded.

    One conditional UPDATE, so two saves from the same starting point cannot both pass.
    Side effects: Entry.lock_version + 1 (also on ``entry``). Raises StaleEntryError.
    Call it inside the transaction that then saves the entry.
    """
    claimed = loaded_version is not None and Entry.objects.filter(
        pk=entry.pk, lock_version=loaded_version
    ).update(lock_version=F("lock_version") + 1)
    if not claimed:
        raise StaleEntryError(entry)
    entry.lock_version = loaded_version + 1


def _no_changes(entry: Entry) -> None:
    pass


@transaction.atomic
def save_entry(
    *,
    entry: Entry,
    user,
    comment: str | Callable[[], str],
    loaded_version: int | None,
    changes: Callable[[Entry], None] = _no_changes,
    source_file: str = "",
    source_digest: str = "",
) -> Revision:
    """Save the working copy of an existing entry: the one way an entry changes.

    ``entry`` carries its new field values; ``changes(entry)`` writes its related rows (the
    admin's inlines and themes, an import's citations, a restore's rows); ``comment`` may be
    a function, asked once they are written (the admin's message names them). ``loaded_version``
    is the lock version the change was based on: if someone saved since, StaleEntryError
    (carrying their change) is raised and nothing is written.
    Side effects, in one transaction: the lock version raised, the Entry row, what
    ``changes`` writes, the rows derived from the entry (inline cross-references, those
    waiting for its names, its stored names), one revision of the whole entry by ``user``
    (with its EntryRevision: an import passes its seed file and digest), and the workflow
    step of an edit (``record_edit``). Returns the revision.
    """
    workflow = lock_workflow(entry)  # before the entry row: the lock order (``workflow``)
    claim_entry_version(entry=entry, loaded_version=loaded_version)
    entry.save()
    changes(entry)
    sync_derived_rows(entry)
    revision = record_revision(
        entry,
        comment=comment() if callable(comment) else comment,
        user=user,
        source_file=source_file,
        source_digest=source_digest,
    )
    record_edit(entry=entry, user=user, workflow=workflow)
    return revision


@transaction.atomic
def record_edit(*, entry: Entry, user, workflow: EntryWorkflow | None = None) -> None:
    """The workflow step of an edit to the working copy (``save_entry`` takes it).

    ``workflow``: the entry's row, when the caller locked it already (``lock_workflow``).
    Side effects: an edit to an entry in review withdraws the submission (it needs a new
    one), and someone else's edit emails the submitter and the reviewers; an edit to a
    published or withdrawn entry opens a new draft. Both are Transitions.
    """
    workflow = workflow or lock_workflow(entry)
    if workflow.state == State.IN_REVIEW:
        submitter = workflow.submitted_by
        _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
        note = "Edited after submission: the submission is withdrawn and needs a new one."
        _move(workflow, to=State.DRAFT, actor=user, message=note)
        notify_submission_withdrawn_by_edit(entry=entry, submitter=submitter, editor=user)
    elif workflow.state in (State.PUBLISHED, State.UNPUBLISHED, State.APPROVED):
        _move(workflow, to=State.DRAFT, actor=user, message="Edited: a new draft.")
