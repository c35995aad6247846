"""Derive every entry's stored names again (the names the importer links first mentions by)."""

from django.core.management.base import BaseCommand

from dictionary.services import rebuild_entry_names


class Command(BaseCommand):
    help = (
        "Derive every entry's stored names again from its headword and aliases: after data "
        "was loaded past the services (loaddata, a shell) or the naming rule changed."
    )

    def handle(self, *args, **options):
        rows = rebuild_entry_names(progress=self._progress)
        self.stdout.write(self.style.SUCCESS(f"{rows} names stored."))

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done}/{total} entries")
