"""`manage.py import_dictionary FILE`: read a JSON export back (README, "Importing an export")."""

import resource
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from editorial.loading import ExportFileError, NotEmptyError, check_export, import_dictionary


class Command(BaseCommand):
    help = (
        "Import a JSON export (export_dictionary --format json) into an empty database, in one "
        "transaction; with --merge, add only the themes, contributors, works and entries "
        "missing here and report what differs, changing nothing here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A JSON export of format version 2 (with its history, if it has it)."
        )
        parser.add_argument(
            "--merge",
            action="store_true",
            help="Into a database that has content: add what is missing, report differences.",
        )

    def handle(self, *args, file, merge, **options):
        started = self.started = time.perf_counter()
        # With DEBUG on, Django keeps the text of the last 9,000 statements: the bulk inserts
        # of entries with their bodies made that 500 MB at 100,000 entries.
        settings.DEBUG = False
        try:
            outline = check_export(file, progress=self._checked)
            self.stderr.write(
                f"Checked {file}: {outline.entries} entries, {len(outline.works)} works "
                f"({time.perf_counter() - started:.1f} s)."
            )
            summary = import_dictionary(
                outline=outline, source=file, merge=merge, progress=self._progress
            )
        except (ExportFileError, NotEmptyError) as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        except IntegrityError as error:  # e.g. a theme's name taken here by another slug
            raise CommandError(
                f"{file}: a row conflicts with one here ({' '.join(str(error).split())}). "
                "Nothing was imported."
            ) from error
        except ValidationError as error:  # a row refused on the way: all was rolled back
            raise CommandError(
                f"{file}: {' '.join(error.messages)} Nothing was imported."
            ) from error
        for line in summary.differences:
            self.stdout.write(f"differs: {line}")
        if summary.history_left_out:
            self.stdout.write(
                "note: the file's history revisions were not imported (a merge imports none); "
                "each added entry's history here starts with its import."
            )
        for name in summary.users_created:
            self.stdout.write(
                f"note: {name!r}, who approved editions or saved revisions in the file, was "
                "not a user here: created, inactive."
            )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kept = f"; {summary.kept} entries already here kept as they are" if merge else ""
        self.stdout.write(
            f"Imported {summary.entries} entries, {summary.editions} editions, {summary.works} "
            f"works, {summary.contributors} contributors, {summary.themes} themes and "
            f"{summary.revisions} history revisions in {seconds:.1f} s (peak memory "
            f"{peak:.0f} MB){kept}; {len(summary.differences)} differences reported."
        )

    def _checked(self, done: int) -> None:
        self.stderr.write(f"  checked: {done} entries ({time.perf_counter() - self.started:.0f} s)")

    def _progress(self, stage: str, done: int, total: int) -> None:
        if done % 5000 == 0 or done == total:
            seconds = time.perf_counter() - self.started
            self.stderr.write(f"  {stage}: {done}/{total} ({seconds:.0f} s)")
