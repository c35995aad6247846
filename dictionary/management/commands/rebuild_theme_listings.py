"""Write every current edition's theme listings again (what theme lists are read from)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dictionary.theme_listings import relist_every_edition


class Command(BaseCommand):
    help = (
        "Write the theme listings of every current edition again from its theme links: after "
        "editions were loaded past the services (loaddata, a shell)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = relist_every_edition()
        self.stdout.write(self.style.SUCCESS(f"{rows} listings written."))
