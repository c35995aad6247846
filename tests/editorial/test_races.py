"""Workflow steps racing each other on PostgreSQL, in real threads, each with its own
connection: they end in a "someone else changed it" message, never a deadlock or a 500,
and leave the entry consistent (see the lock order in ``editorial.services.workflow``).

SQLite has no row locks and lets one writer in at a time, so there is no race to run:
these tests are skipped there, and only there.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from dictionary.models import Edition, Entry, ThemeListing
from editorial import services
from editorial.models import OPEN_REVIEW_STATUSES, EntryWorkflow, Review, State, Transition
from tests import factories
from tests.editorial.admin_form import change_form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite has no row locks: nothing races"
    ),
]

ROUNDS = 8
STALE = (services.StaleEntryError, services.StaleWorkflowError)
# How long a step keeps its transaction open after its work, as a slow commit would: the
# other side then arrives while the step still holds its locks, every round.
HOLD_SECONDS = 0.3
STAGGER_SECONDS = 0.01


def race(*steps) -> list[BaseException | None]:
    """Run each step in its own thread (so on its own connection), all released at once;
    return what each raised, None for a step that went through."""
    start = threading.Barrier(len(steps))
    raised: list[BaseException | None] = [None] * len(steps)

    def run(index, step):
        try:
            start.wait(timeout=10)
            step()
        except BaseException as error:  # noqa: BLE001 - reported to the test, whatever it is
            raised[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a step is still waiting: a lock was never released"
    return raised


def in_review(number: int, *, editor, theme) -> Entry:
    """A published entry with an edit submitted for review."""
    entry = factories.make_published(f"Entry {number}, Racing", themes=[theme], body="First.")
    factories.revise(entry, user=editor, body="Submitted text.")
    services.submit_for_review(entry=entry, user=editor, message="Please look.")
    return entry


def assert_consistent(entry: Entry) -> EntryWorkflow:
    """The workflow row, its log, the editions and the review thread agree."""
    workflow = EntryWorkflow.objects.get(entry=entry)
    moves = list(Transition.objects.filter(entry=entry).order_by("id"))
    assert workflow.version == 1 + len(moves)  # every move logged, none lost
    assert [move.from_state for move in moves[1:]] == [move.to_state for move in moves[:-1]]
    assert moves[-1].to_state == workflow.state
    current = Edition.objects.filter(entry=entry, is_current=True)
    if workflow.state == State.UNPUBLISHED:
        assert not current.exists()
        assert not ThemeListing.objects.filter(edition__entry=entry).exists()
    if workflow.state == State.PUBLISHED:
        assert current.count() == 1
        assert ThemeListing.objects.filter(edition__entry=entry).count() == 1
    open_reviews = Review.objects.filter(entry=entry, status__in=OPEN_REVIEW_STATUSES).count()
    assert open_reviews == (workflow.state in (State.IN_REVIEW, State.CHANGES_REQUESTED))
    # Nothing but the submitted text was ever published: a reviewer approves what they saw.
    assert set(Edition.objects.filter(entry=entry).values_list("body", flat=True)) <= {
        "First.",
        "Submitted text.",
    }
    return workflow


def test_approval_racing_a_withdrawal_ends_in_one_of_them_without_a_deadlock(
    editor, reviewer, chief
):
    """The first half of the rounds, the withdrawal is unconditional (a command's), so it
    always goes through, after the approval or instead of it; then both saw the same
    workflow version, as through the admin, so exactly one of them goes through. The
    withdrawal starts a little later each round, so that the rounds cover the moments
    where each holds one lock and wants the other's."""
    theme = factories.make_theme("Exile")
    for number in range(ROUNDS):
        entry = in_review(number, editor=editor, theme=theme)
        seen = services.get_workflow(entry).version
        both_saw_it = number >= ROUNDS // 2

        def approve(entry=entry, seen=seen):
            services.approve_and_publish(
                entry=Entry.objects.get(pk=entry.pk), user=reviewer, expected_version=seen
            )

        def withdraw(
            entry=entry,
            seen={"expected_version": seen} if both_saw_it else {},
            delay=STAGGER_SECONDS * (number % 4),
        ):
            time.sleep(delay)
            services.unpublish(
                entry=Entry.objects.get(pk=entry.pk), user=chief, reason="On legal advice.", **seen
            )

        approved, withdrawn = race(approve, withdraw)

        assert approved is None or isinstance(approved, STALE), repr(approved)
        assert withdrawn is None or isinstance(withdrawn, STALE), repr(withdrawn)
        workflow = assert_consistent(entry)
        assert entry.editions.count() == (2 if approved is None else 1)
        if both_saw_it:
            assert (approved is None) != (withdrawn is None)
        else:
            assert withdrawn is None
        expected = State.PUBLISHED if withdrawn else State.UNPUBLISHED
        assert workflow.state == expected


def held(step):
    """The step, its transaction kept open a moment after its work."""

    def run():
        with transaction.atomic():
            step()
            time.sleep(HOLD_SECONDS)

    return run


def _save_from_the_admin(editor, entry: Entry):
    """The editor opens the change form now; the returned step saves it."""
    client = Client()
    client.force_login(editor)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    data = change_form_data(client.get(url).content.decode())
    client.raise_request_exception = False
    outcome = {}

    def save():
        time.sleep(HOLD_SECONDS / 6)  # the step starts first, and is still under way
        response = client.post(url, {**data, "body": "Saved while it moved."})
        outcome["status"], outcome["location"] = response.status_code, response.get("Location")

    return save, outcome, url


def _steps(entry: Entry, seen: int, *, editor, reviewer, chief):
    fresh = Entry.objects.get(pk=entry.pk)
    return [
        lambda: services.approve_and_publish(entry=fresh, user=reviewer, expected_version=seen),
        lambda: services.request_changes(
            entry=fresh, user=reviewer, comments="Cite the letters.", expected_version=seen
        ),
        lambda: services.unpublish(
            entry=fresh, user=chief, reason="On legal advice.", expected_version=seen
        ),
        lambda: services.withdraw_submission(
            entry=fresh, user=editor, reason="Not yet.", expected_version=seen
        ),
    ]


def test_a_save_racing_any_workflow_step_is_applied_after_it(editor, reviewer, chief):
    """The save waits for the step at the workflow row, then goes through: its editor's
    version is still the current one (no step changes the working copy), and the step
    it followed is undone only as any edit undoes it (a new draft). Before the lock order,
    the save moved the workflow from the state it had read before the step, and was
    refused (the "someone else changed it" message: the editor's work lost for nothing)."""
    theme = factories.make_theme("Exile")
    for number in range(ROUNDS):
        entry = in_review(number, editor=editor, theme=theme)
        seen = services.get_workflow(entry).version
        save, outcome, url = _save_from_the_admin(editor, entry)
        step = _steps(entry, seen, editor=editor, reviewer=reviewer, chief=chief)[number % 4]

        saved, stepped = race(save, held(step))

        assert saved is None, repr(saved)
        assert outcome["status"] == 302 and outcome["location"] != url, outcome  # saved
        assert stepped is None, repr(stepped)  # it came first
        assert Entry.objects.get(pk=entry.pk).body == "Saved while it moved."
        workflow = assert_consistent(entry)
        if number % 4 == 2:  # withdrawn, then edited: a new draft of it
            assert not entry.editions.current().exists()
        expected = State.CHANGES_REQUESTED if number % 4 == 1 else State.DRAFT
        assert workflow.state == expected  # an edit answers a request for changes


def test_a_step_racing_a_save_says_the_entry_changed(editor, reviewer, chief):
    """The other way round: the save goes first and the step arrives meanwhile; it waits,
    then finds the submission withdrawn by the edit and says so."""
    theme = factories.make_theme("Exile")
    for number in range(ROUNDS):
        entry = in_review(number, editor=editor, theme=theme)
        seen = services.get_workflow(entry).version
        fresh = Entry.objects.get(pk=entry.pk)

        def save(fresh=fresh):
            fresh.body = "Saved while it moved."
            services.save_entry(
                entry=fresh, user=editor, comment="Edited", loaded_version=fresh.lock_version
            )

        def step(entry=entry, seen=seen, number=number):
            time.sleep(HOLD_SECONDS / 6)
            steps = _steps(entry, seen, editor=editor, reviewer=reviewer, chief=chief)
            steps[number % 4]()

        saved, stepped = race(held(save), step)

        assert saved is None, repr(saved)
        assert stepped is None or isinstance(stepped, STALE), repr(stepped)
        workflow = assert_consistent(entry)
        # The step saw the entry in review; the edit moved it on: the step is refused.
        assert isinstance(stepped, STALE), repr(stepped)
        assert workflow.state == State.DRAFT
        assert entry.editions.current().get().number == 1
