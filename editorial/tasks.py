"""Who has to do what next: the filters of the entry list and each person's pending tasks."""

from django.db.models import BigIntegerField, QuerySet
from django.db.models.functions import Cast
from reversion.models import Version

from dictionary.models import Entry

from .models import EntryWorkflow, State

TASK_LIMIT = 20
UNPUBLISHED_CHANGES = [State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED]


def awaiting_review(entries: QuerySet, user) -> QuerySet:
    """Entries in review that ``user`` may approve: the one approval rule's query form,
    ``EntryWorkflow.objects.reviewable_by``, which the approval service agrees with."""
    return entries.filter(workflow__in=EntryWorkflow.objects.reviewable_by(user))


def changes_requested(entries: QuerySet) -> QuerySet:
    return entries.filter(workflow__state=State.CHANGES_REQUESTED)


def with_unpublished_changes(entries: QuerySet) -> QuerySet:
    """Entries whose working copy is not what readers see (new, or revised since publishing)."""
    return entries.filter(workflow__state__in=UNPUBLISHED_CHANGES)


def edited_by(entries: QuerySet, user) -> QuerySet:
    """Entries with at least one history revision written by ``user``."""
    versions = (
        Version.objects.get_for_model(Entry)
        .filter(revision__user=user)
        .annotate(entry_id=Cast("object_id", BigIntegerField()))
        .values("entry_id")
    )
    return entries.filter(pk__in=versions)


def pending_tasks(user) -> dict[str, list[Entry]]:
    """The entries waiting for ``user``: reviews to do, changes asked of them, their drafts."""
    entries = Entry.objects.select_related("workflow").order_by("-updated_at")
    drafts = entries.filter(workflow__state=State.DRAFT)
    return {
        "reviews": list(awaiting_review(entries, user)[:TASK_LIMIT]),
        "changes_requested": list(
            changes_requested(entries).filter(workflow__submitted_by=user)[:TASK_LIMIT]
        ),
        "drafts": list(edited_by(drafts, user)[:TASK_LIMIT]),
    }
