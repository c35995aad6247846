"""Email on submission (to reviewers) and on decision (to the submitter), after commit."""

import pytest
from django.core import mail
from django.db import transaction

from dictionary.models import Entry
from editorial import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(db, editor):
    entry = factories.make_entry("Serge, Victor", body="A writer.")
    factories.publish(entry)
    factories.revise(Entry.objects.get(pk=entry.pk), user=editor, body="A novelist.")
    return Entry.objects.get(pk=entry.pk)


def test_submission_mails_every_reviewer_but_the_submitter(
    serge, editor, reviewer, chief, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(entry=serge, user=editor, message="Added the novels.")
    (message,) = mail.outbox
    assert sorted(message.to) == ["chief@example.org", "reviewer@example.org"]
    assert "Review requested: Serge, Victor" in message.subject
    assert "Added the novels." in message.body
    assert f"/admin/dictionary/entry/{serge.pk}/review/" in message.body


def test_nothing_is_sent_before_commit(serge, editor, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.submit_for_review(entry=serge, user=editor, message="Added.")
    assert mail.outbox == [] and len(callbacks) == 1


def test_a_rolled_back_action_sends_nothing(
    serge, editor, reviewer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        services.submit_for_review(entry=serge, user=editor, message="Added.")
        raise RuntimeError("something later failed")
    assert mail.outbox == []


def test_decisions_mail_the_submitter(serge, editor, reviewer, django_capture_on_commit_callbacks):
    services.submit_for_review(entry=serge, user=editor, message="Added.")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(entry=serge, user=reviewer, comments="Name the novels.")
    (changes,) = mail.outbox
    assert changes.to == ["editor@example.org"]
    assert "Changes requested" in changes.subject and "Name the novels." in changes.body
    services.submit_for_review(entry=serge, user=editor, message="Named.")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_and_publish(entry=serge, user=reviewer)
    approved = mail.outbox[-1]
    assert approved.to == ["editor@example.org"]
    assert "Approved and published" in approved.subject and "edition 2" in approved.body


def _links(message) -> list[str]:
    return [word for word in message.body.split() if "://" in word]


def test_every_link_in_every_mail_names_the_base_url(
    serge, editor, reviewer, settings, django_capture_on_commit_callbacks
):
    # Mail is sent after the request, so it cannot know the host a person used: every link
    # names HEADWORD_BASE_URL, which `make demo` sets from its HOST (README, "Addresses").
    settings.HEADWORD_BASE_URL = "http://127.0.0.1:8123/"
    review = f"http://127.0.0.1:8123/admin/dictionary/entry/{serge.pk}/review/"
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(entry=serge, user=editor, message="Added the novels.")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_review(entry=serge, user=reviewer, body="Which novels?")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(entry=serge, user=reviewer, comments="Name them.")
    with django_capture_on_commit_callbacks(execute=True):
        factories.revise(Entry.objects.get(pk=serge.pk), user=editor, body="Novels named.")
        services.submit_for_review(entry=serge, user=editor, message="Named.")
    with django_capture_on_commit_callbacks(execute=True):
        factories.revise(Entry.objects.get(pk=serge.pk), user=reviewer, body="Tidied.")
    kinds = ["Review requested", "Reply", "Changes requested", "Review requested", "withdrawn"]
    assert len(mail.outbox) == len(kinds)
    assert all(kind in message.subject for kind, message in zip(kinds, mail.outbox, strict=True))
    assert [_links(message) for message in mail.outbox] == [[review]] * 5
