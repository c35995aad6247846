"""Pruning old draft revisions of entries, never one that anything still points at."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from reversion.models import Revision, Version

from dictionary.models import Entry

BATCH_SIZE = 1000


@dataclass
class PruneResult:
    revisions: int = 0
    versions: int = 0
    dry_run: bool = False


def protecting_fields() -> list[models.ForeignKey]:
    """Every foreign key to reversion's Revision outside reversion itself.

    Found through the model graph, so a model added later (a new kind of review record)
    protects its revisions without this module knowing about it. Keys that go with their
    revision (a revision's meta data, ``on_delete=CASCADE``) protect nothing.
    """
    return [
        field
        for model in apps.get_models()
        if model._meta.app_label != "reversion"
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model is Revision
        and field.remote_field.on_delete is not models.CASCADE
    ]


def _protected_revision_ids() -> set[int]:
    protected: set[int] = set()
    for field in protecting_fields():
        rows = field.model._base_manager.exclude(**{f"{field.name}__isnull": True})
        protected.update(rows.values_list(field.attname, flat=True))
    return protected


def _newest_revision_ids(keep: int) -> models.QuerySet:
    """Revisions among the ``keep`` newest of some entry's history."""
    ranked = Version.objects.filter(content_type=ContentType.objects.get_for_model(Entry)).annotate(
        position=Window(RowNumber(), partition_by=F("object_id"), order_by=F("revision_id").desc())
    )
    return ranked.filter(position__lte=keep).values_list("revision_id", flat=True)


def prunable_revision_ids(*, keep: int, older_than_days: int) -> list[int]:
    """Entry revisions past each entry's ``keep`` newest, older than the cutoff, unprotected."""
    if keep < 1 or older_than_days < 0:
        raise ValidationError("keep must be at least 1 and older-than at least 0 days.")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    kept = set(_newest_revision_ids(keep)) | _protected_revision_ids()
    candidates = (
        Revision.objects.filter(
            date_created__lt=cutoff,
            version__content_type=ContentType.objects.get_for_model(Entry),
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    return [pk for pk in candidates.iterator(chunk_size=10_000) if pk not in kept]


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def prune_revisions(
    *,
    keep: int = 10,
    older_than_days: int = 90,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PruneResult:
    """Delete old draft revisions of entries, with their versions.

    Keeps each entry's ``keep`` newest revisions, anything younger than ``older_than_days``,
    and every revision that any model points at (editions, reviews, workflow transitions).
    Side effects: deletes Revision and Version rows, in batches of ``BATCH_SIZE``, each batch
    in its own transaction. With ``dry_run`` it only counts.
    """
    ids = prunable_revision_ids(keep=keep, older_than_days=older_than_days)
    result = PruneResult(dry_run=dry_run)
    for batch in _batches(ids, BATCH_SIZE):
        versions = Version.objects.filter(revision_id__in=batch)
        if dry_run:
            result.versions += versions.count()
        else:
            result.versions += _delete_batch(batch)
        result.revisions += len(batch)
        if progress:
            progress(result.revisions, len(ids))
    return result


@transaction.atomic
def _delete_batch(revision_ids: list[int]) -> int:
    protected = _protected_in(revision_ids)
    if protected:
        # Something started pointing at one of them since the list was made.
        revision_ids = [pk for pk in revision_ids if pk not in protected]
    versions, _ = Version.objects.filter(revision_id__in=revision_ids).delete()
    Revision.objects.filter(pk__in=revision_ids).delete()
    return versions


def _protected_in(revision_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for field in protecting_fields():
        rows = field.model._base_manager.filter(**{f"{field.attname}__in": revision_ids})
        found.update(rows.values_list(field.attname, flat=True))
    return found
