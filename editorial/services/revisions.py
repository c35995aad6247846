"""The history lookups the workflow needs: the newest revision, who wrote since the last edition."""

from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from reversion.models import Revision, Version

from dictionary.models import Edition, Entry


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


def wrote_since_last_edition(user) -> Exists:
    """A filter on entries: ``user`` wrote a revision of the entry since its last edition
    (one query for a whole list, as the "Awaiting my review" filter needs)."""
    last_edition = (
        Edition.objects.filter(entry=OuterRef(OuterRef("pk")), revision__isnull=False)
        .order_by("-number")
        .values("revision_id")[:1]
    )
    versions = Version.objects.get_for_model(Entry).filter(
        object_id=Cast(OuterRef("pk"), CharField()),
        revision__user=user,
        revision_id__gt=Coalesce(Subquery(last_edition), Value(0)),
    )
    return Exists(versions)
