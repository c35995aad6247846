"""The workflow services: each transition, each refused one, and what readers see meanwhile."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dictionary.models import Alias, Edition, Entry
from editorial import services
from editorial.models import (
    CommentKind,
    Review,
    ReviewComment,
    ReviewStatus,
    State,
    Transition,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(db):
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body="A revolutionary.")
    factories.publish(entry)
    return Entry.objects.get(pk=entry.pk)


def _state(entry) -> str:
    return services.get_workflow(entry).state


def _steps(entry) -> list[tuple[str, str]]:
    return list(
        Transition.objects.filter(entry=entry).order_by("id").values_list("from_state", "to_state")
    )


def _submitted(serge, editor, body="A revolutionary and novelist."):
    factories.revise(serge, user=editor, body=body)
    services.submit_for_review(entry=serge, user=editor, message="Added his novels.")
    return Entry.objects.get(pk=serge.pk)


def test_import_publishes_and_records_the_step(serge):
    assert _state(serge) == State.PUBLISHED
    step = Transition.objects.get(entry=serge)
    assert (step.from_state, step.to_state, step.actor) == (State.DRAFT, State.PUBLISHED, None)


def test_edit_of_a_published_entry_opens_a_draft(serge, editor):
    factories.revise(serge, user=editor, body="Changed.")
    assert _state(serge) == State.DRAFT
    assert _steps(serge)[-1] == (State.PUBLISHED, State.DRAFT)


def test_submit_pins_a_new_revision_and_opens_a_review(serge, editor):
    serge = _submitted(serge, editor)
    workflow = services.get_workflow(serge)
    assert workflow.state == State.IN_REVIEW
    assert workflow.submitted_by == editor
    assert workflow.submitted_revision == services.latest_revision(serge)
    assert workflow.submitted_revision.user == editor
    assert "Added his novels." in workflow.submitted_revision.get_comment()
    review = services.open_review(serge)
    assert review.comments.get().kind == CommentKind.SUBMISSION
    step = Transition.objects.filter(entry=serge).last()
    assert (step.from_state, step.to_state, step.actor, step.message) == (
        State.DRAFT,
        State.IN_REVIEW,
        editor,
        "Added his novels.",
    )
    assert step.revision == workflow.submitted_revision


def test_submit_needs_a_message(serge, editor):
    factories.revise(serge, user=editor, body="Changed.")
    with pytest.raises(ValidationError, match="message is required"):
        services.submit_for_review(entry=serge, user=editor, message="  ")
    assert _state(serge) == State.DRAFT


def test_the_whole_cycle_publishes_exactly_the_pinned_revision(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    services.request_changes(entry=serge, user=reviewer, comments="Name the novels.")
    assert _state(serge) == State.CHANGES_REQUESTED
    services.comment_on_review(entry=serge, user=editor, body="Done: named them.")
    factories.revise(serge, user=editor, body="A novelist: *Midnight in the Century*.")
    assert _state(serge) == State.CHANGES_REQUESTED
    services.submit_for_review(entry=serge, user=editor, message="Named the novels.")
    pinned = services.get_workflow(serge).submitted_revision
    edition = services.approve_and_publish(
        entry=serge, user=reviewer, message="Good.", public_summary="Names his novels."
    )
    assert (edition.number, edition.revision, edition.approved_by) == (2, pinned, reviewer)
    assert edition.body == "A novelist: *Midnight in the Century*."
    # The reviewer's note stays internal; readers get the line written for them.
    assert edition.change_summary == "Names his novels." and not edition.without_review
    assert Edition.objects.current().get(entry=serge) == edition
    assert _steps(serge)[1:] == [
        (State.PUBLISHED, State.DRAFT),
        (State.DRAFT, State.IN_REVIEW),
        (State.IN_REVIEW, State.CHANGES_REQUESTED),
        (State.CHANGES_REQUESTED, State.IN_REVIEW),
        (State.IN_REVIEW, State.APPROVED),
        (State.APPROVED, State.PUBLISHED),
    ]
    review = Review.objects.get(entry=serge)
    kinds = list(review.comments.values_list("kind", flat=True))
    assert kinds == ["submission", "changes_requested", "comment", "submission", "approval"]
    assert review.status == ReviewStatus.APPROVED


def test_change_summary_defaults_to_the_submission_message(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    edition = services.approve_and_publish(entry=serge, user=reviewer, message="approving it")
    assert edition.change_summary == "Added his novels."


def test_readers_see_edition_one_until_approval(serge, editor, reviewer, client):
    def page(path="/entries/serge-victor/"):
        response = client.get(path)
        assert response.status_code == 200
        return response.content.decode()

    factories.revise(serge, user=editor, body="Drafted novelist text.")
    assert "A revolutionary." in page() and "novelist" not in page()
    serge = _submitted(serge, editor, body="Submitted novelist text.")
    assert "A revolutionary." in page() and "novelist" not in page()
    services.request_changes(entry=serge, user=reviewer, comments="More.")
    assert "novelist" not in page()
    services.submit_for_review(entry=serge, user=editor, message="Again.")
    assert "novelist" not in page()
    services.approve_and_publish(entry=serge, user=reviewer)
    assert "Submitted novelist text." in page()
    assert "A revolutionary." in page("/entries/serge-victor/editions/1/")


def test_edit_after_submission_withdraws_it(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    factories.revise(serge, user=editor, body="Changed while in review.")
    assert _state(serge) == State.DRAFT
    step = Transition.objects.filter(entry=serge).last()
    assert (step.from_state, step.to_state) == (State.IN_REVIEW, State.DRAFT)
    assert "withdrawn" in step.message
    assert Review.objects.get(entry=serge).status == ReviewStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="needs it to be “In review”"):
        services.approve_and_publish(entry=serge, user=reviewer)


def test_approval_refused_when_the_working_copy_moved_on(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    # A write past save_entry (a shell), with a revision: the pinned one is no longer current.
    Entry.objects.filter(pk=serge.pk).update(body="Sneaked in.")
    services.record_revision(Entry.objects.get(pk=serge.pk), comment="Sneaked in", user=editor)
    with pytest.raises(ValidationError, match="changed after it was submitted"):
        services.approve_and_publish(entry=serge, user=reviewer)
    assert Edition.objects.filter(entry=serge).count() == 1


def test_approval_refused_when_rows_changed_without_any_revision(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    Alias.objects.create(entry=serge, name="Kibalchich, Viktor")  # no revision, no lock
    with pytest.raises(ValidationError, match="changed after it was submitted"):
        services.approve_and_publish(entry=serge, user=reviewer)


def test_withdraw_returns_to_draft(serge, editor):
    serge = _submitted(serge, editor)
    services.withdraw_submission(entry=serge, user=editor, reason="Not ready.")
    assert _state(serge) == State.DRAFT
    assert Transition.objects.filter(entry=serge).last().message == "Not ready."
    assert services.open_review(serge) is None


@pytest.mark.parametrize(
    "action",
    [
        lambda entry, user: services.approve_and_publish(entry=entry, user=user),
        lambda entry, user: services.request_changes(entry=entry, user=user, comments="x"),
        lambda entry, user: services.withdraw_submission(entry=entry, user=user),
    ],
    ids=["approve", "request-changes", "withdraw"],
)
def test_actions_from_the_wrong_state_are_refused(serge, chief, action):
    factories.revise(serge, user=chief, body="A draft.")
    with pytest.raises(ValidationError, match="“Draft”"):
        action(serge, chief)
    assert _state(serge) == State.DRAFT


def test_submitting_twice_is_refused(serge, editor):
    serge = _submitted(serge, editor)
    with pytest.raises(ValidationError, match="is “In review”"):
        services.submit_for_review(entry=serge, user=editor, message="Again")


def test_submitting_a_published_entry_without_changes_is_refused(serge, editor):
    with pytest.raises(ValidationError, match="is “Published”"):
        services.submit_for_review(entry=serge, user=editor, message="Nothing")


def test_editors_cannot_decide(serge, editor):
    other = factories.make_user(role="Editors")
    serge = _submitted(serge, other)
    with pytest.raises(PermissionDenied):
        services.approve_and_publish(entry=serge, user=editor)
    with pytest.raises(PermissionDenied):
        services.request_changes(entry=serge, user=editor, comments="No")
    assert _state(serge) == State.IN_REVIEW


def test_reviewers_cannot_submit_publish_or_unpublish(serge, editor, reviewer):
    factories.revise(serge, user=editor, body="Changed.")
    with pytest.raises(PermissionDenied):
        services.submit_for_review(entry=serge, user=reviewer, message="Mine")
    with pytest.raises(PermissionDenied):
        services.publish_without_review(entry=serge, user=reviewer, summary="Now")
    with pytest.raises(PermissionDenied):
        services.unpublish(entry=serge, user=reviewer, reason="Gone")


def test_nobody_signed_in_can_do_nothing(serge):
    with pytest.raises(PermissionDenied):
        services.submit_for_review(entry=serge, user=None, message="x")
    with pytest.raises(PermissionDenied):
        services.approve_and_publish(entry=serge, user=None)


def test_a_reviewer_who_edited_cannot_approve(serge, editor):
    both = factories.make_user("both", role="Reviewers")
    both.groups.add(*factories.make_user(role="Editors").groups.all())
    factories.revise(serge, user=both, body="My own improvement.")
    serge = _submitted(serge, editor, body="Then the editor's.")
    with pytest.raises(PermissionDenied, match="took part"):
        services.approve_and_publish(entry=serge, user=both)
    assert _state(serge) == State.IN_REVIEW


def test_edits_before_the_last_edition_do_not_count_as_taking_part(serge, editor, reviewer):
    assert not services.took_part(entry=serge, user=reviewer)
    serge = _submitted(serge, editor)
    assert services.took_part(entry=serge, user=editor)
    assert not services.took_part(entry=serge, user=reviewer)


def test_a_chief_may_approve_their_own_change_and_it_is_recorded(serge, chief):
    serge = _submitted(serge, chief)
    edition = services.approve_and_publish(entry=serge, user=chief)
    assert edition.without_review
    approval = Transition.objects.get(entry=serge, to_state=State.APPROVED)
    assert approval.without_review and "publish-without-review" in approval.message


def test_publish_without_review_is_for_chiefs_and_logged(serge, editor, chief):
    factories.revise(serge, user=editor, body="Urgent correction.")
    with pytest.raises(PermissionDenied):
        services.publish_without_review(entry=serge, user=editor, summary="Now")
    edition = services.publish_without_review(entry=serge, user=chief, summary="Libel fix.")
    assert (edition.number, edition.without_review, edition.approved_by) == (2, True, chief)
    step = Transition.objects.filter(entry=serge).last()
    assert (step.to_state, step.actor, step.without_review) == (State.PUBLISHED, chief, True)
    assert edition.revision.user == chief


def test_publish_without_review_supersedes_an_open_review(serge, editor, chief):
    serge = _submitted(serge, editor)
    services.publish_without_review(entry=serge, user=chief, summary="Taking over.")
    assert Review.objects.get(entry=serge).status == ReviewStatus.SUPERSEDED
    assert _state(serge) == State.PUBLISHED


def test_unpublish_hides_every_edition_and_keeps_the_reason(serge, chief, client):
    with pytest.raises(ValidationError, match="reason"):
        services.unpublish(entry=serge, user=chief, reason="")
    services.unpublish(entry=serge, user=chief, reason="Disputed facts.")
    assert _state(serge) == State.UNPUBLISHED
    assert Transition.objects.filter(entry=serge).last().message == "Disputed facts."
    # Gone, with the date: the withdrawn entry's URLs say so, and show none of its text.
    assert client.get("/entries/serge-victor/").status_code == 410
    gone = client.get("/entries/serge-victor/editions/1/")
    assert gone.status_code == 410 and "A revolutionary" not in gone.content.decode()
    assert "A revolutionary" not in client.get("/entries/").content.decode()
    assert Edition.objects.filter(entry=serge).count() == 1
    with pytest.raises(ValidationError, match="not published"):
        services.unpublish(entry=serge, user=chief, reason="Again.")


def test_a_withdrawn_entry_can_be_submitted_again(serge, editor, chief, reviewer):
    services.unpublish(entry=serge, user=chief, reason="Disputed.")
    services.submit_for_review(entry=serge, user=editor, message="Facts checked.")
    edition = services.approve_and_publish(entry=serge, user=reviewer)
    assert edition.number == 2 and edition.is_current


def test_a_stale_decision_is_refused(serge, editor, reviewer):
    second = factories.make_user("second", role="Reviewers")
    serge = _submitted(serge, editor)
    seen = services.get_workflow(serge).version
    services.request_changes(entry=serge, user=reviewer, comments="Fix it.", expected_version=seen)
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.approve_and_publish(entry=serge, user=second, expected_version=seen)
    assert Edition.objects.filter(entry=serge).count() == 1


def test_the_update_itself_refuses_a_decision_read_before_another(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    read_by_first = services.get_workflow(serge)
    services.request_changes(entry=serge, user=factories.make_user(role="Reviewers"), comments="x")
    with pytest.raises(ValidationError, match="a moment ago"):
        services._move(read_by_first, to=State.APPROVED, actor=reviewer)
    assert _state(serge) == State.CHANGES_REQUESTED


def test_a_decision_on_a_resubmission_with_the_old_version_is_refused(serge, editor, reviewer):
    serge = _submitted(serge, editor)
    seen = services.get_workflow(serge).version
    services.withdraw_submission(entry=serge, user=editor)
    services.submit_for_review(entry=serge, user=editor, message="Again.")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.approve_and_publish(entry=serge, user=reviewer, expected_version=seen)


def test_only_one_open_review_per_entry(serge, editor):
    serge = _submitted(serge, editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(entry=serge, submitted_by=editor)


def test_comments_and_transitions_are_append_only(serge, editor):
    serge = _submitted(serge, editor)
    comment = ReviewComment.objects.get(review__entry=serge)
    comment.body = "Rewritten history."
    with pytest.raises(ValidationError, match="never changed"):
        comment.save()
    with pytest.raises(ValidationError, match="never deleted"):
        Transition.objects.filter(entry=serge).first().delete()


def test_import_path_supersedes_an_open_review(serge, editor):
    serge = _submitted(serge, editor)
    edition = services.publish_entry(entry=serge, summary="Re-imported")
    assert edition.number == 2
    assert _state(serge) == State.PUBLISHED
    assert Review.objects.get(entry=serge).status == ReviewStatus.SUPERSEDED


def test_an_edition_never_changes_through_edits_restores_and_republication(serge, editor, chief):
    first = Edition.objects.get(entry=serge, number=1)
    as_published = Edition.objects.values().get(pk=first.pk)
    references, themes = list(first.references.values()), list(first.themes.values("pk"))
    factories.revise(serge, user=editor, body="A revolutionary and novelist.", dates="1890–1937")
    with factories.revising(serge, user=editor):
        Alias.objects.create(entry=serge, name="Kibalchich, Viktor")
        serge.body = "A revolutionary; see [[Radek, Karl]]."
        serge.save()
    services.restore_revision(entry=serge, revision=first.revision, user=editor)
    factories.revise(serge, user=editor, headword="Serge, Viktor")
    services.unpublish(entry=serge, user=chief, reason="Checking the dates.")
    republished = factories.publish(Entry.objects.get(pk=serge.pk), summary="Back.")
    assert (republished.number, republished.is_current) == (2, True)
    now = Edition.objects.values().get(pk=first.pk)
    # Only the flag moves: edition 1 stopped being current when it was withdrawn.
    assert (as_published.pop("is_current"), now.pop("is_current")) == (True, False)
    assert now == as_published
    assert list(first.references.values()) == references
    assert list(first.themes.values("pk")) == themes


def test_drafts_never_moved_move_together_each_with_its_logged_step(db):
    first, second = factories.make_entry("Radek, Karl"), factories.make_entry("Bukharin, N.")
    earlier = timezone.now() - timedelta(days=400)
    services.move_drafts(
        [
            services.DraftStep(entry_id=first.pk, to=State.PUBLISHED, message="Edition 1"),
            services.DraftStep(
                entry_id=second.pk, to=State.UNPUBLISHED, message="Withdrawn", at=earlier
            ),
        ]
    )
    assert (_state(first), _state(second)) == (State.PUBLISHED, State.UNPUBLISHED)
    assert services.get_workflow(first).version == 2
    assert _steps(first) == [(State.DRAFT, State.PUBLISHED)]
    withdrawn = Transition.objects.get(entry=second)
    assert (withdrawn.message, withdrawn.created_at) == ("Withdrawn", earlier)
    assert Transition.objects.get(entry=first).created_at > earlier


def test_a_row_that_moved_since_it_was_made_stops_the_whole_batch(serge, editor):
    fresh = factories.make_entry("Radek, Karl")
    _submitted(serge, editor)
    steps = [
        services.DraftStep(entry_id=fresh.pk, to=State.PUBLISHED, message="Edition 1"),
        services.DraftStep(entry_id=serge.pk, to=State.PUBLISHED, message="Edition 2"),
    ]
    with pytest.raises(services.StaleWorkflowError), transaction.atomic():
        services.move_drafts(steps)
    assert (_state(fresh), _state(serge)) == (State.DRAFT, State.IN_REVIEW)
    assert not Transition.objects.filter(entry=fresh).exists()
