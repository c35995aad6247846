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


@pytest.fixture
def linked_by_passage(editor):
    entry = factories.make_published(
        "Serge, Victor",
        aliases=("Kibalchich, Victor",),
        body="A writer.\n\nHis *Memoirs of a Revolutionary* appeared in 1951.",
    )
    factories.make_published(
        "Trotsky, Leon", body="Read [[Serge, Victor|the Memoirs of a Revolutionary]]."
    )
    factories.make_published("Adler, Alfred", body="Knew [[Kibalchich, Victor]].")
    factories.make_published("Bukharin, Nikolai", body="Met [[Serge, Victor|Serge]].")
    return entry


def test_removing_the_passage_a_link_reads_flags_that_entry_alone(
    linked_by_passage, editor, reviewer
):
    factories.revise(linked_by_passage, user=editor, body="A writer.")
    services.submit_for_review(entry=linked_by_passage, user=editor, message="Shorter.")
    page = _review_page(reviewer, linked_by_passage)
    trotsky = page.split("Trotsky, Leon</a>")[1].split("</li>")[0]
    assert (
        "may be stale</strong>: its link reads “the Memoirs of a Revolutionary”, words " in trotsky
    )
    for other in ("Adler, Alfred</a>", "Bukharin, Nikolai</a>"):
        assert "may be stale" not in page.split(other)[1].split("</li>")[0]


def test_removing_the_name_a_link_is_written_with_flags_it(linked_by_passage, editor):
    from dictionary.snapshots import EntrySnapshot
    from editorial.impact import change_impact

    old = EntrySnapshot.of_entry(linked_by_passage)
    with factories.revising(linked_by_passage, user=editor):
        linked_by_passage.aliases.all().delete()
    new = EntrySnapshot.of_entry(linked_by_passage)
    impact = change_impact(linked_by_passage, old, new)
    flagged = {ref.source.headword: ref.passage_gone for ref in impact["references"]}
    assert flagged == {
        "Adler, Alfred": (
            "it links through the name “Kibalchich, Victor”, which this change removes"
        ),
        "Bukharin, Nikolai": None,
        "Trotsky, Leon": None,
    }
    assert impact["reasons"] == []
