"""The history lookups the workflow needs: the newest revision, who wrote since the last edition."""

from reversion.models import Revision, Version

from dictionary.models import Entry
from dictionary.snapshots import EntrySnapshot, version_fields

from ..models import wrote_since_last_edition


def latest_version(entry: Entry) -> Version | None:
    """The entry's newest stored version, with its revision."""
    return Version.objects.get_for_object(entry).select_related("revision").first()


def latest_revision(entry: Entry) -> Revision | None:
    """The newest history revision that contains the entry."""
    version = latest_version(entry)
    return version.revision if version else None


# A stale save lists at most this many saves made in between (the newest of them).
SAVES_LISTED = 10


def revisions_since(entry: Entry, lock_version: int | None) -> list[Revision]:
    """The revisions that saved ``entry`` after an editor loaded it at ``lock_version``,
    oldest first, with their users: each stored version keeps the lock version its save
    raised the entry to. Without a loaded version, the newest revision alone."""
    missed = entry.lock_version - lock_version if lock_version is not None else 1
    versions = (
        Version.objects.get_for_object(entry)
        .select_related("revision__user")
        .order_by("-revision_id")[: min(max(missed, 1), SAVES_LISTED)]
    )
    if lock_version is None:
        return [version.revision for version in versions]
    return [
        version.revision
        for version in reversed(versions)
        if (version_fields(version).get("lock_version") or 0) > lock_version
    ]


def snapshot_loaded(entry: Entry, lock_version: int | None) -> EntrySnapshot | None:
    """The entry as an editor loaded it at ``lock_version``: the newest stored version at
    or below it (reading back over the saves made since, no further); None without one."""
    if lock_version is None:
        return None
    missed = max(entry.lock_version - lock_version, 0)
    versions = Version.objects.get_for_object(entry).order_by("-revision_id")[: missed + 1]
    for version in versions:
        if (version_fields(version).get("lock_version") or 0) <= lock_version:
            return EntrySnapshot.of_revision(version.revision, entry.pk)
    return None


def took_part(*, entry: Entry, user) -> bool:
    """Whether ``user`` wrote any revision of the entry since its last edition."""
    return Entry.objects.filter(pk=entry.pk).filter(wrote_since_last_edition(user)).exists()
