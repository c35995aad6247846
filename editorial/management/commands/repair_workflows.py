"""Give entries written past the services (``loaddata``, a shell) their workflow rows."""

from django.core.management.base import BaseCommand

from editorial.services import entries_without_workflow, repair_workflows


class Command(BaseCommand):
    help = (
        "Make the missing workflow row of every entry, in the state its editions imply "
        "(published with a current edition, withdrawn with only past ones, else draft)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="Entries a transaction.")

    def handle(self, *args, batch_size: int, **options):
        total = entries_without_workflow().count()
        if not total:
            self.stdout.write(self.style.SUCCESS("Every entry has its workflow row."))
            return
        self.stdout.write(f"{total} entries have no workflow row; making them ...")
        made = repair_workflows(
            batch_size=batch_size,
            progress=lambda done: self.stdout.write(f"  {done}/{total} entries"),
        )
        left = entries_without_workflow().count()
        self.stdout.write(
            self.style.SUCCESS(f"Made {made} workflow rows; {left} entries are still without.")
        )
