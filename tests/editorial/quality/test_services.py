"""Storing findings, and dismissing them: who may, that a reason is needed, that it lasts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from editorial.quality import services
from editorial.quality.models import Check, Dismissal, Finding
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge():
    return factories.make_entry("Serge", body="He was ejected from the CSPU (CPSU) in 1927 .")


def test_check_entry_stores_what_it_finds_and_replaces_it(serge, editor):
    stored = services.check_entry(entry=serge)
    assert {finding.rule for finding in stored} == {Check.SPACE_BEFORE_PUNCTUATION}
    factories.revise(serge, user=editor, body="Clean text.")
    services.check_entry(entry=serge)
    assert not Finding.objects.filter(entry=serge).exists()


def test_a_dismissal_needs_a_reason_and_an_editor(serge, editor, reviewer):
    (finding,) = services.check_entry(entry=serge)
    common = {"entry": serge, "rule": finding.rule, "place": finding.place}
    with pytest.raises(ValidationError):
        services.dismiss_finding(reason="  ", user=editor, **common)
    with pytest.raises(PermissionDenied):
        services.dismiss_finding(reason="French style", user=reviewer, **common)
    assert not Dismissal.objects.exists()


def test_a_dismissal_is_logged_and_outlives_a_recheck(serge, editor):
    (finding,) = services.check_entry(entry=serge)
    dismissal = services.dismiss_finding(
        entry=serge, rule=finding.rule, place=finding.place, reason="Quoted as printed", user=editor
    )
    assert Finding.objects.get().dismissal == dismissal
    assert not Finding.objects.open().exists()
    services.check_entry(entry=serge)
    assert Finding.objects.get().dismissal == dismissal
    with pytest.raises(ValidationError):
        dismissal.save()  # the log is append-only
