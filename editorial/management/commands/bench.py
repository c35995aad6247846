"""`make bench`: build a large dictionary in its own database and time the pages that matter."""

import json
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from reversion.models import Revision, Version

from bench.database import run_manage, switch_to_bench_database
from bench.measure import Measurement, peak_rss_mb, time_page
from bench.pages import public_pages, staff_pages
from dictionary.models import Edition, Entry
from editorial.importing import import_seed_documents
from editorial.models import EntryWorkflow, State
from editorial.services import save_entry, submit_for_review

IMPORT_COPIES = 8
IMPORT_RUNS = 5


class Command(BaseCommand):
    help = "Build (or reuse) a bench dictionary of N entries and time pages, search and import."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, help="Size (100,000 on PostgreSQL, else 5,000).")
        parser.add_argument(
            "--reuse", action="store_true", help="Keep the bench database if it has entries."
        )
        parser.add_argument("--json", default="bench-results/bench.json", help="Results file.")
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page.")
        parser.add_argument(
            "--only",
            action="append",
            metavar="WORDS",
            help="Time only the pages whose label contains WORDS (repeatable), beside the bare "
            "view; the import and check_entries are then left out.",
        )

    def handle(self, *args, entries, reuse, json: str, runs: int, only, **options):
        vendor = connection.vendor
        size = entries or (100_000 if vendor == "postgresql" else 5_000)
        url = switch_to_bench_database(rebuild=not reuse)
        self.stdout.write(f"Bench database: {connection.settings_dict['NAME']} ({vendor})")
        run_manage(url, "migrate", "--noinput", "--verbosity", "0")
        if not Entry.objects.exists():
            self.stdout.write(f"Building {size} entries ...")
            run_manage(url, "generate_entries", str(size), "--skip-checks")
        with connection.cursor() as cursor:
            # Statistics and a visibility map, as autovacuum would leave them in production;
            # without them a freshly loaded table gets neither good plans nor index-only scans.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        # What each page costs to render: the page cache would answer every repeat of it, and
        # the API's throttle would answer most of the timed requests with 429.
        with override_settings(
            DEBUG=False,
            ROOT_URLCONF="bench.urls",
            HEADWORD_PAGE_CACHE_SECONDS=0,
            HEADWORD_API_RATE=None,
        ):
            results = self._measure_pages(runs, only)
            # What a web worker holds after serving every page; the import comes after.
            self.rss_after_pages = peak_rss_mb()
            throughput = None if only else self._measure_import()
        self.quality_checks = None if only else self._measure_check_entries(url)
        self._report(results, throughput, Path(json))

    def _measure_pages(self, runs: int, only: list[str] | None) -> list[Measurement]:
        reader, staff = Client(), Client()
        admin = _bench_admin()
        staff.force_login(admin)
        entry_id, revision_id = _entry_in_review(admin)
        pages = [(reader, *page) for page in public_pages()]
        pages += [(staff, *page) for page in staff_pages(entry_id, revision_id)]
        if only:
            pages = [p for p in pages if p[3] == "bare" or any(w in p[1] for w in only)]
        results = []
        for client, label, url, group in pages:
            results.append(time_page(client, label, url, group, runs=runs))
            self.stdout.write(f"  {label}: p95 {results[-1].p95_ms} ms")
        bare = next(r for r in results if r.group == "bare").p50_ms
        for result in results:
            result.ratio_to_bare = round(result.p50_ms / bare, 1) if bare else 0.0
        return results

    def _measure_import(self) -> dict:
        folder = Path(tempfile.mkdtemp(prefix="headword-bench-"))
        try:
            count = _copy_seeds(folder)
            # A dry run rolls back, so the same documents can be imported again: the median
            # of a few runs is steadier than one, on a machine that does other things too.
            runs = []
            for _ in range(IMPORT_RUNS):
                started = time.perf_counter()
                report = import_seed_documents(paths=[folder], dry_run=True)
                runs.append(time.perf_counter() - started)
        finally:
            shutil.rmtree(folder)
        seconds = statistics.median(runs)
        rate = round(count / seconds, 1)
        each = ", ".join(f"{count / run:.0f}" for run in runs)
        self.stdout.write(
            f"  seed import: {count} documents in {seconds:.2f} s = {rate}/s "
            f"(median of {IMPORT_RUNS} runs: {each}/s)"
        )
        return {
            "documents": count,
            "seconds": round(seconds, 3),
            "documents_per_second": rate,
            "runs_seconds": [round(run, 3) for run in runs],
            "created": report.created,
            "aliases": report.aliases,
            "failed": report.failed,
            "target_met": rate >= 500,
        }

    def _measure_check_entries(self, url: str) -> dict:
        """``check_entries`` over every entry, in a process of its own so that its peak
        memory is its own: the summary it prints (time, findings, peak RSS)."""
        printed = run_manage(url, "check_entries", "--format", "json", capture=True)
        summary = json.loads(printed)["summary"]
        self.stdout.write(
            f"  check_entries: {summary['entries']} entries in {summary['seconds']} s, "
            f"{summary['findings']} findings, peak RSS {summary['max_rss_mb']} MB"
        )
        return summary

    def _report(self, results: list[Measurement], throughput: dict, path: Path) -> None:
        size = _data_size()
        rss = peak_rss_mb()
        self.stdout.write("")
        self.stdout.write(_table(results))
        self.stdout.write("")
        sizes = ", ".join(f"{number} {name}" for name, number in size.items())
        self.stdout.write(f"Data: {sizes} ({connection.vendor})")
        if throughput:
            self.stdout.write(
                f"Seed import: {throughput['documents_per_second']} documents/s (target 500)"
            )
        self.stdout.write(
            f"Peak RSS after serving the pages: {self.rss_after_pages} MB (target: a worker "
            f"under 150 MB); after the seed import too: {rss} MB"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "database": connection.vendor,
            "data": size,
            "peak_rss_mb_after_pages": self.rss_after_pages,
            "peak_rss_mb": rss,
            "python": platform.python_version(),
            "django": django.get_version(),
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "pages": [result.as_dict() for result in results],
            "seed_import": throughput,
            "check_entries": self.quality_checks,
        }
        path.write_text(json.dumps(payload, indent=2) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Results written to {path}"))


def _bench_admin() -> User:
    admin, created = User.objects.get_or_create(
        username="bench-admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.org"},
    )
    if created:
        admin.set_unusable_password()
        admin.save()
    return admin


