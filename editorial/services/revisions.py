"""The history lookups the workflow needs: the newest revision, who wrote since the last edition."""

import reversion
from reversion.models import Revision, Version

from dictionary.models import Entry


def latest_version(entry: Entry) -> Version | None:
    """The entry's newest stored version, with its revision."""
    return Version.objects.get_for_object(entry).select_related("revision").first()


def latest_revision(entry: Entry) -> Revision | None:
    """The newest history revision that contains the entry."""
    version = latest_version(entry)
    return version.revision if version else None


def took_part(*, entry: Entry, user) -> bool:
    """Whether ``user`` wrote any revision of the entry since its last edition."""
    versions = Version.objects.get_for_object(entry).filter(revision__user=user)
    last = entry.editions.exclude(revision=None).order_by("-number").first()
    if last is not None:
        versions = versions.filter(revision_id__gt=last.revision_id)
    return versions.exists()


def _record_revision(entry: Entry, *, user, comment: str) -> Revision:
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment[:500])
        reversion.add_to_revision(entry)
    return latest_revision(entry)
