"""Stored findings of the quality checks, and the logged dismissals of findings."""

from django.conf import settings
from django.db import models

from dictionary.models import Entry
from dictionary.text import TEXT_VALIDATORS
from editorial.models import AppendOnlyModel


class Check(models.TextChoices):
    ABBREVIATION = "abbreviation", "Abbreviation like a known one"
    SPACE_BEFORE_PUNCTUATION = "space-before-punctuation", "Space before punctuation"
    GLUED_SENTENCE = "glued-sentence", "Sentence glued to the next"
    DATES_IN_BODY = "dates-in-body", "Dates contradicting the body"
    DATES_OF_LINKED_ENTRY = "dates-of-linked-entry", "Dates contradicting a linked entry"
    UNBALANCED = "unbalanced", "Unbalanced quotes or brackets"
    UNCONFIRMED_CITATION = "unconfirmed-citation", "Unconfirmed extracted citation"
    WANTED_LINK = "wanted-link", "Link to a wanted entry"
    UNPUBLISHED_LINK = "unpublished-link", "Published entry links to an unpublished one"
    SIMILAR_HEADWORD = "similar-headword", "Headword very like another's"


class Dismissal(AppendOnlyModel):
    """An editor's decision that a finding is not a fault, with the reason: the log of them."""

    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="quality_dismissals"
    )
    rule = models.CharField("check", max_length=40, choices=Check.choices)
    place = models.CharField(
        "place", max_length=300, help_text="The quoted text the finding was about."
    )
    reason = models.TextField(
        "reason", help_text="Why this is not a fault.", validators=TEXT_VALIDATORS
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dismissed by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="quality_dismissals",
    )
    created_at = models.DateTimeField("dismissed", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "dismissed finding"
        indexes = [models.Index(fields=["entry", "rule"], name="dismissal_entry_rule")]

    def __str__(self):
        return f"{self.get_rule_display()} on {self.entry}: {self.place}"


class FindingQuerySet(models.QuerySet):
    def open(self):
        """Findings nobody has dismissed."""
        return self.filter(dismissal__isnull=True)


class Finding(models.Model):
    """What one check found in one entry when it was last checked (on save, or by
    ``check_entries``); replaced whole each time the entry is checked again."""

    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="quality_findings"
    )
    rule = models.CharField("check", max_length=40, choices=Check.choices, db_index=True)
    place = models.CharField(
        "place", max_length=300, help_text="The text the finding is about, quoted."
    )
    message = models.CharField("finding", max_length=500)
    suggestion = models.CharField("suggested fix", max_length=500, blank=True)
    dismissal = models.ForeignKey(
        Dismissal,
        verbose_name="dismissal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        help_text="Set when an editor has said this is not a fault.",
    )
    found_at = models.DateTimeField("found", auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["entry__sort_key", "entry_id", "rule", "id"]
        verbose_name = "quality finding"

    def __str__(self):
        return f"{self.get_rule_display()}: {self.place}"
