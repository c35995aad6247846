"""Rebuild the readers' bulk downloads of the current editions (JSON, CSV, TEI)."""

import time

from django.core.management.base import BaseCommand

from dictionary.exporting.bulk import build_downloads, downloads_directory, is_stale


class Command(BaseCommand):
    help = (
        "Write the bulk downloads (all current editions as JSON, CSV and TEI) to "
        "HEADWORD_DOWNLOADS_DIR. With --if-changed (for cron), only when publication changed "
        "something since the last build."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-changed", action="store_true", help="Skip if nothing changed.")

    def handle(self, *args, if_changed: bool, **options):
        if if_changed and not is_stale():
            self.stdout.write("The downloads are up to date.")
            return
        started = time.perf_counter()
        built = build_downloads()
        sizes = ", ".join(f"{item.name} ({item.size // 1024} KB)" for item in built)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Built {sizes} in {downloads_directory()} in {seconds:.1f} s.")