def _entry_in_review(admin: User) -> tuple[int, int | None]:
    """An entry with a submitted change, so the review screen has a diff to show."""
    edition = Edition.objects.current().order_by("sort_key").first()
    entry = edition.entry
    if not EntryWorkflow.objects.filter(entry=entry, state=State.IN_REVIEW).exists():
        entry.body += "\n\nA paragraph added for the bench's review screen."
        save_entry(entry=entry, user=admin, comment="Bench edit", loaded_version=entry.lock_version)
        submit_for_review(entry=entry, user=admin, message="Bench change")
    return entry.pk, edition.revision_id


def _copy_seeds(folder: Path) -> int:
    """Copies of the shipped seed documents under new headwords, so each one is a new entry."""
    count = 0
    for copy in range(IMPORT_COPIES):
        for seed in sorted((Path(settings.BASE_DIR) / "seeds").glob("*.txt")):
            lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
            if lines and lines[0].startswith("- "):
                lines[0] = f"{lines[0].rstrip()} (bench {copy})\n"
            if len(lines) > 1 and lines[1].startswith("- See ") and lines[1].rstrip().endswith("."):
                # A "See" document must point at this copy's headword, not the original.
                lines[1] = f"{lines[1].rstrip()[:-1]} (bench {copy}).\n"
            (folder / f"{copy:02d}_{seed.name}").write_text("".join(lines), encoding="utf-8")
            count += 1
    return count


def _data_size() -> dict[str, int]:
    return {
        "entries": Entry.objects.count(),
        "current editions": Edition.objects.current().count(),
        "editions": Edition.objects.count(),
        "revisions": Revision.objects.count(),
        "versions": Version.objects.count(),
    }


def _table(results: list[Measurement]) -> str:
    header = f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'x bare':>7}  target"
    lines = [header, "-" * len(header)]
    for r in results:
        met = r.meets_target()
        verdict = "" if met is None else ("met" if met else "MISSED")
        status = "" if r.status == 200 else f" (HTTP {r.status})"
        lines.append(
            f"{r.label[:34]:34} {r.p50_ms:8.2f} {r.p95_ms:8.2f} {r.queries:7d} "
            f"{r.ratio_to_bare:7.1f}  {verdict}{status}"
        )
    return "\n".join(lines)
