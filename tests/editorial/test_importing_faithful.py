"""Importing real reference works faithfully: dates as printed, names in headwords, works."""

import csv
import json

import pytest

from dictionary.models import Alias, AliasKind, Citation, CitationRole, Edition, Entry
from editorial.importing import import_seed_documents
from tests import factories

pytestmark = pytest.mark.django_db


def run(*paths, **options):
    return import_seed_documents(paths=list(paths), **options)


@pytest.mark.parametrize("files", [1, 2])  # 1: written alone; 2: the bulk path
def test_dates_keep_their_printed_form_and_their_edtf_on_entry_and_edition(tmp_path, files):
    factories.write_seed(tmp_path, "a.txt", "Holt, Bram", "(1873–1941?)Born in Leeds.")
    if files == 2:
        factories.write_seed(tmp_path, "b.txt", "Rudd, Amos", "(95-46 B.C.)Born in Rome.")
    run(tmp_path)
    holt = Entry.objects.get(headword="Holt, Bram")
    assert (holt.dates, holt.dates_edtf, holt.start_year, holt.end_year) == (
        "1873–1941?",
        "1873/1941?",
        1873,
        1941,
    )
    assert Edition.objects.current().get(entry=holt).dates_edtf == "1873/1941?"


def test_dates_that_cannot_be_read_import_as_printed_with_a_warning(tmp_path):
    path = factories.write_seed(tmp_path, "a.txt", "Holt, Bram", "(Easter 1916–soon)Born.")
    report = run(tmp_path)
    assert (report.created, report.failed) == (1, 0)
    holt = Entry.objects.get()
    assert (holt.dates, holt.dates_edtf, holt.start_year, holt.end_year) == (
        "Easter 1916–soon",
        "",
        None,
        None,
    )
    assert report.warnings == [
        f"{path}, line 2: dates not understood, kept as printed: Easter 1916–soon"
    ]


@pytest.mark.parametrize("files", [1, 2])
def test_a_known_as_name_in_the_headword_becomes_an_alias_and_is_linked(tmp_path, files):
    factories.write_seed(
        tmp_path, "a.txt", "Weber, Anna (known as A. Lind, 1881–1945)", "Born in Ulm."
    )
    if files == 2:
        factories.write_seed(tmp_path, "b.txt", "Rudd, Amos", "(1880–1950)Read A. Lind daily.")
    run(tmp_path)
    weber = Entry.objects.get(headword="Weber, Anna")
    assert weber.dates == "1881–1945"
    assert list(weber.aliases.values_list("name", "kind")) == [("A. Lind", AliasKind.PSEUDONYM)]
    if files == 2:
        rudd = Entry.objects.get(headword="Rudd, Amos")
        assert rudd.body == "Read [[Weber, Anna|A. Lind]] daily."
        assert rudd.outgoing_references.get().target == weber


def test_a_known_as_name_is_added_when_a_changed_file_is_imported_again(tmp_path):
    path = factories.write_seed(tmp_path, "a.txt", "Weber, Anna", "(1881–1945)Born in Ulm.")
    run(tmp_path)
    path.write_text("- Weber, Anna (known as A. Lind)\n- (1881–1945)Born in Ulm on the Danube.\n")
    report = run(tmp_path)
    assert report.updated == 1
    assert list(Alias.objects.values_list("name", flat=True)) == ["A. Lind"]


def test_works_named_as_entries_are_dropped_and_titles_set_in_italics(tmp_path):
    factories.make_entry("General Strike", dates="1926")
    factories.write_seed(
        tmp_path,
        "a.txt",
        "Holt, Bram",
        "(1873–1941)He backed the General Strike (1926). He wrote Fire and Bread (1911). "
        "He was Vice-Chairman (1930). His Notes from a Quiet Harbour (1950) sold.",
    )
    run(tmp_path)
    holt = Entry.objects.get(headword="Holt, Bram")
    cited = Citation.objects.filter(entry=holt, role=CitationRole.WORK_BY_SUBJECT)
    assert [c.work.title for c in cited.order_by("order")] == [
        "Fire and Bread",
        "Notes from a Quiet Harbour",
    ]
    assert holt.body == (
        "He backed the [[General Strike]] (1926). He wrote *Fire and Bread* (1911). "
        "He was Vice-Chairman (1930). His *Notes from a Quiet Harbour* (1950) sold."
    )


def test_a_bracketed_translation_is_kept_as_the_works_note(tmp_path):
    factories.write_seed(
        tmp_path, "a.txt", "Holt, Bram", "(1873–1941)He wrote Der Lange Weg [The Long Way] (1921)."
    )
    run(tmp_path)
    work = Citation.objects.get(role=CitationRole.WORK_BY_SUBJECT).work
    assert (work.title, work.year, work.note) == ("Der Lange Weg", 1921, "The Long Way")


def test_a_changed_headword_keeps_the_old_one_as_an_alias_and_every_link(tmp_path):
    weber = factories.write_seed(tmp_path, "a.txt", "Weber, Ana", "(1881–1945)Born in Ulm.")
    factories.write_seed(tmp_path, "b.txt", "Rudd, Amos", "(1880–1950)Knew Ana Weber well.")
    run(tmp_path)
    weber.write_text("- Weber, Anna\n- (1881–1945)Born in Ulm.\n")
    assert run(tmp_path).updated == 1
    entry = Entry.objects.get(headword="Weber, Anna")
    assert list(entry.aliases.values_list("name", "kind")) == [("Weber, Ana", AliasKind.VARIANT)]
    rudd = Entry.objects.get(headword="Rudd, Amos")
    assert rudd.outgoing_references.get().target == entry
    factories.write_seed(tmp_path, "c.txt", "Holt, Bram", "(1873–1941)Read [[Weber, Ana]].")
    run(tmp_path)
    assert Entry.objects.get(headword="Holt, Bram").outgoing_references.get().target == entry


def test_the_findings_are_written_per_file_as_json_and_csv(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    factories.write_seed(seeds, "a.txt", "Longman, Charles", "(1809–1873)A printer.")
    factories.write_seed(seeds, "b.txt", "Longman, Charles", "(1839–1901)His son.")
    factories.write_seed(
        seeds,
        "c.txt",
        "Rees, Owen",
        "(Easter 1770–soon)Knew Charles Longman. He wrote Fire and Bread (1811).",
    )
    (seeds / "d.txt").write_text("not a seed document\n")
    report = run(seeds)
    report.write_findings(tmp_path / "findings.json")
    report.write_findings(tmp_path / "findings.csv")
    found = json.loads((tmp_path / "findings.json").read_text())
    c_file = str(seeds / "c.txt")
    assert [row["kind"] for row in found["files"][c_file]] == [
        "unparsed dates",
        "skipped link",
        "unsure work",
    ]
    assert found["files"][str(seeds / "d.txt")][0]["kind"] == "error"
    rows = list(csv.DictReader((tmp_path / "findings.csv").open()))
    assert {row["kind"] for row in rows} == {
        "unparsed dates",
        "skipped link",
        "unsure work",
        "error",
    }
    assert rows[-1] == {
        "file": str(seeds / "d.txt"),
        "line": "1",
        "kind": "error",
        "message": 'not a seed document: the first line should be "- Headword"',
    }
