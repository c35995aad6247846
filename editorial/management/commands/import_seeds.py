"""`manage.py import_seeds PATH...`: import seed documents (files or folders of *.txt)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dictionary.seed_format import SeedFormatError
from dictionary.theme_list import parse_theme_list
from editorial.importing import import_seed_documents

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Import seed documents as entries (published unless --as-drafts). Files and folders "
        "(every *.txt in them and their subfolders, in name order) are accepted; each file is "
        "one transaction. A file's entry is found again by its path from the folder named."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Seed files or folders.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report; write nothing."
        )
        parser.add_argument(
            "--as-drafts", action="store_true", help="Leave imported entries unpublished."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply changed files even over an editor's later edits (as a new revision).",
        )
        parser.add_argument("--user", metavar="USERNAME", help="Record the import as this user.")
        parser.add_argument(
            "--themes",
            metavar="FILE",
            help="A theme list: file the entries this run creates under the themes it names.",
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Also write every finding per file (unparsed dates, works to confirm, skipped "
            "links, stripped boilerplate, errors) to FILE: CSV if it ends in .csv, else JSON.",
        )

    def handle(self, *args, **options):
        themes = self._theme_list(options["themes"])
        try:
            report = import_seed_documents(
                paths=options["paths"],
                user=self._user(options["user"]),
                dry_run=options["dry_run"],
                as_drafts=options["as_drafts"],
                force=options["force"],
                progress=self._progress_printer(options["verbosity"]),
                themes=themes,
            )
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        self._print_findings(report, options["verbosity"])
        if options["report"]:
            report.write_findings(options["report"])
            self.stdout.write(f"Findings written to {options['report']}.")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(
                f"{report.failed} file(s) failed and {report.conflicts} conflicted; "
                "the other files were imported."
            )

    def _print_findings(self, report, verbosity: int) -> None:
        for line in report.errors + report.conflict_notes:
            self.stderr.write(line)
        if verbosity > 0:
            for line in report.notes:
                self.stdout.write(f"note: {line}")
        if verbosity > 1:
            for line in report.warnings:
                self.stderr.write(f"warning: {line}")
        elif verbosity == 1 and report.warnings:
            self.stderr.write(f"{len(report.warnings)} warning(s); -v 2 lists them.")

    def _theme_list(self, path: str | None):
        if not path:
            return None
        try:
            return parse_theme_list(Path(path).read_bytes(), name=path)
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror})") from error
        except SeedFormatError as error:
            raise CommandError(str(error)) from error

    def _user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error

    def _progress_printer(self, verbosity: int):
        def report_progress(done: int, total: int, path: str, outcome: str) -> None:
            if verbosity > 1:
                self.stdout.write(f"[{done}/{total}] {path}: {outcome}")
            elif verbosity == 1 and done % PROGRESS_EVERY == 0:
                self.stdout.write(f"{done}/{total} documents…")

        return report_progress
