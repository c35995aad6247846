"""Export the dictionary as JSON, CSV or TEI Lex-0 (see README, "Exporting the dictionary")."""

import resource
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dictionary.exporting.writers import FORMATS, export


class Command(BaseCommand):
    help = (
        "Write the dictionary to OUT ('-' for standard output): JSON (every entry, its "
        "editions and works; lossless), CSV (one row per entry) or TEI Lex-0 (current editions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write, or - for standard output.")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="fmt")
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Only published entries, as readers see their editions (no working copies).",
        )
        parser.add_argument(
            "--with-history",
            action="store_true",
            help="JSON only: add every entry's history revisions.",
        )

    def handle(self, *args, out, fmt, published_only, with_history, **options):
        if with_history and fmt != "json":
            raise CommandError("--with-history goes with --format json only.")
        started = time.perf_counter()
        settings.DEBUG = False  # else Django keeps the text of the last 9,000 statements
        options = {"fmt": fmt, "published_only": published_only, "with_history": with_history}
        if out == "-":
            summary = export(sys.stdout.buffer, **options)
        else:
            with Path(out).open("wb") as target:
                summary = export(target, progress=self._progress, **options)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stderr.write(
            f"Exported {summary.entries} entries, {summary.editions} editions, "
            f"{summary.works} works and {summary.contributors} contributors as {fmt} in "
            f"{seconds:.1f} s (peak memory {peak:.0f} MB)."
        )

    def _progress(self, done: int) -> None:
        if done % 5000 < 500:
            self.stderr.write(f"  {done} entries ...")
