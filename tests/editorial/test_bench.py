"""The bench's arithmetic and its verdicts against the issue's targets."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from bench.measure import Measurement, percentile
from editorial.management.commands.bench import IMPORT_COPIES, IMPORT_RUNS


def _measurement(group, p95, queries=3, status=200):
    return Measurement("page", "/", group, status, 20, p95 / 2, p95, queries)


def test_percentile_is_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.5) == 50.0
    assert percentile(samples, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0


def test_public_pages_need_speed_and_few_queries():
    assert _measurement("public", 49.0).meets_target() is True
    assert _measurement("public", 51.0).meets_target() is False
    assert _measurement("public", 10.0, queries=9).meets_target() is False
    assert _measurement("public", 10.0, status=400).meets_target() is False


def test_search_and_admin_have_their_own_budgets():
    assert _measurement("search", 99.0, queries=20).meets_target() is True
    assert _measurement("admin", 149.0, queries=30).meets_target() is True
    assert _measurement("admin", 151.0).meets_target() is False
    assert _measurement("bare", 1.0).meets_target() is None


def test_make_bench_measures_every_page_and_the_import_in_one_run(tmp_path):
    """The whole command, on a small SQLite dictionary in a temporary folder: every page the
    issue lists, the bare view and the ratios to it, the import rate, a table and a JSON file.
    """
    base = Path(settings.BASE_DIR)
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'main.sqlite3'}",
        "HEADWORD_BENCH_SQLITE": str(tmp_path / "bench.sqlite3"),
    }
    results = tmp_path / "bench.json"
    command = [sys.executable, "manage.py", "bench", "--entries", "40", "--runs", "2"]
    done = subprocess.run(
        [*command, "--json", str(results)],
        cwd=base,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "p50 ms" in done.stdout and "x bare" in done.stdout
    data = json.loads(results.read_text())
    assert data["data"]["entries"] == 40
    pages = {page["label"]: page for page in data["pages"]}
    for label in [
        "bare Django view", "home page", "list, first page", "list, last page",
        "filter: letter S", "filter: type person", "filter: period 1900-1920",
        "filters combined",
        "search: common word", "search: rare word", "search: misspelling",
        "entry page", "editions list", "admin changelist", "review diff screen",
        "contributors index", "contributor page, most entries",
        "contributor page, last page", "filter: contributor",
    ]:  # fmt: skip
        assert label in pages, label
    assert any(label.startswith("list, deep page") for label in pages)
    assert any(label.startswith("combined + deep page") for label in pages)
    assert any(label.startswith("theme + deep page") for label in pages)
    assert any(label.startswith("filter: theme ") for label in pages)
    bare = pages["bare Django view"]["p50_ms"]
    for label, page in pages.items():
        assert page["status"] == 200 and page["runs"] == 2, page
        assert 0 < page["p50_ms"] <= page["p95_ms"] and page["ratio_to_bare"] > 0
        assert page["ratio_to_bare"] == round(page["p50_ms"] / bare, 1), page
        assert (page["queries"] == 0) == (label == "bare Django view"), page
    imported = data["seed_import"]
    seeds = len(list((base / "seeds").glob("*.txt")))
    assert imported["documents"] == seeds * IMPORT_COPIES and imported["failed"] == 0
    assert imported["documents_per_second"] > 0 and len(imported["runs_seconds"]) == IMPORT_RUNS
    checked = data["check_entries"]
    assert checked["entries"] == 40 and checked["max_rss_mb"] > 0
    assert set(checked["by_check"]) >= {"abbreviation", "similar-headword"}

    # --only times a subset on the same database, without the import and the checks.
    done = subprocess.run(
        [*command, "--reuse", "--only", "search:", "--json", str(results)],
        cwd=base,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    subset = json.loads(results.read_text())
    labels = {page["label"] for page in subset["pages"]}
    assert labels == {"bare Django view"} | {label for label in pages if "search:" in label}
    assert len(labels) >= 4 and subset["seed_import"] is None and subset["check_entries"] is None
