"""The rules the database enforces on content, on both SQLite and PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dictionary.models import Citation, CitationRole, CrossReference, Entry, Theme, Work
from dictionary.services import sync_inline_references
from tests import factories

pytestmark = pytest.mark.django_db


def test_slug_is_unique_and_made_from_the_headword():
    first = factories.make_entry("Serge, Victor")
    second = factories.make_entry("Serge, Victor")
    assert (first.slug, second.slug) == ("serge-victor", "serge-victor-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=second.pk).update(slug=first.slug)


def test_diacritics_fold_for_sorting_and_initials():
    entry = factories.make_entry("Łuxemburg, Róża")
    assert (entry.sort_key, entry.initial) == ("luxemburg roza", "L")


def test_years_must_be_in_order():
    entry = factories.make_entry("Anyone", dates="1890–1947")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(start_year=1950)


def test_no_cross_reference_from_an_entry_to_itself():
    entry = factories.make_entry("Trotsky, Leon")
    with pytest.raises(IntegrityError), transaction.atomic():
        CrossReference.objects.create(source=entry, target=entry, target_text="Trotsky, Leon")


def test_citations_are_ordered_within_their_role_and_not_duplicated():
    entry = factories.make_entry("Serge, Victor")
    later, first = factories.make_work("Later"), factories.make_work("First")
    factories.cite(entry, later, order=2)
    factories.cite(entry, first, order=1)
    assert [c.work.title for c in entry.citations.all()] == ["First", "Later"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(entry=entry, work=first, role=CitationRole.FURTHER_READING)


def test_inline_references_follow_the_body_and_resolve_when_the_target_appears():
    serge = factories.make_entry("Serge, Victor", body="Met [[Zinoviev, Grigori]] and [[CPSU]].")
    refs = {ref.target_text: ref.target for ref in serge.outgoing_references.all()}
    assert refs == {"Zinoviev, Grigori": None, "CPSU": None}
    zinoviev = factories.make_entry("Zinoviev, Grigori")
    party = factories.make_entry("Communist Party of the Soviet Union", aliases=("CPSU",))
    refs = {ref.target_text: ref.target for ref in serge.outgoing_references.all()}
    assert refs == {"Zinoviev, Grigori": zinoviev, "CPSU": party}
    serge.body = "Only [[CPSU]] now."
    serge.save()
    sync_inline_references(serge)
    assert list(serge.outgoing_references.values_list("target_text", flat=True)) == ["CPSU"]


def test_two_spellings_of_one_target_make_one_reference():
    # Matching and the database's uniqueness are by the folded key: "Lukacs" is "Lukács".
    entry = factories.make_entry(
        "Deutscher, Isaac", body="Read [[Lukács, György]] and later [[Lukacs, Gyorgy|him]]."
    )
    assert list(entry.outgoing_references.values_list("target_text", flat=True)) == [
        "Lukács, György"
    ]


@pytest.mark.parametrize(
    "authors, message",
    [
        ("Plato", "Give a list of names"),
        (["Plato"], "Name 1 is not a name"),
        (
            [{"family": "Walker"}, {"surname": "Gray"}],
            "Name 2 has parts a CSL name has not: surname",
        ),
        ([{"family": ["van", "Gogh"]}], "Name 1: every part must be text"),
    ],
)
def test_work_names_must_be_csl_names(authors, message):
    work = Work(title="Historical dictionary of Marxism", year=2014, authors=authors)
    with pytest.raises(ValidationError) as refused:
        work.full_clean()
    assert message in refused.value.message_dict["authors"][0]


def test_well_formed_work_names_pass():
    names = [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}]
    Work(title="Letters", year=1914, authors=names, editors=[{"literal": "Museum"}]).full_clean()


def test_the_migration_derives_the_title_keys_of_existing_works():
    import importlib

    from django.apps import apps

    work = factories.make_work("Historical Dictionary of MARXISM", year=2014)
    Work.objects.filter(pk=work.pk).update(title_key="")
    migration = importlib.import_module("dictionary.migrations.0006_work_title_keys")
    migration.fill_title_keys(apps, schema_editor=None)
    assert Work.objects.get(pk=work.pk).title_key == "historical dictionary of marxism"


def test_syncing_inline_references_looks_their_targets_up_at_once():
    """An entry's links cost the same queries however many there are (an admin save)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(12):
        factories.make_entry(f"Person {number}")
    factories.make_entry("Other Name", aliases=("Alias Twelve",))
    queries = []
    for links in (2, 12):
        targets = [f"Person {n}" for n in range(links - 1)] + ["Alias Twelve", "Nobody Yet"]
        entry = factories.make_entry(f"Linker {links}")
        entry.body = " ".join(f"[[{target}]]" for target in targets)
        entry.save()
        with CaptureQueriesContext(connection) as context:
            rows = sync_inline_references(entry)
        queries.append(len(context.captured_queries) - len(rows))  # one insert a new row
        found = {row.target_text: row.target_id for row in rows}
        assert found["Alias Twelve"] == Entry.objects.get(headword="Other Name").pk
        assert found["Nobody Yet"] is None and found["Person 0"] is not None
    assert queries[0] == queries[1]


def test_published_themes_are_those_a_current_edition_carries():
    from editorial.services import unpublish

    factories.make_roles()
    chief = factories.make_user("chief", role="Editors-in-chief")
    carried, dropped, withdrawn, drafted = (
        factories.make_theme(name) for name in ("Carried", "Dropped", "Withdrawn", "Drafted")
    )
    factories.make_theme("Unused")
    kept = factories.make_published("Serge, Victor", themes=[carried, dropped])
    with factories.revising(kept):
        kept.themes.remove(dropped)  # edition 1 keeps it: superseded
    factories.publish(kept)
    gone = factories.make_published("Radek, Karl", themes=[withdrawn])
    unpublish(entry=gone, user=chief, reason="Disputed.")
    factories.make_entry("Draft, Someone").themes.add(drafted)

    assert list(Theme.objects.published()) == [carried]
    assert kept.editions.get(number=1).themes.filter(pk=dropped.pk).exists()
