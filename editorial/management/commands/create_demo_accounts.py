"""Create the demo accounts editor, reviewer and chief, one per role (demo only)."""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from editorial.roles import EDITORS, EDITORS_IN_CHIEF, REVIEWERS, setup_roles

DEMO_ACCOUNTS = [("editor", EDITORS), ("reviewer", REVIEWERS), ("chief", EDITORS_IN_CHIEF)]


class Command(BaseCommand):
    help = (
        "Create staff accounts editor, reviewer and chief for trying the workflow (demo only). "
        "Their passwords are kept in a file (var/demo-accounts.json, git-ignored), so running "
        "it again, as every `make demo` does, keeps the logins people already use."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Create them even when DEBUG is off."
        )
        parser.add_argument(
            "--password", help="Use this password for all three instead of random ones."
        )
        parser.add_argument(
            "--new-passwords",
            action="store_true",
            help="Make new random passwords instead of keeping the ones in the accounts file.",
        )
        parser.add_argument(
            "--accounts-file",
            type=Path,
            help="Where the passwords are kept (default: var/demo-accounts.json).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: demo accounts on a real site are a risk. Use --force to insist."
            )
        setup_roles()
        path = options["accounts_file"] or Path(settings.BASE_DIR) / "var" / "demo-accounts.json"
        kept = {} if options["new_passwords"] else self._read(path)
        passwords = {
            username: options["password"] or kept.get(username) or secrets.token_urlsafe(9)
            for username, _ in DEMO_ACCOUNTS
        }
        self.stdout.write("Demo accounts, for trying Headword out only; never on a real site:")
        for username, role in DEMO_ACCOUNTS:
            self._create(username, role, passwords[username])
            self.stdout.write(f"  {username:<9} password {passwords[username]}  ({role})")
        _write_private(path, json.dumps(passwords, indent=2) + "\n")
        self.stdout.write(f"Kept in {path} for the next run; --new-passwords makes new ones.")

    def _read(self, path: Path) -> dict[str, str]:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            self.stderr.write(f"Could not read {path} ({error}); making new passwords.")
            return {}
        if not isinstance(kept, dict):
            return {}
        return {name: value for name, value in kept.items() if isinstance(value, str) and value}

    def _create(self, username: str, role: str, password: str) -> None:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])


def _write_private(path: Path, text: str) -> None:
    """Write the file readable by its owner only: it holds passwords."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
