"""The review workflow's records: each entry's state, its reviews, comments and transitions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from dictionary.models import Edition, Entry
from dictionary.text import TEXT_VALIDATORS

# The permissions the workflow checks, spelled once (services, tasks, mail and roles use them).
EDIT_PERMISSION = "dictionary.change_entry"
REVIEW_PERMISSION = "editorial.review_entry"
PUBLISH_WITHOUT_REVIEW_PERMISSION = "editorial.publish_without_review"
UNPUBLISH_PERMISSION = "editorial.unpublish_entry"


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Withdrawn from publication"


class AppendOnlyModel(models.Model):
    """A record that is written once: later saves and deletes are refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(f"A {self._meta.verbose_name} is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"A {self._meta.verbose_name} is never deleted.")


def may_approve_own_change(user) -> bool:
    """Whether ``user`` may approve a change they took part in (the approval is then logged
    as without review): part of the one approval rule, ``services.approval``."""
    return user.has_perm(PUBLISH_WITHOUT_REVIEW_PERMISSION)


def wrote_since_last_edition(user, *, entry_field: str = "pk") -> Exists:
    """A filter: ``user`` wrote a revision of the entry (named by ``entry_field`` on the
    filtered rows) since its last edition; one query for a whole list."""
    last_edition = (
        Edition.objects.filter(entry=OuterRef(OuterRef(entry_field)), revision__isnull=False)
        .order_by("-number")
        .values("revision_id")[:1]
    )
    records = EntryRevision.objects.filter(
        entry_id=OuterRef(entry_field),
        revision__user=user,
        revision_id__gt=Coalesce(Subquery(last_edition), Value(0)),
    )
    return Exists(records)


def _took_part(user) -> Q:
    """A condition on workflows: ``user`` submitted the change or wrote a revision of the
    entry since its last edition."""
    return Q(submitted_by=user) | Q(wrote_since_last_edition(user, entry_field="entry_id"))


# States in which the working copy is not what readers see (new, or revised since publishing).
UNPUBLISHED_CHANGES = [State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED]


class EntryWorkflowQuerySet(models.QuerySet):
    def with_changes_requested(self):
        return self.filter(state=State.CHANGES_REQUESTED)

    def with_unpublished_changes(self):
        """Workflows whose entry's working copy is not what readers see."""
        return self.filter(state__in=UNPUBLISHED_CHANGES)

    def never_moved(self):
        """Rows as ``start_workflows`` made them, that no step has moved since: drafts at
        their first version (a move raises the version, ``services.workflow._move``)."""
        return self.filter(state=State.DRAFT, version=1)

    def taken_part_in_by(self, user):
        """Workflows whose change ``user`` took part in: they submitted it, or wrote a
        revision of the entry since its last edition (one query for a whole list)."""
        return self.filter(_took_part(user))

    def reviewable_by(self, user):
        """Workflows in review whose change ``user`` may approve: the query form of the one
        approval rule (``services.approval``), built from the same parts."""
        if not (user.is_active and user.has_perm(REVIEW_PERMISSION)):
            return self.none()
        in_review = self.filter(state=State.IN_REVIEW)
        if may_approve_own_change(user):
            return in_review
        return in_review.exclude(_took_part(user))


class EntryWorkflow(models.Model):
    """Where an entry stands in the review workflow; one row per entry."""

    entry = models.OneToOneField(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="workflow"
    )
    state = models.CharField(
        "state", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name="submitted revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The history revision under review; approval publishes exactly this one.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="submitted by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_workflows",
    )
    version = models.PositiveIntegerField(
        "version",
        default=1,
        help_text="Raised by every transition; a decision based on an older value is refused.",
    )
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = EntryWorkflowQuerySet.as_manager()

    class Meta:
        verbose_name = "entry workflow"
        permissions = [
            ("review_entry", "Can review entries: approve or request changes"),
            ("publish_without_review", "Can publish entries without review"),
            ("unpublish_entry", "Can withdraw published entries"),
        ]

    def __str__(self):
        return f"{self.entry}: {self.get_state_display()}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Published without review"


OPEN_REVIEW_STATUSES = [ReviewStatus.OPEN, ReviewStatus.CHANGES_REQUESTED]


class ReviewQuerySet(models.QuerySet):
    def open(self):
        """Review threads still open (awaiting a decision or changes); at most one an entry."""
        return self.filter(status__in=OPEN_REVIEW_STATUSES)


class Review(models.Model):
    """One review request: a thread that stays open until approval or withdrawal."""

    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="reviews"
    )
    status = models.CharField(
        "status", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="submitted by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="submitted_reviews",
    )
    created_at = models.DateTimeField("opened", auto_now_add=True)
    closed_at = models.DateTimeField("closed", null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "review"
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status__in=OPEN_REVIEW_STATUSES),
                name="one_open_review_per_entry",
            ),
        ]

    def __str__(self):
        return f"Review of {self.entry} ({self.get_status_display()})"


