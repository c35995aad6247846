"""`make loadtest`'s driver: which databases it may build, wrk's readers and their leak
check, and the report of both drivers' figures."""

import argparse
import asyncio
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import loadtest


@pytest.mark.parametrize(
    "name", ["headword_bench", "headword_bench_old", "test", "test_loadtest", "postgres", "x;y"]
)
def test_the_load_test_never_builds_or_writes_to_another_database(name):
    # Refused before psql is run: its editors save entries in the database it is given.
    with pytest.raises(SystemExit, match="Not a database the load test may"):
        loadtest.ensure_database(f"postgres://postgres@127.0.0.1:5432/{name}")


def test_wrk_reads_the_cached_entries_only():
    expected = "wrk" if shutil.which("wrk") else "python"
    assert loadtest.choose_driver("auto", "entries") == expected
    assert loadtest.choose_driver("auto", "mix") == "python"
    assert loadtest.choose_driver("python", "entries") == "python"
    with pytest.raises(SystemExit, match="only --scenario entries"):
        loadtest.choose_driver("wrk", "search")


class _Pages(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    asked: list[str] = []

    def do_GET(self):
        _Pages.asked.append(self.path)
        body = f"<p>{loadtest.CANARY}1x2</p>" if self.path == "/draft/" else "<p>Approved</p>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def pages_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk")
@pytest.mark.parametrize("paths, leaking", [(["/a/", "/b/"], False), (["/a/", "/draft/"], True)])
def test_wrk_counts_its_requests_and_every_page_with_a_draft(pages_server, paths, leaking):
    args = argparse.Namespace(
        port=pages_server, readers=2, wrk_threads=1, duration=1, scenario="entries"
    )
    results = loadtest.Results()
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, loadtest.wrk_readers(args, {"entries": paths}, results)).result()
    summary = results.summaries["entry (cached, wrk)"]
    assert summary["requests"] > 10 and summary["errors"] == summary["non_2xx_3xx"] == 0
    assert 0 < summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"]
    assert (summary["leaks"] > 0) is leaking and bool(results.leaks) is leaking


def test_the_report_keeps_wrks_figures_apart_and_names_the_load_average(capsys):
    args = argparse.Namespace(
        workers=2, threads=4, redis="none", scenario="entries", driver="wrk", readers=16,
        editors=1, editor_pause=5.0, duration=30,
    )  # fmt: skip
    results = loadtest.Results(load_before=(1.5, 1.0, 0.5), load_after=(2.0, 1.2, 0.6))
    results.summaries["entry (cached, wrk)"] = {
        "requests": 3000, "seconds": 3.0, "p50_ms": 4.0, "p95_ms": 9.04, "p99_ms": 12.0,
        "errors": 1, "non_2xx_3xx": 2, "leaks": 0,
    }  # fmt: skip
    results.record("editor save", 0.2, True)
    results.record("editor save", 0.4, False)
    summary = loadtest.report(args, results, elapsed=3.0)
    rows = {row["kind"]: row for row in summary["rows"]}
    assert rows["entry (cached, wrk)"] == {
        "kind": "entry (cached, wrk)", "requests": 3000, "per_second": 1000.0, "p50_ms": 4.0,
        "p95_ms": 9.0, "p99_ms": 12.0, "errors": 3,
    }  # fmt: skip
    assert rows["editor save"]["requests"] == 2 and rows["editor save"]["errors"] == 1
    assert "all" not in rows  # wrk's percentiles cannot be merged with the editors'
    assert summary["load_average"] == {"start": (1.5, 1.0, 0.5), "end": (2.0, 1.2, 0.6)}
    printed = capsys.readouterr().out
    assert "1 editors (pause 5 s)" in printed and "load average 1.50 -> 2.00" in printed


def test_submitted_text_is_a_leak_only_before_its_approval_began():
    results = loadtest.Results()
    results.pending.add("approvable1x2")
    page = b"<p>Added: approvable1x2.</p>"
    loadtest.check_leak(results, "/entries/a/", page)
    assert results.leaks == ["/entries/a/: approvable1x2 before its approval began"]
    results.approved_at["approvable1x2"] = 10.0
    loadtest.check_leak(results, "/entries/a/", page)  # may have been rendered after it
    loadtest.check_leak(results, "/entries/b/", f"{loadtest.CANARY}1x1".encode())
    assert results.leaks[1:] == ["/entries/b/: a never-approved draft"]


def test_the_editors_save_only_the_rows_the_entry_has():
    fields = [
        ("body", "Text"), ("citations-TOTAL_FORMS", "2"), ("citations-INITIAL_FORMS", "1"),
        ("citations-0-id", "7"), ("citations-0-role", "source"),
        ("citations-1-id", ""), ("citations-1-role", "source"), ("citations-1-confirmed", "on"),
        ("aliases-TOTAL_FORMS", "1"), ("aliases-INITIAL_FORMS", "0"), ("aliases-0-name", ""),
    ]  # fmt: skip
    assert loadtest.without_extra_rows(fields) == [
        ("body", "Text"), ("citations-TOTAL_FORMS", "1"), ("citations-INITIAL_FORMS", "1"),
        ("citations-0-id", "7"), ("citations-0-role", "source"),
        ("aliases-TOTAL_FORMS", "0"), ("aliases-INITIAL_FORMS", "0"),
    ]  # fmt: skip


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk")
def test_wrk_reads_the_uncached_mix_each_at_an_address_of_its_own(pages_server):
    urls = {"entries": ["/a/", "/b/"], "editions": ["/a/editions/1/"], "entry_ids": [1, 2]}
    paths, kind, unique = loadtest.wrk_paths("uncached", urls)
    assert unique and kind == "mixed reads (uncached, wrk)" and len(paths) == 20000
    assert {"/", "/a/", "/a/editions/1/"} <= set(paths)
    assert any(path.startswith("/entries/?q=") for path in paths)
    args = argparse.Namespace(
        port=pages_server, readers=2, wrk_threads=1, duration=1, scenario="uncached"
    )
    results = loadtest.Results()
    _Pages.asked.clear()
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, loadtest.wrk_readers(args, urls, results)).result()
    assert results.summaries[kind]["requests"] > 10
    assert len(set(_Pages.asked)) == len(_Pages.asked)  # no address asked twice
    assert all("nocache=" in path for path in _Pages.asked)
