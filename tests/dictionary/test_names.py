"""Entry names: natural names, lead words, the stored name rows and the linking index."""

import importlib

import pytest
from django.apps import apps

from dictionary.models import Alias, EntryName
from dictionary.names import NameIndex, leads_in, name_lead, natural_names, stored_names
from dictionary.services import sync_entry_names
from tests import factories


def test_natural_names():
    assert natural_names("Serge, Victor") == ["Serge, Victor", "Victor Serge"]
    assert natural_names("Communist International (Comintern)") == [
        "Communist International (Comintern)",
        "Communist International",
        "Comintern",
    ]
    assert natural_names("Left Opposition") == ["Left Opposition"]


def test_stored_names_keep_only_linkable_ones_once():
    assert stored_names("Serge, Victor", ["Victor Serge", "V. Serge", "x", "lower case"]) == [
        "Serge, Victor",
        "Victor Serge",
        "V. Serge",
    ]


@pytest.mark.parametrize(
    "name, lead",
    [
        ("Serge, Victor", "Serge Victor"),
        ("Comintern", "Comintern"),
        ("Communist Party of the Soviet Union (CPSU)", "Communist Party"),
        ("A. J. P. Taylor", "A J"),
        ("O’Neill, Eugene", "O’Neill Eugene"),
    ],
)
def test_the_lead_is_the_first_two_words(name, lead):
    assert name_lead(name) == lead


BODY = (
    "In 1919 he joined the Communist Party of the Soviet Union (CPSU), met A. J. P. Taylor "
    "and Victor Serge in Petrograd, and wrote on O’Neill, Eugene, whom the Comintern ignored. "
    "Later, Serge, Victor and Trotsky disagreed."
)
NAMES = [
    "Communist Party of the Soviet Union (CPSU)",
    "Communist Party of the Soviet Union",
    "CPSU",
    "A. J. P. Taylor",
    "Victor Serge",
    "Serge, Victor",
    "O’Neill, Eugene",
    "Comintern",
    "Trotsky",
    "Petrograd Soviet",  # not mentioned: its lead is not in the body
    "Victor Hugo",  # shares the first word of a mention, not the lead
]


def test_a_body_holds_the_lead_of_every_name_it_mentions_and_of_no_other():
    leads = leads_in(BODY)
    assert {name_lead(name) for name in NAMES[:-2]} <= leads
    assert name_lead("Petrograd Soviet") not in leads
    assert name_lead("Victor Hugo") not in leads


def test_an_index_of_the_names_the_leads_allow_links_as_the_full_index_does():
    full, scoped = NameIndex(), NameIndex()
    leads = leads_in(BODY)
    for number, name in enumerate(NAMES):
        full.add(name, f"Entry {number}")
        if name_lead(name) in leads:
            scoped.add(name, f"Entry {number}")
    linked = full.link(BODY, own_key="nobody")
    assert linked.count("[[") == 7  # every mentioned entry once
    assert scoped.link(BODY, own_key="nobody") == linked


def stored(entry) -> dict[str, str]:
    return dict(EntryName.objects.filter(entry=entry).values_list("name", "lead"))


@pytest.mark.django_db
def test_an_entry_made_through_the_services_has_its_names():
    entry = factories.make_entry("Serge, Victor", aliases=("Khibalchich, Victor",))
    assert stored(entry) == {
        "Serge, Victor": "Serge Victor",
        "Victor Serge": "Victor Serge",
        "Khibalchich, Victor": "Khibalchich Victor",
    }


@pytest.mark.django_db
def test_renaming_and_dropping_an_alias_update_the_names():
    entry = factories.make_entry("Serge, Victor", aliases=("Khibalchich, Victor",))
    entry.headword = "Kibalchich, Victor"
    entry.save()
    Alias.objects.filter(entry=entry).delete()
    Alias.objects.create(entry=entry, name="Le Rétif")
    sync_entry_names(entries=[entry])
    assert set(stored(entry)) == {"Kibalchich, Victor", "Victor Kibalchich", "Le Rétif"}


@pytest.mark.django_db
def test_the_migration_derives_the_names_of_existing_entries():
    serge = factories.make_entry("Serge, Victor", aliases=("Khibalchich, Victor",))
    comintern = factories.make_entry("Communist International (Comintern)")
    expected = {serge.pk: stored(serge), comintern.pk: stored(comintern)}
    EntryName.objects.all().delete()
    migration = importlib.import_module("dictionary.migrations.0005_entry_names")
    migration.fill_entry_names(apps, schema_editor=None)
    assert {serge.pk: stored(serge), comintern.pk: stored(comintern)} == expected
    assert len(expected[comintern.pk]) == 3


@pytest.mark.django_db
def test_the_rebuild_command_puts_every_entrys_names_back(capsys):
    from django.core.management import call_command

    serge = factories.make_entry("Serge, Victor", aliases=("Khibalchich, Victor",))
    comintern = factories.make_entry("Communist International (Comintern)")
    expected = {serge.pk: stored(serge), comintern.pk: stored(comintern)}
    EntryName.objects.filter(entry=serge).delete()  # as after a loaddata
    EntryName.objects.create(entry=comintern, name="Stale Name", lead="Stale Name")
    call_command("rebuild_entry_names")
    assert {serge.pk: stored(serge), comintern.pk: stored(comintern)} == expected
    output = capsys.readouterr().out
    assert "2/2 entries" in output and "6 names stored." in output
