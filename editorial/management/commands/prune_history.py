"""Delete old draft revisions of entries; never one behind an edition or a review."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from editorial.pruning import prune_revisions


class Command(BaseCommand):
    help = (
        "Delete entry revisions older than --older-than days beyond each entry's --keep newest. "
        "Revisions behind an edition, a review or a workflow step are always kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=int, default=10, help="Newest revisions kept per entry (default 10)."
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=90,
            dest="older_than",
            help="Only revisions older than this many days are deleted (default 90).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, keep, older_than, dry_run, **options):
        try:
            result = prune_revisions(
                keep=keep, older_than_days=older_than, dry_run=dry_run, progress=self._progress
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.revisions} revisions and {result.versions} versions "
                f"(kept the newest {keep} per entry and everything from the last {older_than} "
                "days, editions and reviews)."
            )
        )

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % 10_000 == 0:
            self.stdout.write(f"  {done}/{total} revisions")
