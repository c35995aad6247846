"""The role groups and the demo accounts: exactly the permissions each role needs."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

from editorial.roles import EDITORS, EDITORS_IN_CHIEF, REVIEWERS, setup_roles

pytestmark = pytest.mark.django_db


def _codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_setup_roles_is_idempotent(capsys):
    call_command("setup_roles")
    first = {name: _codenames(name) for name in (EDITORS, REVIEWERS, EDITORS_IN_CHIEF)}
    call_command("setup_roles")
    assert {name: _codenames(name) for name in first} == first
    assert Group.objects.filter(name__in=first).count() == 3
    # Their own: add and change for eight kinds of content (contributors and credits among
    # them), delete for four inline ones; and the view permissions (quality findings and
    # their dismissals among them).
    assert "Editors: 35 permissions" in capsys.readouterr().out


def test_setup_roles_removes_permissions_added_by_hand():
    setup_roles()
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.add(*Group.objects.get(name=EDITORS_IN_CHIEF).permissions.all())
    setup_roles()
    assert "publish_without_review" not in _codenames(EDITORS)


def test_editors_edit_content_but_neither_decide_nor_manage_people():
    setup_roles()
    codenames = _codenames(EDITORS)
    assert {
        "add_entry",
        "change_entry",
        "change_alias",
        "change_citation",
        "change_work",
    } <= codenames
    assert {"change_crossreference", "change_theme", "view_edition"} <= codenames
    assert not codenames & {"review_entry", "publish_without_review", "unpublish_entry"}
    assert not codenames & {"delete_entry", "change_user", "add_user", "change_group"}


def test_reviewers_view_and_review_only():
    setup_roles()
    codenames = _codenames(REVIEWERS)
    assert {"view_entry", "view_work", "review_entry"} <= codenames
    assert not any(name.startswith(("add_", "change_", "delete_")) for name in codenames)
    assert "publish_without_review" not in codenames


def test_chiefs_hold_everything_plus_people_and_the_explicit_publish_right():
    setup_roles()
    codenames = _codenames(EDITORS_IN_CHIEF)
    assert _codenames(EDITORS) | _codenames(REVIEWERS) <= codenames
    assert {"publish_without_review", "unpublish_entry", "change_user", "view_group"} <= codenames
    assert not {"delete_entry", "add_group", "change_group", "delete_group"} & codenames


def test_demo_accounts_are_staff_in_their_groups(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="demo-pass-123")
    out = capsys.readouterr().out
    assert "demo" in out.lower() and "never on a real site" in out
    for username, group in [
        ("editor", EDITORS),
        ("reviewer", REVIEWERS),
        ("chief", EDITORS_IN_CHIEF),
    ]:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert authenticate(username=username, password="demo-pass-123") == user


def test_demo_accounts_print_random_passwords_that_work(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    line = next(line for line in capsys.readouterr().out.splitlines() if "reviewer " in line)
    password = line.split("password ")[1].split()[0]
    assert authenticate(username="reviewer", password=password) is not None


def test_demo_accounts_refused_in_production_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_accounts")
    assert not User.objects.exists()
    call_command("create_demo_accounts", force=True, password="demo-pass-123")
    assert User.objects.count() == 3
