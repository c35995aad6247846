"""Pruning old draft revisions: only unprotected, old ones beyond each entry's newest."""

from datetime import timedelta

import pytest
import reversion
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Revision, Version

from dictionary.models import Edition
from editorial.models import EntryWorkflow, ReviewComment, Transition
from editorial.pruning import protecting_fields, prune_revisions
from tests import factories

pytestmark = pytest.mark.django_db


def _edit(entry, text):
    with reversion.create_revision():
        reversion.set_comment(f"Edit: {text}")
        entry.body = text
        entry.save()
    return Revision.objects.order_by("-pk").first()


def _age_all_revisions(days=200):
    Revision.objects.update(date_created=timezone.now() - timedelta(days=days))


@pytest.fixture
def history(db):
    """An entry with six revisions; the second is behind its edition."""
    entry = factories.make_entry("Serge, Victor", aliases=("Kibalchich, Victor",))
    revisions = [Revision.objects.order_by("-pk").first(), _edit(entry, "Second.")]
    edition = factories.publish(entry)
    revisions += [_edit(entry, f"Draft {n}.") for n in range(3, 7)]
    _age_all_revisions()
    return entry, revisions, edition


def _surviving(revisions):
    return [r.pk for r in revisions if Revision.objects.filter(pk=r.pk).exists()]


def test_protecting_fields_are_found_through_the_model_graph():
    fields = {(f.model, f.name) for f in protecting_fields()}
    assert (Edition, "revision") in fields
    assert (EntryWorkflow, "submitted_revision") in fields
    assert (ReviewComment, "revision") in fields
    assert (Transition, "revision") in fields
    assert all(f.model._meta.app_label != "reversion" for f in protecting_fields())


def test_prune_keeps_newest_and_edition_revisions(history):
    entry, revisions, edition = history
    assert edition.revision == revisions[1]
    result = prune_revisions(keep=2, older_than_days=90)
    assert _surviving(revisions) == [revisions[1].pk, revisions[4].pk, revisions[5].pk]
    assert result.revisions == 3
    assert not Version.objects.filter(revision_id__in=[revisions[0].pk, revisions[2].pk]).exists()
    # The surviving history is still whole: the entry and its alias in every kept revision.
    assert Version.objects.filter(revision=revisions[5]).count() == 2


def test_prune_never_touches_a_revision_a_workflow_record_points_at(history):
    entry, revisions, _ = history
    Transition.objects.create(
        entry=entry, from_state="draft", to_state="in_review", revision=revisions[2]
    )
    EntryWorkflow.objects.update_or_create(
        entry=entry, defaults={"state": "in_review", "submitted_revision": revisions[3]}
    )
    prune_revisions(keep=1, older_than_days=90)
    assert _surviving(revisions) == [revisions[i].pk for i in (1, 2, 3, 5)]


def test_prune_keeps_the_revision_behind_a_superseded_edition(history):
    entry, revisions, first = history
    second = factories.publish(entry)  # the first edition is no longer current
    _age_all_revisions()
    prune_revisions(keep=1, older_than_days=90)
    first.refresh_from_db()
    assert not first.is_current and first.revision_id == revisions[1].pk
    assert revisions[1].pk in _surviving(revisions)
    assert Revision.objects.filter(pk=second.revision_id).exists()


def test_prune_keeps_recent_revisions(history):
    _, revisions, _ = history
    Revision.objects.filter(pk__in=[revisions[0].pk, revisions[2].pk]).update(
        date_created=timezone.now() - timedelta(days=5)
    )
    prune_revisions(keep=1, older_than_days=90)
    assert _surviving(revisions) == [revisions[0].pk, revisions[1].pk, revisions[2].pk,
                                     revisions[5].pk]  # fmt: skip


def test_dry_run_counts_and_deletes_nothing(history):
    _, revisions, _ = history
    result = prune_revisions(keep=1, older_than_days=90, dry_run=True)
    assert (result.revisions, result.versions) == (4, 8)
    assert len(_surviving(revisions)) == 6


def test_prune_refuses_to_keep_nothing(history):
    with pytest.raises(ValidationError):
        prune_revisions(keep=0, older_than_days=90)


def test_command_reports_and_prunes(history, capsys):
    _, revisions, _ = history
    call_command("prune_history", "--keep", "1", "--older-than", "30", "--dry-run")
    assert "Would delete 4 revisions and 8 versions" in capsys.readouterr().out
    call_command("prune_history", "--keep", "1", "--older-than", "30")
    assert "Deleted 4 revisions" in capsys.readouterr().out
    assert _surviving(revisions) == [revisions[1].pk, revisions[5].pk]
