"""Which entry a seed file is: its path from the folder named, never another file's entry;
withdrawn entries stay withdrawn; files that cannot be imported are named."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dictionary.models import Edition, Entry
from editorial.importing import import_seed_documents
from editorial.services import unpublish
from tests import factories

pytestmark = pytest.mark.django_db


def run(*paths, **options):
    return import_seed_documents(paths=list(paths), **options)


def folders(root, *names):
    for name in names:
        (root / name).mkdir(parents=True)
    return [root / name for name in names]


def test_two_files_with_one_name_in_two_subfolders_are_two_entries(tmp_path):
    first, second = folders(tmp_path, "a", "b")
    factories.write_seed(first, "x.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(second, "x.txt", "Radek, Karl", "(1885–1939)Born in Lemberg.")
    (tmp_path / ".git").mkdir()
    factories.write_seed(tmp_path / ".git", "x.txt", "Hidden, Folder", "Not a seed.")
    (tmp_path / "linked").symlink_to(first)  # not followed: "a" is read once
    report = run(tmp_path)
    assert (report.created, report.failed) == (2, 0)
    stored = dict(Entry.objects.values_list("source_file", "headword"))
    assert stored == {"a/x.txt": "Serge, Victor", "b/x.txt": "Radek, Karl"}
    again = run(tmp_path)
    assert (again.unchanged, again.updated, again.conflicts) == (2, 0, 0)
    assert Edition.objects.count() == 2  # a re-run publishes nothing


def test_two_files_with_one_identity_in_one_run_are_refused_naming_each_other(tmp_path):
    first, second = folders(tmp_path, "one", "two")
    factories.write_seed(first, "x.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(second, "x.txt", "Radek, Karl", "(1885–1939)Born in Lemberg.")
    factories.write_seed(second, "y.txt", "Bukharin, Nikolai", "(1888–1938)Born in Moscow.")
    for _ in range(2):
        report = run(first, second)
        assert (report.failed, report.ok) == (2, False)
        assert Entry.objects.get().headword == "Bukharin, Nikolai"
        assert Edition.objects.count() == 1
    errors = sorted(report.errors)
    assert errors[0].startswith(f"{first / 'x.txt'}: refused, as {second / 'x.txt'} is")
    assert errors[1].startswith(f"{second / 'x.txt'}: refused, as {first / 'x.txt'} is")
    assert "“x.txt”" in errors[0]


def test_one_file_named_twice_is_imported_once(tmp_path):
    path = factories.write_seed(tmp_path, "x.txt", "Serge, Victor", "(1890–1947)Born.")
    report = run(tmp_path, path)
    assert (report.created, report.failed) == (1, 0)


def test_an_entry_imported_under_its_base_name_is_found_by_its_path(tmp_path):
    """Entries imported before identities were paths carry the base name: a run that reads
    the file from a folder above finds the entry and writes the new identity."""
    (letter,) = folders(tmp_path, "s")
    path = factories.write_seed(letter, "x.txt", "Serge, Victor", "(1890–1947)Born.")
    run(letter)  # read from its own folder: identified as "x.txt"
    assert Entry.objects.get().source_file == "x.txt"
    assert run(tmp_path).unchanged == 1
    factories.write_seed(letter, "x.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    report = run(tmp_path)
    assert (report.updated, report.created, report.conflicts) == (1, 0, 0), report.conflict_notes
    entry = Entry.objects.get()
    assert (entry.source_file, entry.editions.count()) == ("s/x.txt", 2)
    assert str(path).endswith(entry.source_file)


def test_a_base_name_two_files_of_the_run_share_finds_no_entry_by_file(tmp_path):
    first, second = folders(tmp_path, "a", "b")
    factories.write_seed(first, "x.txt", "Serge, Victor", "(1890–1947)Born.")
    run(first)
    factories.write_seed(first, "x.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(second, "x.txt", "Radek, Karl", "(1885–1939)Born in Lemberg.")
    report = run(tmp_path)
    # Radek's file is not taken for Serge's entry: it makes its own. Serge's file may be
    # either "x.txt", so his entry is left as it is, for --force to update.
    assert (report.created, report.conflicts, report.updated) == (1, 1, 0)
    assert Entry.objects.get(headword="Radek, Karl").editions.count() == 1
    assert Entry.objects.get(headword="Serge, Victor").editions.count() == 1


def test_a_changed_file_does_not_republish_a_withdrawn_entry(tmp_path, chief):
    path = factories.write_seed(tmp_path, "x.txt", "Serge, Victor", "(1890–1947)Born.")
    run(tmp_path)
    entry = Entry.objects.get()
    unpublish(entry=entry, user=chief, reason="On legal advice.")
    factories.write_seed(tmp_path, "x.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    report = run(tmp_path)
    assert (report.conflicts, report.updated, report.ok) == (1, 0, False)
    assert report.conflict_notes == [
        f"{path}: conflict: the entry “Serge, Victor” was withdrawn from publication; it stays "
        "withdrawn (use --force to apply the file as a new revision)"
    ]
    assert not Edition.objects.current().exists()
    entry.refresh_from_db()
    assert entry.body == "Born."
    forced = run(tmp_path, force=True)
    assert forced.updated == 1
    assert Edition.objects.current().get().body == "Born in Brussels."


def test_non_regular_txt_entries_are_named_and_fail_the_run(tmp_path):
    factories.write_seed(tmp_path, "good.txt", "Serge, Victor", "(1890–1947)Born.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "notes.md").write_text("not a seed")
    report = run(tmp_path)
    assert (report.created, report.failed) == (1, 3)
    assert sorted(report.errors) == [
        f"{tmp_path / 'folder.txt'}: a folder named like a seed file, not one; skipped",
        f"{tmp_path / 'gone.txt'}: a symbolic link to nothing, not a seed file; skipped",
        f"{tmp_path / 'pipe.txt'}: a named pipe (FIFO), not a seed file; skipped",
    ]
    err = StringIO()
    with pytest.raises(CommandError, match="3 file\\(s\\) failed"):
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=err)
    assert f"{tmp_path / 'pipe.txt'}: a named pipe" in err.getvalue()


SOURCE = "Historical dictionary of Marxism. {} . 2014."


@pytest.mark.parametrize(
    ("names", "field", "length"),
    [
        ("David " + "Walkerson" * 30 + " and Daniel Gray", "family name", 270),
        ("David van der " + "de la " * 10 + "Walker", "particle", 67),
        ("The " + "Headword " * 40 + "editors", "name", 371),
    ],
)
def test_an_overlong_name_in_the_source_names_the_file_line_and_field(
    tmp_path, names, field, length
):
    path = factories.write_seed(
        tmp_path, "x.txt", "Serge, Victor", "(1890–1947)Born.", source=SOURCE.format(names)
    )
    report = run(tmp_path)
    assert (report.failed, report.created) == (1, 0)
    assert report.errors[0].startswith(
        f"{path}, line 3: the {field} of an author or editor is {length} characters long"
    ), report.errors
    assert not Entry.objects.exists()
