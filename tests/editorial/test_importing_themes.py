"""Importing with a theme list: new entries filed under their themes, existing ones left alone."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version

from dictionary.models import Edition, Entry, Theme
from dictionary.snapshots import EntrySnapshot
from dictionary.theme_list import parse_theme_list
from editorial.importing import import_seed_documents
from editorial.importing import service as importing
from editorial.services import publish_imported_entries
from tests import factories

pytestmark = pytest.mark.django_db

# "Revolution" is created before "Historians", so its pk is lower while its name sorts after:
# the versions must list themes in Theme's ordering (by name), as reversion does.
THEMES = """# Themes for the tests.
Revolution
    Serge, Victor
    ZINOVIEV,  Grigori

Historians
    Serge, Victor
    Nobody, Known
"""


def write_run(folder, themes: str = THEMES):
    """Three seed documents and a theme list; returns the parsed list."""
    factories.write_seed(folder, "a.txt", "Serge, Victor", "(1890–1947)Knew Grigori Zinoviev.")
    factories.write_seed(folder, "b.txt", "Zinoviev, Grigori", "(1883–1936)Met Victor Serge.")
    factories.write_seed(folder, "c.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    path = folder / "themes.list"
    path.write_text(themes, encoding="utf-8")
    return parse_theme_list(path.read_bytes(), name=str(path))


def theme_names(queryset) -> list[str]:
    return sorted(theme.name for theme in queryset.all())


def imported_version(entry: Entry) -> Version:
    return Version.objects.get_for_object(entry).get(revision__comment__startswith="Imported")


def assert_filed_everywhere(entry: Entry, names: list[str]) -> None:
    """The entry, its history version and its current edition all carry these themes."""
    assert theme_names(entry.themes) == names
    edition = Edition.objects.current().get(entry=entry)
    assert theme_names(edition.themes) == names
    version = imported_version(entry)
    ordered_pks = list(Theme.objects.filter(name__in=names).values_list("pk", flat=True))
    assert json.loads(version.serialized_data)[0]["fields"]["themes"] == ordered_pks
    assert [int(pk) for pk in version.field_dict["themes"]] == ordered_pks
    assert EntrySnapshot.of_revision(version.revision, entry.pk).themes == tuple(
        sorted(ordered_pks)
    )


def test_new_entries_are_filed_in_bulk_with_history_and_edition(tmp_path, chief):
    themes = write_run(tmp_path)
    with CaptureQueriesContext(connection) as queries:
        report = import_seed_documents(paths=[tmp_path], user=chief, themes=themes)
    assert (report.created, report.failed, report.filed_under_themes) == (3, 0, 2)
    assert report.summary().endswith("2 filed under themes.")
    assert dict(Theme.objects.values_list("name", "slug")) == {
        "Revolution": "revolution",
        "Historians": "historians",
    }
    created = Revision.objects.get(comment=f"Themes from {tmp_path / 'themes.list'}")
    assert created.user == chief
    assert created.version_set.count() == 2
    assert_filed_everywhere(
        Entry.objects.get(headword="Serge, Victor"), ["Historians", "Revolution"]
    )
    assert_filed_everywhere(Entry.objects.get(headword="Zinoviev, Grigori"), ["Revolution"])
    assert_filed_everywhere(Entry.objects.get(headword="Radek, Karl"), [])
    # One insert of the theme links for the whole group, not one per entry.
    table = Entry.themes.through._meta.db_table
    inserts = [q for q in queries.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"')]
    assert len(inserts) == 1


def test_new_entries_are_filed_when_the_group_is_written_one_by_one(tmp_path, monkeypatch):
    def refuse_groups(*, items, **options):
        if len(items) > 1:
            raise ValidationError("Refused in bulk.")
        return publish_imported_entries(items=items, **options)

    monkeypatch.setattr(importing, "publish_imported_entries", refuse_groups)
    themes = write_run(tmp_path)
    report = import_seed_documents(paths=[tmp_path], themes=themes)
    assert (report.created, report.failed, report.filed_under_themes) == (3, 0, 2)
    serge = Entry.objects.get(headword="Serge, Victor")
    assert_filed_everywhere(serge, ["Historians", "Revolution"])
    assert_filed_everywhere(Entry.objects.get(headword="Zinoviev, Grigori"), ["Revolution"])
    assert_filed_everywhere(Entry.objects.get(headword="Radek, Karl"), [])
    # The entry's single imported version is the one reversion recorded after the link.
    assert Version.objects.get_for_object(serge).count() == 1


def test_the_bulk_and_one_by_one_paths_record_the_same_versions(tmp_path, monkeypatch):
    themes = write_run(tmp_path)

    def import_and_read_versions() -> dict[str, dict]:
        with transaction.atomic():
            import_seed_documents(paths=[tmp_path], themes=themes)
            names = dict(Theme.objects.values_list("pk", "name"))
            rows = Version.objects.filter(content_type__model="entry")
            versions = {
                version.object_repr: [names[int(pk)] for pk in version.field_dict["themes"]]
                for version in rows
            }
            transaction.set_rollback(True)
        return versions

    in_bulk = import_and_read_versions()
    monkeypatch.setattr(importing, "create_entries_in_bulk", _refuse_bulk)
    assert import_and_read_versions() == in_bulk
    assert in_bulk == {
        "Serge, Victor": ["Historians", "Revolution"],
        "Zinoviev, Grigori": ["Revolution"],
        "Radek, Karl": [],
    }


def _refuse_bulk(*args, **kwargs):
    raise ValidationError("No bulk insert in this test.")


def test_existing_entries_keep_their_themes_and_earn_a_note(tmp_path):
    other = factories.make_theme("Other")
    serge = factories.make_published("Serge, Victor", themes=[other])
    zinoviev = factories.make_published("Zinoviev, Grigori")
    revisions, editions = Revision.objects.count(), Edition.objects.count()
    themes_path = tmp_path / "themes.list"
    themes_path.write_text(THEMES, encoding="utf-8")
    themes = parse_theme_list(themes_path.read_bytes(), name="themes.list")
    factories.write_seed(tmp_path, "c.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    report = import_seed_documents(paths=[tmp_path], themes=themes)
    assert (report.created, report.filed_under_themes) == (1, 0)
    assert theme_names(serge.themes) == ["Other"]
    assert theme_names(zinoviev.themes) == []
    assert Edition.objects.count() == editions + 1  # Radek's only
    assert Revision.objects.count() == revisions + 2  # the themes, and Radek
    assert report.notes == [
        "themes.list, line 3: “Serge, Victor” already existed, so its themes stay as editors "
        "left them (“Other”); the list files it under “Historians”, “Revolution”",
        "themes.list, line 4: “ZINOVIEV, Grigori” already existed, so its themes stay as "
        "editors left them (no theme); the list files it under “Revolution”",
    ]


def test_an_existing_entry_filed_as_the_list_says_earns_no_note(tmp_path):
    themes = parse_theme_list(b"Revolution\n  Serge, Victor\n", name="t.list")
    theme = factories.make_theme("Revolution")
    factories.make_published("Serge, Victor", themes=[theme])
    factories.write_seed(tmp_path, "c.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    report = import_seed_documents(paths=[tmp_path], themes=themes)
    assert (report.notes, report.warnings) == ([], [])
    assert Theme.objects.get().pk == theme.pk


def test_a_listed_headword_that_matches_no_entry_is_a_warning(tmp_path):
    themes = write_run(tmp_path)
    report = import_seed_documents(paths=[tmp_path], themes=themes)
    assert report.warnings == [
        f"{tmp_path / 'themes.list'}, line 8: “Nobody, Known” matches no entry, "
        "so nothing is filed under “Historians” for it"
    ]


def test_a_theme_is_found_by_name_or_by_slug(tmp_path):
    existing = Theme.objects.create(name="revolution", slug="revolution")
    themes = write_run(tmp_path)
    import_seed_documents(paths=[tmp_path], themes=themes)
    assert Theme.objects.count() == 2
    zinoviev = Entry.objects.get(headword="Zinoviev, Grigori")
    assert list(zinoviev.themes.all()) == [existing]


def test_a_dry_run_writes_no_theme(tmp_path):
    themes = write_run(tmp_path)
    report = import_seed_documents(paths=[tmp_path], themes=themes, dry_run=True)
    assert (report.created, report.filed_under_themes, len(report.warnings)) == (3, 2, 1)
    assert Theme.objects.count() == 0
    assert Entry.themes.through.objects.count() == 0
    assert (Entry.objects.count(), Revision.objects.count()) == (0, 0)


def test_re_running_the_same_files_and_list_changes_nothing(tmp_path):
    themes = write_run(tmp_path)
    import_seed_documents(paths=[tmp_path], themes=themes)

    def state() -> tuple:
        links = sorted(Entry.themes.through.objects.values_list("entry_id", "theme_id"))
        counts = [model.objects.count() for model in (Theme, Revision, Version, Edition)]
        return links, counts

    before = state()
    report = import_seed_documents(paths=[tmp_path], themes=themes)
    assert (report.unchanged, report.created, report.filed_under_themes) == (3, 0, 0)
    assert report.notes == []
    assert state() == before


def test_without_a_list_themes_cost_no_query(tmp_path):
    write_run(tmp_path)
    with CaptureQueriesContext(connection) as queries:
        import_seed_documents(paths=[tmp_path])
    table = f'"{Theme._meta.db_table}"'  # the theme links are read to publish, as always
    assert not any(table in query["sql"] for query in queries)
    assert Theme.objects.count() == 0


@pytest.mark.parametrize("files", [10, 40])
def test_the_list_adds_a_fixed_number_of_queries_to_a_bulk_import(
    tmp_path, files, django_assert_max_num_queries
):
    lines = ["Everyone"]
    for number in range(files):
        factories.write_seed(tmp_path, f"{number:03}.txt", f"Person{number}, Some", "Born.")
        lines.append(f"    Person{number}, Some")
    themes = parse_theme_list("\n".join(lines).encode(), name="t.list")
    with django_assert_max_num_queries(45 + 6):  # test_importing_bulk's limit, plus the themes
        report = import_seed_documents(paths=[tmp_path], themes=themes)
    assert report.filed_under_themes == files
    assert Edition.objects.current().filter(themes__name="Everyone").count() == files


def import_seeds(*args):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_takes_a_theme_list(tmp_path):
    write_run(tmp_path)
    folder, themes = str(tmp_path), str(tmp_path / "themes.list")
    out, err = import_seeds("--themes", themes, folder)
    assert out.strip().splitlines()[-1].endswith("2 filed under themes.")
    assert "3 created" in out  # themes.list is not read as a seed document
    assert err == "1 warning(s); -v 2 lists them.\n"
    assert theme_names(Entry.objects.get(headword="Serge, Victor").themes) == [
        "Historians",
        "Revolution",
    ]
    assert Edition.objects.current().filter(themes__slug="revolution").count() == 2


def test_the_command_prints_notes_about_existing_entries(tmp_path):
    factories.make_published("Serge, Victor")
    factories.write_seed(tmp_path, "c.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    (tmp_path / "t.list").write_text("Revolution\n  Serge, Victor\n", encoding="utf-8")
    out, _ = import_seeds("--themes", str(tmp_path / "t.list"), str(tmp_path))
    assert f"note: {tmp_path / 't.list'}, line 2: “Serge, Victor” already existed" in out


def test_the_command_refuses_a_bad_or_missing_theme_list(tmp_path):
    factories.write_seed(tmp_path, "c.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    bad = tmp_path / "bad.list"
    bad.write_bytes(b"  Radek, Karl\n")
    with pytest.raises(CommandError, match=r"bad\.list, line 1: an indented headword"):
        import_seeds("--themes", str(bad), str(tmp_path))
    with pytest.raises(CommandError, match=r"missing\.list: cannot be read"):
        import_seeds("--themes", str(tmp_path / "missing.list"), str(tmp_path))
    assert Entry.objects.count() == 0
