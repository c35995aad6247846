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


@pytest.fixture
def accounts_file(tmp_path):
    """Where the demo accounts' passwords are kept: never the project's own var/."""
    return tmp_path / "var" / "demo-accounts.json"


def _printed_passwords(out: str) -> dict[str, str]:
    return {
        line.split()[0]: line.split("password ")[1].split()[0]
        for line in out.splitlines()
        if " password " in line
    }


def test_demo_accounts_are_staff_in_their_groups(settings, capsys, accounts_file):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="demo-pass-123", accounts_file=accounts_file)
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


def test_demo_accounts_print_random_passwords_that_work(settings, capsys, accounts_file):
    settings.DEBUG = True
    call_command("create_demo_accounts", accounts_file=accounts_file)
    passwords = _printed_passwords(capsys.readouterr().out)
    assert sorted(passwords) == ["chief", "editor", "reviewer"]
    assert len(set(passwords.values())) == 3
    assert authenticate(username="reviewer", password=passwords["reviewer"]) is not None


def test_demo_accounts_refused_in_production_unless_forced(settings, accounts_file):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_accounts", accounts_file=accounts_file)
    assert not User.objects.exists() and not accounts_file.exists()
    call_command(
        "create_demo_accounts", force=True, password="demo-pass-123", accounts_file=accounts_file
    )
    assert User.objects.count() == 3


def test_a_second_run_keeps_the_passwords_people_already_use(settings, capsys, accounts_file):
    settings.DEBUG = True
    call_command("create_demo_accounts", accounts_file=accounts_file)
    first = _printed_passwords(capsys.readouterr().out)
    call_command("create_demo_accounts", accounts_file=accounts_file)
    out = capsys.readouterr().out
    assert _printed_passwords(out) == first
    assert f"Kept in {accounts_file}" in out
    assert authenticate(username="editor", password=first["editor"]) is not None
    # Only the person running the demo may read them.
    assert accounts_file.stat().st_mode & 0o777 == 0o600


def test_a_new_database_gets_the_kept_passwords(settings, capsys, accounts_file):
    settings.DEBUG = True
    call_command("create_demo_accounts", accounts_file=accounts_file)
    first = _printed_passwords(capsys.readouterr().out)
    User.objects.all().delete()  # as after `make clean-db`
    call_command("create_demo_accounts", accounts_file=accounts_file)
    assert authenticate(username="chief", password=first["chief"]) is not None


def test_a_given_password_is_kept_and_new_passwords_replace_it(settings, capsys, accounts_file):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="demo-pass-123", accounts_file=accounts_file)
    call_command("create_demo_accounts", accounts_file=accounts_file)
    capsys.readouterr()
    assert authenticate(username="reviewer", password="demo-pass-123") is not None
    call_command("create_demo_accounts", new_passwords=True, accounts_file=accounts_file)
    fresh = _printed_passwords(capsys.readouterr().out)
    assert "demo-pass-123" not in fresh.values()
    assert authenticate(username="reviewer", password="demo-pass-123") is None
    assert authenticate(username="reviewer", password=fresh["reviewer"]) is not None


def test_an_unreadable_accounts_file_is_replaced_with_new_passwords(
    settings, capsys, accounts_file
):
    settings.DEBUG = True
    accounts_file.parent.mkdir(parents=True)
    accounts_file.write_text("{not json")
    call_command("create_demo_accounts", accounts_file=accounts_file)
    captured = capsys.readouterr()
    assert f"Could not read {accounts_file}" in captured.err
    passwords = _printed_passwords(captured.out)
    assert authenticate(username="editor", password=passwords["editor"]) is not None
    assert "not json" not in accounts_file.read_text()
