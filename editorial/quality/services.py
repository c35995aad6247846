"""Writes of the quality checks: the stored findings of entries, and dismissals."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dictionary.models import Entry
from editorial.models import EDIT_PERMISSION

from .models import Dismissal, Finding
from .rules import Problem
from .running import dismissals_by_place, problems_of


@transaction.atomic
def store_findings(*, problems: dict[int, list[Problem]]) -> list[Finding]:
    """Replace the stored findings of each entry (by id) with these problems.

    A problem an editor dismissed before (same entry, check and place) keeps its dismissal.
    Side effects: the entries' Finding rows deleted and written again, in three queries.
    """
    dismissed = dismissals_by_place(problems)
    Finding.objects.filter(entry_id__in=list(problems)).delete()
    rows = [
        Finding(
            entry_id=entry_id,
            rule=problem.rule,
            place=problem.place,
            message=problem.message[:500],
            suggestion=problem.suggestion[:500],
            dismissal=dismissed.get((entry_id, problem.rule, problem.place)),
        )
        for entry_id, found in problems.items()
        for problem in found
    ]
    return Finding.objects.bulk_create(rows)


def check_entry(*, entry: Entry) -> list[Finding]:
    """Run every rule on the entry and store what they find (the admin calls it on save)."""
    return store_findings(problems={entry.pk: problems_of(entry)})


@transaction.atomic
def dismiss_finding(*, entry: Entry, rule: str, place: str, reason: str, user) -> Dismissal:
    """Record that a finding is not a fault, with why; it stays dismissed while its place
    reads the same. Side effects: a Dismissal (the log, never changed), and the stored
    finding marked. Raises PermissionDenied without the right to edit entries,
    ValidationError without a reason."""
    if not user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied("Only editors may dismiss a finding.")
    if not reason.strip():
        raise ValidationError("Say why this is not a fault: the reason is kept in the log.")
    dismissal = Dismissal.objects.create(
        entry=entry, rule=rule, place=place, reason=reason.strip(), dismissed_by=user
    )
    Finding.objects.filter(entry=entry, rule=rule, place=place).update(dismissal=dismissal)
    return dismissal
