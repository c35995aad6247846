"""Create the Editors, Reviewers and Editors-in-chief groups with their permissions."""

from django.core.management.base import BaseCommand

from editorial.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the staff role groups (safe to run again)."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
