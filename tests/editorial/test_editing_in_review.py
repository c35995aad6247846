"""Editing someone else's submission is never silent; the review thread reaches the other side."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from editorial import services
from editorial.models import State
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(editor):
    entry = factories.make_entry("Serge, Victor", body="A revolutionary.")
    services.submit_for_review(entry=entry, user=editor, message="First draft.")
    mail.outbox.clear()
    return entry


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_change_page_warns_whose_submission_a_save_withdraws(submitted, editor):
    other = factories.make_user("other", role="Editors", first_name="Olga", last_name="Ray")
    page = _as(other).get(f"/admin/dictionary/entry/{submitted.pk}/change/").content.decode()
    assert "This entry is in review." in page
    assert "withdraws the submission made by\n      <strong>editor</strong>" in page
    assert "they and the reviewers will be emailed" in page
    own = _as(editor).get(f"/admin/dictionary/entry/{submitted.pk}/change/").content.decode()
    assert "withdraws the submission you made" in own
    assert "will be emailed" not in own


def test_no_warning_outside_review(editor):
    entry = factories.make_entry("Draft, Only")
    page = _as(editor).get(f"/admin/dictionary/entry/{entry.pk}/change/").content.decode()
    assert "This entry is in review." not in page


def test_saving_over_a_submission_emails_submitter_and_reviewers(
    submitted, editor, reviewer, django_capture_on_commit_callbacks
):
    other = factories.make_user("other", role="Editors")
    client = _as(other)
    url = f"/admin/dictionary/entry/{submitted.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "body": "A revolutionary and writer.", "_continue": "1"})
    assert services.get_workflow(submitted).state == State.DRAFT
    (message,) = mail.outbox
    assert set(message.to) == {"editor@example.org", "reviewer@example.org"}
    assert "other edited “Serge, Victor” while it was in review" in message.body


def test_the_submitter_editing_their_own_submission_emails_nobody(
    submitted, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.revise(submitted, user=editor, body="Changed my mind.")
    assert services.get_workflow(submitted).state == State.DRAFT
    assert mail.outbox == []


def test_only_the_submitter_or_a_chief_may_withdraw(submitted, editor, chief):
    other = factories.make_user("other", role="Editors")
    with pytest.raises(PermissionDenied, match="Only editor or an editor-in-chief"):
        services.withdraw_submission(entry=submitted, user=other)
    workflow = services.get_workflow(submitted)
    assert services.WITHDRAW not in services.allowed_actions(workflow=workflow, user=other)
    assert services.WITHDRAW in services.allowed_actions(workflow=workflow, user=editor)
    assert services.WITHDRAW in services.allowed_actions(workflow=workflow, user=chief)
    services.withdraw_submission(entry=submitted, user=chief, reason="Wrong entry")
    assert services.get_workflow(submitted).state == State.DRAFT


def test_a_reply_in_the_thread_reaches_the_other_side(
    submitted, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_review(entry=submitted, user=reviewer, body="Which year?")
    (to_submitter,) = mail.outbox
    assert to_submitter.to == ["editor@example.org"] and "Which year?" in to_submitter.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_review(entry=submitted, user=editor, body="1919.")
    (to_reviewers,) = mail.outbox
    assert to_reviewers.to == ["reviewer@example.org"] and "1919." in to_reviewers.body


def test_a_crlf_body_is_stored_with_lf_and_the_review_shows_no_change(editor, reviewer):
    entry = factories.make_published("Serge, Victor", body="First paragraph.\n\nSecond one.")
    client = _as(editor)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    data["body"] = data["body"].replace("\n", "\r\n")
    client.post(url, {**data, "_continue": "1"})
    entry.refresh_from_db()
    assert entry.body == "First paragraph.\n\nSecond one."
    review = _as(reviewer).get(f"/admin/dictionary/entry/{entry.pk}/review/").content.decode()
    assert "No differences." in review
