"""Write every current edition's theme listings again (what theme lists are read from)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dictionary.editions import list_current_editions


class Command(BaseCommand):
    help = (
        "Write the theme listings of every current edition again from its theme links: after "
        "editions were loaded past the services (loaddata, a shell)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = list_current_editions()
        self.stdout.write(self.style.SUCCESS(f"{rows} listings written."))
