"""Change impact at review: published entries pointing here, flagged when the change may
leave them stale."""

import pytest
from django.test import Client

from editorial import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(editor):
    entry = factories.make_published("Serge, Victor", dates="1890–1947", body="A writer.")
    factories.make_published("Trotsky, Leon", body="Corresponded with [[Serge, Victor]].")
    factories.make_entry("Draft, Only", body="Read [[Serge, Victor]].")  # not published
    return entry


def _review_page(reviewer, entry) -> str:
    client = Client()
    client.force_login(reviewer)
    return client.get(f"/admin/dictionary/entry/{entry.pk}/review/").content.decode()


def test_renaming_flags_the_published_entries_that_link_here(serge, editor, reviewer):
    factories.revise(serge, user=editor, headword="Serge, Viktor", dates="1890–1946")
    services.submit_for_review(entry=serge, user=editor, message="Spelling and dates.")
    page = _review_page(reviewer, serge)
    assert "Change impact" in page
    assert "Trotsky, Leon</a>" in page and "Draft, Only</a>" not in page
    assert "renamed from “Serge, Victor” to “Serge, Viktor”" in page
    assert "dates changed from “1890–1947” to “1890–1946”" in page
    assert "may be stale" in page


def test_a_change_to_the_text_alone_flags_nothing(serge, editor, reviewer):
    factories.revise(serge, user=editor, body="A writer and poet.")
    services.submit_for_review(entry=serge, user=editor, message="Poet.")
    page = _review_page(reviewer, serge)
    assert "Trotsky, Leon</a>" in page and "may be stale" not in page
