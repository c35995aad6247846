"""allowed_actions: for every role and state, exactly the steps the services accept.

Each case builds its entry afresh, asks ``allowed_actions``, then calls every service in a
savepoint that is rolled back, and checks that both agree with the table below. The
"approved" state is left out: it only exists inside ``approve_and_publish``'s transaction.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client

from dictionary.models import Entry
from editorial import services
from editorial.services import (
    APPROVE,
    PUBLISH_WITHOUT_REVIEW,
    REQUEST_CHANGES,
    SUBMIT,
    UNPUBLISH,
    WITHDRAW,
)
from tests import factories

pytestmark = pytest.mark.django_db


# Entries in each state; ``author`` writes and submits the change under review ---------------


def _new_draft(author) -> Entry:
    return factories.make_entry("Serge, Victor", body="A revolutionary.", user=author)


def _published(author) -> Entry:
    entry = _new_draft(author)
    factories.publish(entry)
    return entry


def _draft(author) -> Entry:
    return factories.revise(_published(author), user=author, body="A novelist.")


def _in_review(author) -> Entry:
    entry = _draft(author)
    services.submit_for_review(entry=entry, user=author, message="His novels.")
    return entry


def _changes_requested(author) -> Entry:
    entry = _in_review(author)
    reviewer = factories.make_user(role="Reviewers")
    services.request_changes(entry=entry, user=reviewer, comments="Which novels?")
    return entry


def _withdrawn(author) -> Entry:
    entry = _published(author)
    chief = factories.make_user(role="Editors-in-chief")
    services.unpublish(entry=entry, user=chief, reason="Disputed.")
    return entry


STATES = {
    "new draft": _new_draft,
    "draft": _draft,  # published, then edited
    "in review": _in_review,
    "own change in review": _in_review,  # written and submitted by the user asking
    "changes requested": _changes_requested,
    "published": _published,
    "withdrawn": _withdrawn,
}

# The services, called with good input.
CALLS = {
    SUBMIT: lambda **kw: services.submit_for_review(message="Done.", **kw),
    WITHDRAW: lambda **kw: services.withdraw_submission(**kw),
    REQUEST_CHANGES: lambda **kw: services.request_changes(comments="Dates?", **kw),
    APPROVE: lambda **kw: services.approve_and_publish(**kw),
    PUBLISH_WITHOUT_REVIEW: lambda **kw: services.publish_without_review(summary="Now.", **kw),
    UNPUBLISH: lambda **kw: services.unpublish(reason="Disputed.", **kw),
}

_EDITOR = {
    "new draft": {SUBMIT},
    "draft": {SUBMIT},
    # Only the submitter (or an editor-in-chief) withdraws a submission.
    "in review": set(),
    "own change in review": {WITHDRAW},
    "changes requested": {SUBMIT},
    "published": set(),
    "withdrawn": {SUBMIT},
}
_DECIDE = {REQUEST_CHANGES, APPROVE}
EXPECTED = {
    "editor": _EDITOR,
    "reviewer": {state: _DECIDE if state == "in review" else set() for state in _EDITOR},
    "chief": {
        "new draft": {SUBMIT, PUBLISH_WITHOUT_REVIEW},
        "draft": {SUBMIT, PUBLISH_WITHOUT_REVIEW, UNPUBLISH},
        "in review": {WITHDRAW, *_DECIDE, PUBLISH_WITHOUT_REVIEW, UNPUBLISH},
        # They may approve their own change: they hold publish-without-review (logged).
        "own change in review": {WITHDRAW, *_DECIDE, PUBLISH_WITHOUT_REVIEW, UNPUBLISH},
        "changes requested": {SUBMIT, PUBLISH_WITHOUT_REVIEW, UNPUBLISH},
        "published": {UNPUBLISH},
        "withdrawn": {SUBMIT, PUBLISH_WITHOUT_REVIEW},
    },
    # An editor who is also a reviewer, without publish-without-review.
    "editor and reviewer": {
        **_EDITOR,
        "in review": _DECIDE,
        "own change in review": {WITHDRAW, REQUEST_CHANGES},
    },
}

# A reviewer cannot write a change of their own.
CASES = [
    (role, state)
    for role in EXPECTED
    for state in STATES
    if not (role == "reviewer" and state == "own change in review")
]


def _user(role: str, request):
    if role == "editor and reviewer":
        user = factories.make_user("both", role="Editors")
        user.groups.add(*factories.make_user(role="Reviewers").groups.all())
        return user
    return request.getfixturevalue(role)


class _RolledBack(Exception):
    pass


def _accepted(action: str, entry: Entry, user) -> bool:
    """Whether the service takes the step; whatever it wrote is rolled back."""
    try:
        with transaction.atomic():
            CALLS[action](entry=Entry.objects.get(pk=entry.pk), user=user)
            raise _RolledBack
    except _RolledBack:
        return True
    except (PermissionDenied, ValidationError):
        return False


def _entry_in(state: str, user) -> Entry:
    author = user if state == "own change in review" else factories.make_user(role="Editors")
    return Entry.objects.get(pk=STATES[state](author).pk)


@pytest.mark.parametrize(("role", "state"), CASES)
def test_allowed_actions_are_exactly_what_the_services_accept(role, state, request):
    user = _user(role, request)
    entry = _entry_in(state, user)
    workflow = services.get_workflow(entry)
    allowed = services.allowed_actions(workflow=workflow, user=user)
    accepted = {action for action in services.RULES if _accepted(action, entry, user)}
    assert allowed == accepted == EXPECTED[role][state]
    assert services.get_workflow(entry).version == workflow.version  # nothing moved for real


def test_nobody_signed_in_may_do_anything(editor):
    workflow = services.get_workflow(_in_review(editor))
    assert services.allowed_actions(workflow=workflow, user=None) == set()


def test_among_limits_the_actions_asked_about(chief):
    workflow = services.get_workflow(_draft(chief))
    asked = [SUBMIT, WITHDRAW, UNPUBLISH]
    assert services.allowed_actions(workflow=workflow, user=chief, among=asked) == {
        SUBMIT,
        UNPUBLISH,
    }


# The admin offers what allowed_actions allows ------------------------------------------------

LINKS = {
    "submit_url": SUBMIT,
    "withdraw_url": WITHDRAW,
    "publish_now_url": PUBLISH_WITHOUT_REVIEW,
    "unpublish_url": UNPUBLISH,
}


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief"])
@pytest.mark.parametrize("state", ["new draft", "in review", "published"])
def test_the_change_page_links_exactly_the_allowed_actions(role, state, request):
    user = _user(role, request)
    entry = _entry_in(state, user)
    client = Client()
    client.force_login(user)
    context = client.get(f"/admin/dictionary/entry/{entry.pk}/change/").context
    linked = {action for key, action in LINKS.items() if context.get(key)}
    assert linked == EXPECTED[role][state] - {APPROVE, REQUEST_CHANGES}


def test_an_action_page_in_the_wrong_state_says_why_and_offers_no_form(chief):
    entry = _published(chief)
    client = Client()
    client.force_login(chief)
    page = client.get(f"/admin/dictionary/entry/{entry.pk}/publish-now/").content.decode()
    assert "Cannot publish without review" in page and "is “Published”" in page
    assert 'name="summary"' not in page


def test_the_review_screen_offers_only_the_decisions_allowed(request):
    both = _user("editor and reviewer", request)
    entry = _entry_in("own change in review", both)
    client = Client()
    client.force_login(both)
    page = client.get(f"/admin/dictionary/entry/{entry.pk}/review/").content.decode()
    assert 'value="request_changes"' in page and 'value="approve"' not in page
    assert "You took part in this change" in page
