"""Builders for test data. Each returns saved objects; keyword arguments override defaults."""

import itertools

import reversion
from django.contrib.auth.models import Group, User

from dictionary.models import Alias, Citation, CitationRole, Entry, Work
from dictionary.services import resolve_waiting_references, sync_inline_references

_numbers = itertools.count(1)


def make_user(username: str | None = None, *, role: str | None = None, **fields) -> User:
    """A staff user; ``role`` names a group created by setup_roles (created empty if missing)."""
    username = username or f"user{next(_numbers)}"
    user = User.objects.create_user(
        username=username,
        password="pass-for-tests",
        email=f"{username}@example.org",
        is_staff=True,
        **fields,
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def make_entry(
    headword: str | None = None,
    *,
    user=None,
    comment: str = "Created",
    aliases: tuple[str, ...] = (),
    **fields,
) -> Entry:
    """An entry saved inside one revision, with inline references derived from its body."""
    headword = headword or f"Entry {next(_numbers)}"
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        entry = Entry.objects.create(headword=headword, **fields)
        for name in aliases:
            Alias.objects.create(entry=entry, name=name)
        sync_inline_references(entry)
        resolve_waiting_references(entry)
    return entry


def make_work(title: str | None = None, **fields) -> Work:
    return Work.objects.create(title=title or f"Work {next(_numbers)}", **fields)


def cite(
    entry: Entry, work: Work, *, role: str = CitationRole.FURTHER_READING, **fields
) -> Citation:
    return Citation.objects.create(entry=entry, work=work, role=role, **fields)


def publish(entry: Entry, *, user=None, summary: str = "Published"):
    """Publish the entry's working copy as its next edition (through the real service)."""
    from editorial.services import publish_entry

    return publish_entry(entry=entry, user=user, summary=summary, without_review=True)
