"""Findings on the change page and the review screen, the Quality view, and dismissing."""

import pytest
from django.test import Client

from dictionary.models import Entry
from editorial import services as workflow
from editorial.quality.models import Check, Dismissal, Finding
from editorial.quality.services import check_entry
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = pytest.mark.django_db

BODY = "The Communist Party of the Soviet Union (CPSU). He left Stalin’s CSPU in 1927."


@pytest.fixture
def serge():
    return factories.make_entry("Serge, Victor", dates="1890–1947", body=BODY)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_change_page_shows_each_finding_with_place_and_fix(serge, editor):
    page = _as(editor).get(f"/admin/dictionary/entry/{serge.pk}/change/").content.decode()
    assert "Quality checks (1)" in page
    assert "Stalin’s CSPU in 1927" in page and "Write “CPSU” if that is meant." in page
    assert 'name="reason"' in page


def test_change_page_query_count(serge, editor, django_assert_max_num_queries):
    client = _as(editor)
    with django_assert_max_num_queries(40):
        client.get(f"/admin/dictionary/entry/{serge.pk}/change/")


def test_saving_the_fix_stores_no_finding(serge, editor):
    client = _as(editor)
    url = f"/admin/dictionary/entry/{serge.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    data["body"] = BODY.replace("CSPU", "CPSU")
    assert client.post(url, {**data, "_continue": "1"}).status_code == 302
    assert not Finding.objects.filter(entry=serge).exists()
    assert "No findings" in client.get(url).content.decode()


def test_saving_stores_the_findings_for_the_quality_view(serge, editor):
    client = _as(editor)
    url = f"/admin/dictionary/entry/{serge.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    data["body"] = BODY + " Gray ."
    client.post(url, {**data, "_continue": "1"})
    rules = set(Finding.objects.filter(entry=serge).values_list("rule", flat=True))
    assert rules == {Check.ABBREVIATION, Check.SPACE_BEFORE_PUNCTUATION}


def test_a_refused_save_shows_the_findings_of_the_stored_entry(serge, editor):
    """The page shown again after a refused save checks the entry as stored, not the
    refused text, and says so with the workflow state beside it."""
    client = _as(editor)
    url = f"/admin/dictionary/entry/{serge.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    data |= {"headword": "— ? —", "body": BODY.replace("CSPU", "CPSU") + " Gray ."}
    page = client.post(url, {**data, "_continue": "1"}).content.decode()
    assert "A headword needs at least one letter or digit." in page
    assert "Quality checks (1)" in page and "Stalin’s CSPU in 1927" in page
    assert "Workflow state: <strong>Draft</strong>" in page  # from the same read of the entry


def test_review_screen_shows_the_findings_of_the_submission(serge, editor, reviewer):
    workflow.submit_for_review(entry=serge, user=editor, message="First draft.")
    page = _as(reviewer).get(f"/admin/dictionary/entry/{serge.pk}/review/").content.decode()
    assert "Quality checks (1)" in page and "Stalin’s CSPU in 1927" in page


def test_dismissing_from_the_change_page(serge, editor):
    client = _as(editor)
    change = f"/admin/dictionary/entry/{serge.pk}/change/"
    check_entry(entry=serge)
    finding = Finding.objects.get(entry=serge)
    response = client.post(
        f"/admin/quality/finding/dismiss/{serge.pk}/",
        {"rule": finding.rule, "place": finding.place, "reason": "As printed", "next": change},
    )
    assert response.status_code == 302 and response.url == change
    page = client.get(change).content.decode()
    assert "Dismissed by editor" in page and "As printed" in page
    assert Dismissal.objects.get().dismissed_by == editor
    assert Finding.objects.get(entry=serge).dismissal is not None


def test_a_reviewer_may_not_dismiss(serge, reviewer):
    check_entry(entry=serge)
    finding = Finding.objects.get(entry=serge)
    _as(reviewer).post(
        f"/admin/quality/finding/dismiss/{serge.pk}/",
        {"rule": finding.rule, "place": finding.place, "reason": "No"},
    )
    assert not Dismissal.objects.exists()


def test_dismiss_is_post_only_and_goes_nowhere_foreign(serge, editor):
    client = _as(editor)
    assert client.get(f"/admin/quality/finding/dismiss/{serge.pk}/").status_code == 405
    check_entry(entry=serge)
    finding = Finding.objects.get(entry=serge)
    response = client.post(
        f"/admin/quality/finding/dismiss/{serge.pk}/",
        {
            "rule": finding.rule,
            "place": finding.place,
            "reason": "x",
            "next": "https://evil.example/",
        },
    )
    assert response.url == f"/admin/dictionary/entry/{serge.pk}/change/"


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief"])
def test_quality_view_lists_and_filters(role, request, serge, django_assert_max_num_queries):
    check_entry(entry=serge)
    factories.make_entry("Gray", body="Daniel Gray .")
    check_entry(entry=Entry.objects.get(headword="Gray"))
    client = _as(request.getfixturevalue(role))
    with django_assert_max_num_queries(12):
        page = client.get("/admin/quality/finding/").content.decode()
    assert "Stalin’s CSPU" in page and "Gray ." in page
    filtered = client.get("/admin/quality/finding/?rule__exact=abbreviation").content.decode()
    assert "Stalin’s CSPU" in filtered and "Gray ." not in filtered
    assert "Gray ." in client.get("/admin/quality/finding/?dismissed=no").content.decode()
