"""Template tag for the admin index: what waits for the signed-in person."""

from django import template

from dictionary.models import Entry
from editorial.models import EntryRevision, EntryWorkflow, State

register = template.Library()

LIMIT = 20


@register.simple_tag
def pending_tasks_for(user) -> dict[str, list[Entry]]:
    """The entries waiting for ``user``: reviews they may decide (the one approval rule's
    query form), changes asked of them, and drafts they wrote."""
    entries = Entry.objects.select_related("workflow").order_by("-updated_at")
    asked_of_them = EntryWorkflow.objects.with_changes_requested().filter(submitted_by=user)
    reviewable = EntryWorkflow.objects.reviewable_by(user)
    written = EntryRevision.objects.written_by(user).values("entry_id")
    return {
        "reviews": list(entries.filter(workflow__in=reviewable)[:LIMIT]),
        "changes_requested": list(entries.filter(workflow__in=asked_of_them)[:LIMIT]),
        "drafts": list(entries.filter(workflow__state=State.DRAFT, pk__in=written)[:LIMIT]),
    }
