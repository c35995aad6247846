"""``check_entries``: run the quality checks over every entry, streaming what they find."""

import json
import resource
import sys
import time

from django.core.management.base import BaseCommand

from dictionary.models import Entry
from editorial.quality.models import Check
from editorial.quality.running import CHUNK_SIZE, stream_problems
from editorial.quality.services import store_findings


class Command(BaseCommand):
    help = (
        "Run the quality checks over all entries (or those named), store the findings for "
        "the Quality view, and print them as text or JSON. Entries are read in chunks, so "
        "memory stays bounded however many there are; progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)
        parser.add_argument(
            "--no-store", action="store_true", help="Print the findings without storing them."
        )
        parser.add_argument("--entry", action="append", help="Check only this slug (repeatable).")

    def handle(self, *args, **options):
        queryset = Entry.objects.all()
        if options["entry"]:
            queryset = queryset.filter(slug__in=options["entry"])
        total = queryset.count()
        report = JsonReport(self.stdout) if options["format"] == "json" else TextReport(self.stdout)
        started, checked, counts = time.monotonic(), 0, {}
        for chunk in stream_problems(queryset, size=options["chunk_size"]):
            if not options["no_store"]:
                store_findings(problems={entry.pk: found for entry, found in chunk})
            for entry, found in chunk:
                for problem in found:
                    counts[problem.rule] = counts.get(problem.rule, 0) + 1
                    report.finding(entry, problem)
            checked += len(chunk)
            self._progress(checked, total, sum(counts.values()), started)
        report.close(_summary(checked, counts, time.monotonic() - started))

    def _progress(self, checked: int, total: int, found: int, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stderr.write(
            f"checked {checked:,}/{total:,} entries, {found:,} findings, {elapsed:.1f} s"
        )


def _summary(checked: int, counts: dict, seconds: float) -> dict:
    return {
        "entries": checked,
        "findings": sum(counts.values()),
        "by_check": {rule: counts.get(rule, 0) for rule in Check.values},
        "seconds": round(seconds, 2),
        "max_rss_mb": round(_max_rss_kb() / 1024, 1),
    }


def _max_rss_kb() -> int:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage // 1024 if sys.platform == "darwin" else usage


class TextReport:
    def __init__(self, out):
        self.out = out

    def finding(self, entry, problem) -> None:
        self.out.write(
            f"{entry.headword} [{entry.slug}] {problem.rule}: “{problem.place}”\n"
            f"    {problem.message} {problem.suggestion}"
        )

    def close(self, summary: dict) -> None:
        by_check = ", ".join(f"{rule} {count}" for rule, count in summary["by_check"].items())
        self.out.write(
            f"{summary['entries']:,} entries checked, {summary['findings']:,} findings "
            f"({by_check}) in {summary['seconds']} s, peak memory {summary['max_rss_mb']} MB."
        )


class JsonReport:
    """One JSON document, written as it goes: {"findings": [...], "summary": {...}}."""

    def __init__(self, out):
        self.out, self.first = out, True
        self.out.write('{"findings": [', ending="")

    def finding(self, entry, problem) -> None:
        item = {
            "entry": entry.headword,
            "slug": entry.slug,
            "entry_id": entry.pk,
            "check": problem.rule,
            "place": problem.place,
            "message": problem.message,
            "suggestion": problem.suggestion,
        }
        self.out.write(
            ("\n" if self.first else ",\n") + json.dumps(item, ensure_ascii=False), ending=""
        )
        self.first = False

    def close(self, summary: dict) -> None:
        self.out.write('\n], "summary": ' + json.dumps(summary) + "}")
