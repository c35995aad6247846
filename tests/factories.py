"""Builders for test data. Each returns saved objects; keyword arguments override defaults."""

import itertools
from contextlib import contextmanager

from django.contrib.auth.models import Group, User
from django.db import transaction

from dictionary.models import (
    Alias,
    Citation,
    CitationRole,
    Contributor,
    Credit,
    CreditRole,
    CrossReference,
    Entry,
    Work,
)

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
    """An entry created by the one entry writer (``create_entries``): one revision, inline
    references derived from its body, a draft workflow row."""
    from editorial.services import NewEntry, create_entries

    entry = Entry(headword=headword or f"Entry {next(_numbers)}", **fields)
    new = NewEntry(entry=entry, comment=comment, aliases=[Alias(name=name) for name in aliases])
    create_entries(entries=[new], user=user)
    return entry


def make_work(title: str | None = None, **fields) -> Work:
    return Work.objects.create(title=title or f"Work {next(_numbers)}", **fields)


def cite(
    entry: Entry, work: Work, *, role: str = CitationRole.FURTHER_READING, **fields
) -> Citation:
    return Citation.objects.create(entry=entry, work=work, role=role, **fields)


def make_serge() -> Entry:
    """Victor Serge with an alias, a theme, a work cited, an inline reference and a "see
    also": an entry with something in each part of its snapshot, in two revisions."""
    entry = make_entry(
        "Serge, Victor",
        dates="1890–1947",
        body="A revolutionary writer. See [[Zinoviev, Grigori]].",
        aliases=("Kibalchich, Victor",),
    )
    work = make_work(
        "Memoirs of a Revolutionary", year=1951, authors=[{"family": "Serge", "given": "Victor"}]
    )
    with revising(entry, comment="Cited"):
        entry.themes.add(make_theme("Anarchism"))
        cite(entry, work, role=CitationRole.WORK_BY_SUBJECT, locator="pp. 1–20")
        CrossReference.objects.create(source=entry, target_text="Trotsky, Leon", kind="see-also")
    return entry


def make_contributor(family: str | None = None, given: str = "Ada", **fields) -> Contributor:
    """A person (or, with ``literal=``, a body) who may sign entries."""
    if "literal" in fields:
        return Contributor.objects.create(**fields)
    return Contributor.objects.create(
        family=family or f"Writer{next(_numbers)}", given=given, **fields
    )


def credit(
    entry: Entry, contributor: Contributor, *, role: str = CreditRole.AUTHOR, order: int = 0
) -> Credit:
    """Sign the entry (outside a revision: wrap it in ``revising`` to record it)."""
    return Credit.objects.create(entry=entry, contributor=contributor, role=role, order=order)


def publish(entry: Entry, *, user=None, summary: str = "Published"):
    """Publish the entry's working copy as its next edition (through the real service)."""
    from editorial.services import publish_entry

    return publish_entry(entry=entry, user=user, summary=summary, without_review=True)


@contextmanager
def revising(entry: Entry, *, user=None, comment: str = "Revised"):
    """Changes made in the block are saved by ``save_entry``, as one revision of the whole
    entry (and its lock version raised, and the workflow told, as any edit).

    Change the entry's own fields in the block (``entry.save()`` is optional); related rows
    (aliases, citations, cross-references) may be created, changed or deleted freely.
    """
    from editorial.services import save_entry

    with transaction.atomic():
        loaded = entry.lock_version
        yield entry
        save_entry(entry=entry, user=user, comment=comment, loaded_version=loaded)


def latest_revision(entry: Entry):
    """The newest history revision that contains the entry (the service's own reading)."""
    from editorial.services import latest_revision as newest

    return newest(entry)


def make_roles() -> None:
    """The Editors, Reviewers and Editors-in-chief groups with their real permissions."""
    from editorial.roles import setup_roles

    setup_roles()


def revise(entry: Entry, *, user, comment: str = "Revised", **changes) -> Entry:
    """Change the entry's own fields as an admin save does (``save_entry``)."""
    with revising(entry, user=user, comment=comment):
        for name, value in changes.items():
            setattr(entry, name, value)
    return entry


def make_theme(name: str | None = None, **fields):
    """A theme; its slug is made from the name unless given."""
    from django.utils.text import slugify

    from dictionary.models import Theme

    name = name or f"Theme {next(_numbers)}"
    return Theme.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_published(headword: str | None = None, *, themes=(), summary="Published", **fields):
    """An entry (with the given themes) published as its first edition; returns the entry."""
    entry = make_entry(headword, **fields)
    if themes:
        entry.themes.add(*themes)
    publish(entry, summary=summary)
    return entry


def republish(entry: Entry, *, summary: str = "Revised", **changes):
    """Change the entry's own fields in one revision and publish them as the next edition."""
    with revising(entry, comment=summary):
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.save()
    return publish(entry, summary=summary)


SEED_SOURCE = "Historical dictionary of Marxism. David Walker and Daniel Gray . 2014."


def write_seed(
    folder,
    name: str,
    headword: str,
    body: str,
    *,
    source: str | None = SEED_SOURCE,
    encoding: str = "utf-8",
    newline: str = "\n",
):
    """Write a seed document (headword, body, source line) into folder; return its path."""
    lines = [f"- {headword}", f"- {body}"] + ([source] if source is not None else [])
    path = folder / name
    path.write_bytes(newline.join(lines).encode(encoding))
    return path
