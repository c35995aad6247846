"""Cross-references between entries, as editors write them."""

import reversion
from django.db import models
from django.db.models import Count, F, Min, Q

from ..text import TEXT_VALIDATORS, fold
from .entries import Entry


class ReferenceKind(models.TextChoices):
    INLINE = "inline", "Inline"
    SEE = "see", "See"
    SEE_ALSO = "see-also", "See also"


class CrossReferenceQuerySet(models.QuerySet):
    def wanted(self):
        """Targets no entry has yet, one row each: ``target_key``, ``name`` (as first
        written), ``entries`` (how many entries name it), most wanted first."""
        return (
            self.filter(target__isnull=True)
            .order_by()
            .values("target_key")
            .annotate(name=Min("target_text"), entries=Count("source_id", distinct=True))
            .order_by("-entries", "target_key")
        )

    def linking_to(self, entry):
        """The references from working copies (drafts included) to ``entry``, by source."""
        return (
            self.filter(target=entry)
            .select_related("source")
            .order_by("source__sort_key", "source_id", "kind")
        )


@reversion.register()
class CrossReference(models.Model):
    source = models.ForeignKey(
        Entry,
        verbose_name="from entry",
        on_delete=models.CASCADE,
        related_name="outgoing_references",
    )
    target = models.ForeignKey(
        Entry,
        verbose_name="to entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_references",
        help_text="Empty while the target entry does not exist yet.",
    )
    target_text = models.CharField(
        "target as written",
        max_length=255,
        help_text="The headword as written; kept so that wanted entries can be listed.",
        validators=TEXT_VALIDATORS,
    )
    target_key = models.CharField("target key", max_length=255, editable=False, db_index=True)
    kind = models.CharField(
        "kind", max_length=10, choices=ReferenceKind.choices, default=ReferenceKind.SEE_ALSO
    )
    order = models.PositiveIntegerField("order", default=0)

    objects = CrossReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name = "cross-reference"
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="no_self_reference"),
            models.UniqueConstraint(
                fields=["source", "target_key", "kind"], name="cross_reference_once"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.target_text}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self) -> None:
        """Tidy the target text and fill the key made from it (bulk inserts call this too)."""
        self.target_text = " ".join(self.target_text.split())
        self.target_key = fold(self.target_text)
