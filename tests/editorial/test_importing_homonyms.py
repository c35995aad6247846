"""Homonyms and linking without false links: names two entries share are never linked."""

import pytest

from dictionary.models import CrossReference, Entry
from editorial.importing import import_seed_documents
from tests import factories

pytestmark = pytest.mark.django_db


def run(*paths, **options):
    return import_seed_documents(paths=list(paths), **options)


@pytest.mark.parametrize("together", [True, False])
def test_father_and_son_are_two_entries_with_slugs_from_their_dates(tmp_path, together):
    factories.write_seed(tmp_path, "a.txt", "Longman, Charles", "(1809–1873)A printer.")
    if not together:
        run(tmp_path)
    factories.write_seed(tmp_path, "b.txt", "Longman, Charles", "(1839–1901)His son.")
    report = run(tmp_path)
    assert report.conflicts == 0
    entries = Entry.objects.order_by("start_year")
    assert [(e.headword, e.dates, e.slug) for e in entries] == [
        ("Longman, Charles", "1809–1873", "longman-charles"),
        ("Longman, Charles", "1839–1901", "longman-charles-1839"),
    ]


def test_the_same_headword_with_the_same_dates_is_still_one_entry(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Longman, Charles", "(1809–1873)A printer.")
    factories.write_seed(tmp_path, "b.txt", "Longman, Charles", "(1809–1873)A printer too.")
    report = run(tmp_path)
    assert (report.created, report.conflicts, Entry.objects.count()) == (1, 1, 1)


def test_a_changed_file_updates_its_own_homonym(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Longman, Charles", "(1809–1873)A printer.")
    son = factories.write_seed(tmp_path, "b.txt", "Longman, Charles", "(1839–1901)His son.")
    run(tmp_path)
    son.write_text("- Longman, Charles\n- (1839–1901)His son, a publisher.\n")
    report = run(tmp_path)
    assert (report.updated, report.conflicts) == (1, 0)
    assert Entry.objects.get(slug="longman-charles-1839").body == "His son, a publisher."
    assert Entry.objects.get(slug="longman-charles").body == "A printer."


def test_names_and_references_two_entries_share_stay_unlinked_and_are_reported(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Longman, Charles", "(1809–1873)A printer.")
    factories.write_seed(tmp_path, "b.txt", "Longman, Charles", "(1839–1901)His son.")
    path = factories.write_seed(
        tmp_path,
        "c.txt",
        "Rees, Owen",
        "(1770–1837)Partner of Charles Longman. See [[Longman, Charles]].",
    )
    report = run(tmp_path)
    rees = Entry.objects.get(headword="Rees, Owen")
    assert rees.body == "Partner of Charles Longman. See [[Longman, Charles]]."
    assert CrossReference.objects.get(source=rees).target is None
    assert report.warnings == [
        f"{path}, line 2: not linked: “Charles Longman” names more than one entry",
        f"{path}, line 2: not linked: “Longman, Charles” is the headword of more than one entry",
    ]


def test_a_homonym_of_a_stored_entry_makes_its_references_ambiguous(tmp_path):
    factories.make_entry("Longman, Charles", dates="1809–1873")
    factories.write_seed(tmp_path, "b.txt", "Longman, Charles", "(1839–1901)His son.")
    factories.write_seed(tmp_path, "c.txt", "Rees, Owen", "(1770–1837)Knew Charles Longman.")
    run(tmp_path)
    assert Entry.objects.get(headword="Rees, Owen").body == "Knew Charles Longman."


def test_a_bracketed_nickname_and_a_bare_given_name_are_never_linked(tmp_path):
    factories.make_entry("Lemaire, Henri (Harry)", dates="1890–1950")
    factories.make_entry("Victor", entry_type="concept")
    factories.make_entry("Serge, Victor", dates="1890–1947")
    factories.write_seed(
        tmp_path,
        "a.txt",
        "Rudd, Amos",
        "(1880–1950)Harry and Victor came; so did Henri Lemaire and Victor Serge.",
    )
    run(tmp_path)
    assert Entry.objects.get(headword="Rudd, Amos").body == (
        "Harry and Victor came; so did [[Lemaire, Henri (Harry)|Henri Lemaire]] and "
        "[[Serge, Victor|Victor Serge]]."
    )
