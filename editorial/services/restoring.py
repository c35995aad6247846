"""Restoring an entry to a past version and recovering a deleted one, each as a new revision."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from dictionary.models import (
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Entry,
    ReferenceKind,
    Theme,
    Work,
)
from dictionary.snapshots import entry_versions, stored_instance

from ..models import EDIT_PERMISSION
from .creating import create_entry
from .editing import save_entry


@transaction.atomic
def restore_revision(
    *, entry: Entry, revision, user, comment: str = "", loaded_version: int | None = None
) -> None:
    """Make the entry, its aliases, credits, citations and cross-references what they were in
    revision.

    Side effects: through ``save_entry``: rewrites the Entry row (raising its lock_version,
    so forms opened before the restore are refused as stale), deletes related rows the
    revision did not have and writes back the ones it had, all in one new revision by
    ``user``; like any edit, it withdraws a pending review submission. Only this entry's
    rows are written, even when the revision covered others; works are recreated only if
    deleted. Published editions are untouched: readers see no change until the next
    edition. ``loaded_version`` is the lock version the user decided on (by default
    ``entry``'s): if someone saved since, nothing is written and StaleEntryError is raised.
    """
    if not user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied("You may not change entries, so you cannot restore a version.")
    stored = entry_versions(revision, entry.pk)
    restored = stored_instance(Entry, stored["entry"])
    _refuse_taken_slug(restored)
    restored.created_at = restored.created_at or entry.created_at
    when = dateformat.format(timezone.localtime(revision.date_created), "j M Y H:i")
    message = f"Restored version from {when} (revision {revision.pk})"
    save_entry(
        entry=restored,
        user=user,
        comment=f"{message}: {comment}" if comment else message,
        loaded_version=entry.lock_version if loaded_version is None else loaded_version,
        changes=lambda restored: _write_rows(restored, stored),
    )
    entry.refresh_from_db()


@transaction.atomic
def recover_deleted_entry(*, version, user) -> Entry:
    """Bring back a deleted entry, with its aliases, citations and cross-references.

    ``version`` is the entry's last stored Version (as listed by reversion's recover list).
    Side effects: through ``create_entry``, recreates the rows from that version's revision
    in one new revision by ``user`` (inline cross-references made again from the body),
    and a draft workflow row. Refused when the entry still exists or its URL slug has been
    taken since.
    """
    if not user.has_perm("dictionary.add_entry"):
        raise PermissionDenied("You may not add entries, so you cannot recover one.")
    if version.content_type_id != ContentType.objects.get_for_model(Entry).pk:
        raise ValidationError(f"History version {version.pk} is not a version of an entry.")
    if Entry.objects.filter(pk=version.object_id).exists():
        raise ValidationError(f"Entry “{version.object_repr}” has not been deleted.")
    stored = entry_versions(version.revision, version.object_id)
    entry = stored_instance(Entry, stored["entry"])
    _refuse_taken_slug(entry)
    entry.lock_version = (stored["entry"].get("lock_version") or 0) + 1
    entry.created_at = entry.created_at or timezone.now()
    stored["cross_references"] = [
        fields
        for fields in stored["cross_references"]
        if fields.get("kind") != ReferenceKind.INLINE
    ]  # made again from the body
    create_entry(
        entry=entry,
        user=user,
        comment=f"Recovered deleted entry (from revision {version.revision_id})",
        changes=lambda entry: _write_rows(entry, stored),
    )
    return entry


def _write_rows(entry: Entry, stored: dict) -> None:
    """Make the entry's related rows and themes those ``stored`` in a revision."""
    theme_ids = stored["entry"].get("themes") or []
    entry.themes.set(Theme.objects.filter(pk__in=theme_ids))
    _delete_rows_not_in(entry, stored)
    _recreate_deleted_works(stored)
    _recreate_deleted_contributors(stored)
    rows = [stored_instance(Alias, fields) for fields in stored["aliases"]]
    rows += [stored_instance(Credit, fields) for fields in stored["credits"]]
    rows += [stored_instance(Citation, fields) for fields in stored["citations"]]
    rows += _references(stored["cross_references"])
    _save_all(rows)


def _refuse_taken_slug(entry: Entry) -> None:
    if entry.slug and Entry.objects.filter(slug=entry.slug).exclude(pk=entry.pk).exists():
        raise ValidationError(
            {"slug": f"Another entry now uses the URL slug “{entry.slug}”; change it first."}
        )


def _delete_rows_not_in(entry: Entry, stored: dict) -> None:
    def kept(part):
        return [fields["pk"] for fields in stored[part]]

    Alias.objects.filter(entry=entry).exclude(pk__in=kept("aliases")).delete()
    Credit.objects.filter(entry=entry).exclude(pk__in=kept("credits")).delete()
    Citation.objects.filter(entry=entry).exclude(pk__in=kept("citations")).delete()
    outgoing = CrossReference.objects.filter(source=entry)
    outgoing.exclude(pk__in=kept("cross_references")).delete()


def _recreate_deleted_works(stored: dict) -> None:
    wanted = {fields.get("work") for fields in stored["citations"]}
    existing = set(Work.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    for work_id in wanted - existing:
        if work_id in stored["works"]:
            stored_instance(Work, stored["works"][work_id]).save()
        else:
            raise ValidationError(f"A work this version cites (work {work_id}) no longer exists.")


def _recreate_deleted_contributors(stored: dict) -> None:
    wanted = {fields.get("contributor") for fields in stored["credits"]}
    existing = set(Contributor.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    for contributor_id in wanted - existing:
        if contributor_id not in stored["contributors"]:
            raise ValidationError(
                f"A contributor this version credits (contributor {contributor_id}) "
                "no longer exists."
            )
        stored_instance(Contributor, stored["contributors"][contributor_id]).save()


def _references(stored_rows: list[dict]) -> list[CrossReference]:
    rows = [stored_instance(CrossReference, fields) for fields in stored_rows]
    targets = {row.target_id for row in rows} - {None}
    existing = set(Entry.objects.filter(pk__in=targets).values_list("pk", flat=True))
    for row in rows:
        if row.target_id not in existing:
            row.target_id = None  # the target was deleted since: wait for it by name again
    return rows


def _save_all(rows: list) -> None:
    """Save rows, retrying those that clash with a row saved later (two aliases that swapped
    names, say); give up when a round makes no progress."""
    while rows:
        failed = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                failed.append(row)
        if len(failed) == len(rows):
            names = ", ".join(str(row) for row in failed)
            raise ValidationError(f"Could not restore {names}: it clashes with current data.")
        rows = failed
