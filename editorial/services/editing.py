"""What saving the working copy does: the lost-update guard, and the workflow moving to a draft."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from dictionary.models import Entry

from ..models import ReviewStatus, State
from ..notifications import notify_submission_withdrawn_by_edit
from .workflow import _close_review, _move, get_workflow, open_review


class StaleEntryError(ValidationError):
    """The entry was saved by someone else since the editor loaded it."""


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


@transaction.atomic
def record_edit(*, entry: Entry, user) -> None:
    """Note that the working copy was edited; the admin calls this after every save.

    Side effects: an edit to an entry in review withdraws the submission (it needs a new
    one), and someone else's edit emails the submitter and the reviewers; an edit to a
    published or withdrawn entry opens a new draft. Both are Transitions.
    """
    workflow = get_workflow(entry)
    if workflow.state == State.IN_REVIEW:
        submitter = workflow.submitted_by
        _close_review(open_review(entry), ReviewStatus.WITHDRAWN)
        note = "Edited after submission: the submission is withdrawn and needs a new one."
        _move(workflow, to=State.DRAFT, actor=user, message=note)
        notify_submission_withdrawn_by_edit(entry=entry, submitter=submitter, editor=user)
    elif workflow.state in (State.PUBLISHED, State.UNPUBLISHED, State.APPROVED):
        _move(workflow, to=State.DRAFT, actor=user, message="Edited: a new draft.")
