"""Who has to do what next: the filters of the entry list and each person's pending tasks."""

from django.db.models import BigIntegerField, CharField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from reversion.models import Version

from dictionary.models import Edition, Entry

from .models import PUBLISH_WITHOUT_REVIEW_PERMISSION, REVIEW_PERMISSION, State

TASK_LIMIT = 20
UNPUBLISHED_CHANGES = [State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED]


def awaiting_review(entries: QuerySet, user) -> QuerySet:
    """Entries in review that ``user`` may approve, by the rule the approval service applies:
    a reviewer who took part in the change (submitted it, or wrote a revision of it since
    the last edition) may not, unless they may also publish without review."""
    if not user.has_perm(REVIEW_PERMISSION):
        return entries.none()
    in_review = entries.filter(workflow__state=State.IN_REVIEW)
    if user.has_perm(PUBLISH_WITHOUT_REVIEW_PERMISSION):
        return in_review
    return in_review.exclude(workflow__submitted_by=user).exclude(_took_part(user))


def _took_part(user) -> Exists:
    """Whether ``user`` wrote a revision of the entry since its last edition (as
    ``editorial.services.took_part``, for a whole list in one query)."""
    last_edition = (
        Edition.objects.filter(entry=OuterRef(OuterRef("pk")), revision__isnull=False)
        .order_by("-number")
        .values("revision_id")[:1]
    )
    versions = Version.objects.get_for_model(Entry).filter(
        object_id=Cast(OuterRef("pk"), CharField()),
        revision__user=user,
        revision_id__gt=Coalesce(Subquery(last_edition), Value(0)),
    )
    return Exists(versions)


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
