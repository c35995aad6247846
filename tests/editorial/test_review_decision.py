"""The review decision form: the public "what changed" line, and a refused form kept as sent."""

import re

import pytest
from django.test import Client

from dictionary.models import Edition
from editorial import services
from editorial.models import State
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(editor):
    entry = factories.make_published("Serge, Victor", body="A revolutionary.")
    factories.revise(entry, user=editor, body="A revolutionary and novelist.")
    services.submit_for_review(entry=entry, user=editor, message="approving my own change")
    return entry


def _reviewer_client(reviewer) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


def test_the_public_line_is_prefilled_from_the_submission_message(submitted, reviewer):
    response = _reviewer_client(reviewer).get(f"/admin/dictionary/entry/{submitted.pk}/review/")
    form = response.context["decision_form"]
    assert form.initial["public_summary"] == "approving my own change"
    assert 'name="public_summary"' in response.content.decode()


def test_approval_publishes_the_line_written_for_readers_not_the_note(submitted, reviewer):
    version = services.get_workflow(submitted).version
    _reviewer_client(reviewer).post(
        f"/admin/dictionary/entry/{submitted.pk}/review/decide/",
        {
            "decision": "approve",
            "comments": "Checked the dates; fine by me.",
            "public_summary": "Adds that he wrote novels.",
            "expected_version": version,
        },
    )
    edition = Edition.objects.current().get(entry=submitted)
    assert edition.change_summary == "Adds that he wrote novels."
    page = Client().get("/entries/serge-victor/editions/").content.decode()
    assert "Adds that he wrote novels." in page
    assert "Checked the dates" not in page and "approving my own change" not in page


def test_request_changes_without_comments_keeps_the_decision(submitted, reviewer):
    version = services.get_workflow(submitted).version
    response = _reviewer_client(reviewer).post(
        f"/admin/dictionary/entry/{submitted.pk}/review/decide/",
        {"decision": "request_changes", "comments": "", "expected_version": version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["decision_form"]["decision"].value() == "request_changes"
    assert re.search(r'<input[^>]*value="request_changes"[^>]*checked', page)
    assert "Say what should change" in page
    assert services.get_workflow(submitted).state == State.IN_REVIEW
