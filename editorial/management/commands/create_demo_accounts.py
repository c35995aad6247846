"""Create the demo accounts editor, reviewer and chief, one per role (demo only)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from editorial.roles import EDITORS, EDITORS_IN_CHIEF, REVIEWERS, setup_roles

DEMO_ACCOUNTS = [("editor", EDITORS), ("reviewer", REVIEWERS), ("chief", EDITORS_IN_CHIEF)]


class Command(BaseCommand):
    help = "Create staff accounts editor, reviewer and chief for trying the workflow (demo only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Create them even when DEBUG is off."
        )
        parser.add_argument(
            "--password", help="Use this password for all three instead of random ones."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: demo accounts on a real site are a risk. Use --force to insist."
            )
        setup_roles()
        self.stdout.write("Demo accounts, for trying Headword out only; never on a real site:")
        for username, role in DEMO_ACCOUNTS:
            password = options["password"] or secrets.token_urlsafe(9)
            self._create(username, role, password)
            self.stdout.write(f"  {username:<9} password {password}  ({role})")

    def _create(self, username: str, role: str, password: str) -> None:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
