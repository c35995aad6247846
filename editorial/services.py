"""Workflow actions on entries: each one transaction and one reversion revision."""

import reversion
from django.db import transaction

from dictionary.editions import create_edition
from dictionary.models import Edition, Entry


def _latest_revision(entry: Entry):
    from reversion.models import Version

    version = Version.objects.get_for_object(entry).select_related("revision").first()
    return version.revision if version else None


@transaction.atomic
def publish_entry(
    *, entry: Entry, user=None, summary: str = "", without_review: bool = False, revision=None
) -> Edition:
    """Publish the entry's working copy as its next edition.

    Side effects: writes an Edition (now the current one) from ``revision`` or the entry's
    latest history revision. ``user`` None means a command-line import of published work.
    """
    if revision is None:
        revision = _latest_revision(entry)
    if revision is None:
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(summary or "Published")
            reversion.add_to_revision(entry)
        revision = _latest_revision(entry)
    return create_edition(
        entry=entry,
        revision=revision,
        approved_by=user,
        change_summary=summary,
        without_review=without_review,
    )
