"""The one approval rule: its answer, its query form and the approval service agree for
every person and every change under review."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from editorial import services
from editorial.models import EntryWorkflow
from tests import factories

pytestmark = pytest.mark.django_db


class _RolledBack(Exception):
    pass


def _approved(entry, user):
    """(approved, logged as without review) by the service, inside a rolled-back savepoint."""
    try:
        with transaction.atomic():
            edition = services.approve_and_publish(entry=entry, user=user)
            result = (True, edition.without_review)
            raise _RolledBack
    except _RolledBack:
        return result
    except PermissionDenied:
        return (False, False)


def test_the_rule_its_query_form_and_the_service_agree(editor, reviewer, chief):
    both = factories.make_user("both", role="Reviewers")
    both.groups.add(*editor.groups.all())
    changes = {}
    for headword, writer, submitter in [
        ("Serge, Victor", both, editor),  # a reviewer wrote part of the change
        ("Radek, Karl", editor, editor),
        ("Zinoviev, Grigori", chief, chief),  # the chief submitted their own change
    ]:
        entry = factories.make_entry(headword, body="First.")
        factories.publish(entry)
        factories.revise(entry, user=writer, body="Second.")
        services.submit_for_review(entry=entry, user=submitter, message="Changed.")
        changes[headword] = entry
    no, yes, logged = (False, False), (True, False), (True, True)
    expected = {  # (may approve, logged as without review)
        "editor": {"Serge, Victor": no, "Radek, Karl": no, "Zinoviev, Grigori": no},
        "reviewer": {"Serge, Victor": yes, "Radek, Karl": yes, "Zinoviev, Grigori": yes},
        "both": {"Serge, Victor": no, "Radek, Karl": yes, "Zinoviev, Grigori": yes},
        "chief": {"Serge, Victor": yes, "Radek, Karl": yes, "Zinoviev, Grigori": logged},
    }
    for user in (editor, reviewer, both, chief):
        listed = set(
            EntryWorkflow.objects.reviewable_by(user).values_list("entry__headword", flat=True)
        )
        for name, entry in changes.items():
            rule = services.approval(workflow=services.get_workflow(entry), user=user)
            may = services.holds_permission(services.APPROVE, user=user) and rule.allowed
            answer = (may, may and rule.without_review)
            assert answer == expected[user.username][name], (user, name)
            assert (name in listed) == may, (user, name)
            assert _approved(entry, user) == answer, (user, name)
