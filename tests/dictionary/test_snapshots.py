"""EntrySnapshot: one shape from a working copy, an edition and a stored version."""

import pytest

from dictionary.models import CitationRole, CreditRole, CrossReference, Entry, Work
from dictionary.snapshots import EntrySnapshot
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge():
    """An entry with every part an edition freezes, each non-empty."""
    zinoviev = factories.make_published("Zinoviev, Grigori")
    entry = factories.make_entry(
        "Serge, Victor",
        dates="1890–1947",
        body="A revolutionary writer, friend of [[Zinoviev, Grigori|Zinoviev]].",
        aliases=("Kibalchich, Victor",),
    )
    work = factories.make_work(
        "Memoirs of a Revolutionary", year=1951, authors=[{"family": "Serge", "given": "Victor"}]
    )
    with factories.revising(entry, comment="Filled"):
        entry.themes.add(factories.make_theme("Anarchism"))
        factories.credit(entry, factories.make_contributor("Walker", given="David"))
        factories.credit(entry, factories.make_contributor("Gray"), role=CreditRole.REVISER)
        factories.cite(entry, work, role=CitationRole.WORK_BY_SUBJECT, locator="pp. 1–20")
        factories.cite(entry, factories.make_work("Conquered City", year=1932), order=1)
        CrossReference.objects.create(
            source=entry, target=zinoviev, target_text="Zinoviev, Grigori", kind="see-also"
        )
        CrossReference.objects.create(source=entry, target_text="Trotsky, Leon", kind="see")
    return entry


def test_working_copy_its_edition_and_its_stored_version_are_the_same_snapshot(serge):
    edition = factories.publish(serge)
    working = EntrySnapshot.of_entry(serge)
    assert EntrySnapshot.of_edition(edition) == working
    assert EntrySnapshot.of_revision(edition.revision, serge.pk) == working
    # Every part is there, so the equalities compare something.
    assert working.aliases == ("Kibalchich, Victor",)
    assert [item["display"] for item in working.byline] == ["David Walker", "Ada Gray"]
    assert [item["csl"]["title"] for item in working.citations] == [
        "Memoirs of a Revolutionary",
        "Conquered City",
    ]
    assert [(ref.kind, ref.target_text, ref.label) for ref in working.references] == [
        ("inline", "Zinoviev, Grigori", "Zinoviev"),
        ("see", "Trotsky, Leon", ""),
        ("see-also", "Zinoviev, Grigori", "Zinoviev"),  # the label the body gives it
    ]
    assert len(working.themes) == 1 and working.summary.startswith("A revolutionary writer")


def test_a_snapshot_differs_when_a_part_that_is_published_changes(serge):
    before = EntrySnapshot.of_entry(serge)
    Work.objects.filter(title="Conquered City").update(year=1933)
    assert EntrySnapshot.of_entry(serge) != before


def test_a_stored_version_keeps_the_work_as_it_was(serge):
    revision = factories.latest_revision(serge)
    Work.objects.filter(title="Conquered City").update(title="Conquered City (reissued)")
    stored = EntrySnapshot.of_revision(revision, serge.pk)
    assert "Conquered City" in [item["csl"]["title"] for item in stored.citations]
    assert stored != EntrySnapshot.of_entry(serge)


def test_a_stored_version_reads_a_work_it_did_not_store_as_it_is_now(serge):
    revision = factories.latest_revision(serge)
    work = Work.objects.get(title="Conquered City")
    revision.version_set.filter(content_type__model="work", object_id=str(work.pk)).delete()
    assert EntrySnapshot.of_revision(revision, serge.pk) == EntrySnapshot.of_entry(serge)


@pytest.mark.parametrize("count", [1, 8])
def test_snapshots_of_many_entries_take_six_queries_whatever_their_number(
    serge, count, django_assert_num_queries
):
    entries = [serge] + [
        factories.make_entry(f"Other {number}", body=f"See [[Serge, Victor]] {number}.")
        for number in range(count - 1)
    ]
    for entry in entries[1:]:
        with factories.revising(entry, comment="Signed"):
            factories.credit(entry, factories.make_contributor())
    entries = list(Entry.objects.filter(pk__in=[entry.pk for entry in entries]))
    # Aliases, citations, their works, cross-references, themes, credits with contributors.
    with django_assert_num_queries(6):
        snapshots = EntrySnapshot.of_entries(entries)
    assert set(snapshots) == {entry.pk for entry in entries}
    assert all(len(snapshots[entry.pk].byline) >= 1 for entry in entries)
