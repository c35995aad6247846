"""The history lookups the workflow needs: the newest revision, who wrote since the last edition."""

from reversion.models import Revision, Version

from dictionary.models import Entry

from ..models import wrote_since_last_edition


def latest_version(entry: Entry) -> Version | None:
    """The entry's newest stored version, with its revision."""
    return Version.objects.get_for_object(entry).select_related("revision").first()


def latest_revision(entry: Entry) -> Revision | None:
    """The newest history revision that contains the entry."""
    version = latest_version(entry)
    return version.revision if version else None


def took_part(*, entry: Entry, user) -> bool:
    """Whether ``user`` wrote any revision of the entry since its last edition."""
    return Entry.objects.filter(pk=entry.pk).filter(wrote_since_last_edition(user)).exists()
