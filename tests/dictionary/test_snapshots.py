"""EntrySnapshot: one shape from a working copy, an edition and a stored version."""

import pytest
from django.core.exceptions import ValidationError
from reversion.models import Version

from dictionary.models import CreditRole, CrossReference, Entry, Theme, Work
from dictionary.snapshots import EntrySnapshot
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge():
    """Victor Serge, signed by two people, citing two works, pointing at a published entry."""
    zinoviev = factories.make_published("Zinoviev, Grigori")
    entry = factories.make_serge()
    with factories.revising(entry, comment="Signed"):
        factories.credit(entry, factories.make_contributor("Walker", given="David"))
        factories.credit(entry, factories.make_contributor("Gray"), role=CreditRole.REVISER)
        factories.cite(entry, factories.make_work("Conquered City", year=1932), order=1)
        CrossReference.objects.create(
            source=entry, target=zinoviev, target_text="Zinoviev, Grigori", kind="see"
        )
    return entry


def test_working_copy_its_edition_and_its_stored_version_are_the_same_snapshot(serge):
    edition = factories.publish(serge)
    working = EntrySnapshot.of_entry(serge)
    assert EntrySnapshot.of_edition(edition) == working
    assert EntrySnapshot.of_revision(edition.revision, serge.pk) == working
    # Every part is there, so the equalities compare something.
    assert (working.headword, working.slug, working.dates) == (
        "Serge, Victor",
        "serge-victor",
        "1890–1947",
    )
    assert (working.start_year, working.end_year) == (1890, 1947)
    assert working.aliases == ("Kibalchich, Victor",)
    assert [item["display"] for item in working.byline] == ["David Walker", "Ada Gray"]
    assert [item["csl"]["title"] for item in working.citations] == [
        "Memoirs of a Revolutionary",
        "Conquered City",
    ]
    zinoviev = Entry.objects.get(headword="Zinoviev, Grigori").pk
    assert [(ref.kind, ref.target_id, ref.label) for ref in working.references] == [
        ("inline", zinoviev, "Zinoviev, Grigori"),
        ("see", zinoviev, "Zinoviev, Grigori"),  # the label the body gives it
        ("see-also", None, ""),
    ]
    assert working.themes == tuple(Theme.objects.values_list("pk", flat=True))
    assert working.summary == "A revolutionary writer. See Zinoviev, Grigori."


def test_an_edition_keeps_alias_names_only_and_that_is_no_difference(serge):
    edition = factories.publish(serge)
    assert EntrySnapshot.of_entry(serge).alias_kinds == {"Kibalchich, Victor": "variant"}
    assert EntrySnapshot.of_edition(edition).alias_kinds == {}


def test_a_stored_revision_lacks_the_rows_added_after_it(serge):
    first = Version.objects.get_for_object(serge).last().revision
    snapshot = EntrySnapshot.of_revision(first, serge.pk)
    assert snapshot.citations == snapshot.byline == snapshot.themes == ()
    assert [ref.target_text for ref in snapshot.references] == ["Zinoviev, Grigori"]


def test_a_revision_without_the_entry_is_refused(serge):
    other = factories.make_entry("Radek, Karl")
    with pytest.raises(ValidationError, match="does not contain entry"):
        EntrySnapshot.of_revision(factories.latest_revision(other), serge.pk)


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
