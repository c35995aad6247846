"""`manage.py import_seeds`: arguments, progress, summary, errors and exit status."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Revision

from dictionary.models import Alias, Edition, Entry
from tests import factories

pytestmark = pytest.mark.django_db


def import_seeds(*args, verbosity: int = 1):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue(), err.getvalue()


def test_imports_a_folder_and_prints_a_summary(tmp_path):
    factories.write_seed(
        tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born. The Case of Comrade Tulayev (1950)."
    )
    factories.write_seed(tmp_path, "b.txt", "Khibalchich, Victor", "See Serge, Victor.")
    (tmp_path / "notes.md").write_text("not a seed")
    out, err = import_seeds(str(tmp_path))
    summary = out.strip().splitlines()[-1]
    assert "2 documents in" in summary and "documents/s" in summary
    assert (
        "1 created, 0 updated, 0 unchanged, 1 aliases, 0 conflicts, 0 failed, "
        "2 citations extracted." in summary
    )
    assert err == ""
    assert Edition.objects.current().count() == 1
    assert Alias.objects.get().name == "Khibalchich, Victor"


def test_verbose_progress_names_each_file(tmp_path):
    first = factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born.")
    second = factories.write_seed(tmp_path, "b.txt", "Radek, Karl", "(1885–1939)Born.")
    out, _ = import_seeds(str(first), str(second), verbosity=2)
    assert f"[1/2] {first}: created" in out
    assert f"[2/2] {second}: created" in out


def test_quiet_progress_every_hundred_files(tmp_path):
    for number in range(100):
        factories.write_seed(tmp_path, f"{number:03}.txt", f"Person{number}, Some", "Born.")
    out, _ = import_seeds(str(tmp_path), "--as-drafts")
    assert "100/100 documents…" in out


def test_failures_are_printed_and_the_exit_status_is_non_zero(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"- Serge, Victor\n")
    factories.write_seed(tmp_path, "b.txt", "Radek, Karl", "(1885–1939)Born.")
    err = StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) failed and 0 conflicted"):
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=err)
    assert f"{tmp_path / 'a.txt'}, line 2: the body line is missing" in err.getvalue()
    assert list(Entry.objects.values_list("headword", flat=True)) == ["Radek, Karl"]


def test_the_exit_status_is_non_zero_through_manage_py(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "a.txt").write_bytes(b"")
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "import_seeds", "--dry-run", "--skip-checks", str(tmp_path)],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{tmp_path / 'a.txt'}, line 1: the file is empty" in done.stderr


def test_dry_run_writes_nothing(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born.")
    out, _ = import_seeds(str(tmp_path), "--dry-run")
    assert out.strip().splitlines()[-1].startswith("Dry run, nothing written: 1 documents")
    assert Entry.objects.count() == 0
    assert Revision.objects.count() == 0


def test_as_drafts_user_and_force(tmp_path, editor):
    path = factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born.")
    import_seeds(str(path), "--as-drafts", "--user", "editor")
    entry = Entry.objects.get()
    assert not entry.editions.exists()
    assert Revision.objects.get().user == editor
    factories.make_entry("Unrelated")  # a revision unrelated to the entry changes nothing
    entry.body = "Edited."
    entry.save()
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    with pytest.raises(CommandError, match="0 file\\(s\\) failed and 1 conflicted"):
        import_seeds(str(path), "--as-drafts")
    out, _ = import_seeds(str(path), "--as-drafts", "--force")
    assert "1 updated" in out
    entry.refresh_from_db()
    assert entry.body == "Born in Brussels."


def test_unknown_user_and_missing_path_are_errors(tmp_path):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        import_seeds(str(tmp_path), "--user", "nobody")
    with pytest.raises(CommandError, match="no such file or folder"):
        import_seeds(str(tmp_path / "missing"))


def test_report_writes_every_finding_per_file(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    path = factories.write_seed(seeds, "a.txt", "Holt, Bram", "(Easter 1873–soon)Born.")
    out, _err = import_seeds(str(seeds), "--report", str(tmp_path / "findings.json"))
    assert f"Findings written to {tmp_path / 'findings.json'}." in out
    findings = json.loads((tmp_path / "findings.json").read_text())
    assert findings["files"][str(path)] == [
        {
            "line": 2,
            "kind": "unparsed dates",
            "message": "dates not understood, kept as printed: Easter 1873–soon",
        }
    ]