class CommentKind(models.TextChoices):
    SUBMISSION = "submission", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVAL = "approval", "Approved"
    COMMENT = "comment", "Comment"


class ReviewComment(AppendOnlyModel):
    """A message in a review thread; never edited or deleted."""

    review = models.ForeignKey(
        Review, verbose_name="review", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        on_delete=models.SET_NULL,
        null=True,
        related_name="review_comments",
    )
    kind = models.CharField("kind", max_length=20, choices=CommentKind.choices)
    body = models.TextField("comment", blank=True, validators=TEXT_VALIDATORS)
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name="revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The revision the comment is about.",
    )
    created_at = models.DateTimeField("written", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "review comment"

    def __str__(self):
        return f"{self.get_kind_display()} by {self.author} on {self.created_at:%Y-%m-%d %H:%M}"


class Transition(AppendOnlyModel):
    """One step in an entry's workflow: who moved it from which state to which, and why."""

    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField("from", max_length=20, choices=State.choices)
    to_state = models.CharField("to", max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workflow_transitions",
        help_text="Empty for command-line imports.",
    )
    message = models.TextField("message", blank=True, validators=TEXT_VALIDATORS)
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name="revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The history revision the step concerned.",
    )
    without_review = models.BooleanField(
        "used publish-without-review",
        default=False,
        help_text="The step relied on the publish-without-review permission.",
    )
    created_at = models.DateTimeField("when", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "workflow transition"

    def __str__(self):
        return f"{self.entry}: {self.from_state} → {self.to_state}"


class EntryRevisionQuerySet(models.QuerySet):
    def written_by(self, user):
        return self.filter(revision__user=user)


class EntryRevision(models.Model):
    """Which entry a history revision records and, for an import, the seed file and digest
    it came from: django-reversion's revision meta data (``reversion.add_meta``), so that
    nothing has to guess it from the stored JSON or the revision's comment."""

    revision = models.OneToOneField(
        "reversion.Revision",
        verbose_name="revision",
        on_delete=models.CASCADE,
        related_name="entry_record",
    )
    # No database constraint: a deleted entry's revisions stay readable, to recover it.
    entry = models.ForeignKey(
        Entry,
        verbose_name="entry",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the (entry, revision) index starts with it
        related_name="revision_records",
    )
    source_file = models.CharField(
        "source file",
        max_length=255,
        blank=True,
        help_text="The seed document the revision imported, if it was an import.",
    )
    source_digest = models.CharField(
        "source digest",
        max_length=64,
        blank=True,
        help_text="SHA-256 of that seed document as imported.",
    )

    objects = EntryRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "entry revision"
        indexes = [models.Index(fields=["entry", "revision"], name="entry_revision_by_entry")]

    def __str__(self):
        return f"Revision {self.revision_id} of entry {self.entry_id}"
