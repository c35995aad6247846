"""Editions: the immutable snapshots of approved entries that the reader's site reads."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from ..fixity import edition_fingerprint
from ..markup import plain_text
from ..text import TEXT_VALIDATORS, fold
from .entries import Entry, EntryType, Theme
from .references import ReferenceKind

# The year the date order gives undated entries (last). The date-order index is built on it,
# so the list's keyset must use this very constant for PostgreSQL to use the index.
UNDATED_YEAR = 2**31 - 1


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The editions readers see: one per published entry. Every public read starts here."""
        return self.filter(is_current=True)

    def withdrawn_at(self, slug: str):
        """The last edition published at ``slug`` of an entry that has no current edition
        (it was withdrawn), with ``withdrawn_at``: when the workflow last moved to
        withdrawn; None if the slug never was an entry's or its entry is still published.

        The workflow's log is named by its reverse relation only: dictionary never imports
        editorial."""
        last = self.filter(slug=slug).order_by("-published_at", "-id").first()
        if last is None or self.current().filter(entry_id=last.entry_id).exists():
            return None
        moves = Entry.objects.filter(pk=last.entry_id, transitions__to_state="unpublished")
        last.withdrawn_at = moves.aggregate(at=models.Max("transitions__created_at"))["at"]
        return last

    def renamed_from(self, slug: str) -> str | None:
        """The current slug of the published entry an earlier edition published as ``slug``:
        editions, and citations of them, keep their URLs when an entry is renamed."""
        renamed = self.current().filter(entry__editions__slug=slug).exclude(slug=slug)
        return renamed.values_list("slug", flat=True).first()


class Edition(models.Model):
    """An immutable snapshot of an entry as approved; the public site reads only these.

    It lives beside the content (not in ``editorial``) because the reader's site, which
    belongs to this app, is built on it; ``editorial`` creates editions, nothing else does.
    """

    entry = models.ForeignKey(
        Entry,
        verbose_name="entry",
        on_delete=models.PROTECT,
        related_name="editions",
        db_index=False,  # the unique (entry, number) index starts with it
    )
    number = models.PositiveIntegerField("edition number")
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name="revision",
        on_delete=models.PROTECT,
        related_name="editions",
        null=True,
        blank=True,
        help_text="The history revision this edition was published from.",
    )
    is_current = models.BooleanField(
        "current",
        default=False,
        help_text="The edition readers see. Changed only by publishing or withdrawing.",
    )
    headword = models.CharField("headword", max_length=255)
    sort_key = models.CharField("sort key", max_length=255)
    initial = models.CharField("initial", max_length=1)
    # Looked up by equality only, through the (slug, is_current) index below.
    slug = models.SlugField("slug", max_length=200, db_index=False)
    entry_type = models.CharField("type", max_length=20, choices=EntryType.choices)
    dates = models.CharField("dates", max_length=100, blank=True)
    dates_edtf = models.CharField("dates (EDTF)", max_length=100, blank=True)
    start_year = models.IntegerField("start year", null=True, blank=True)
    end_year = models.IntegerField("end year", null=True, blank=True)
    body = models.TextField("body markup", help_text="The body as approved.")
    summary = models.TextField(
        "summary", blank=True, help_text="Plain-text opening of the body, for lists and feeds."
    )
    aliases = models.JSONField("aliases", default=list, blank=True)
    citations = models.JSONField(
        "works cited",
        default=list,
        blank=True,
        help_text="CSL-JSON items with role, locator and order.",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name="themes", blank=True, related_name="editions"
    )
    byline = models.JSONField(
        "byline",
        default=list,
        blank=True,
        help_text="The credits as they stood: contributor id, slug, CSL name, display name "
        "and role, in order.",
    )
    fingerprint = models.CharField(
        "fingerprint",
        max_length=64,
        blank=True,
        help_text="SHA-256 of the canonical form of the frozen text and byline "
        "(dictionary.fixity).",
    )
    change_summary = models.CharField(
        "change summary", max_length=500, blank=True, validators=TEXT_VALIDATORS
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approved by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_editions",
    )
    without_review = models.BooleanField(
        "published without review",
        default=False,
        help_text="Published by someone holding the publish-without-review permission.",
    )
    first_published_at = models.DateTimeField("entry first published")
    published_at = models.DateTimeField("published")
    search_names = models.TextField(
        "names for search",
        blank=True,
        editable=False,
        help_text="Headword and aliases folded (no case, diacritics or punctuation), one a line.",
    )
    search_text = models.TextField(
        "text for search",
        blank=True,
        editable=False,
        help_text="The body as folded plain text; the SQLite search matches against it.",
    )
    # Filled by a PostgreSQL trigger at insert (see migration 0002); always NULL on SQLite.
    # Its GIN index is partial (current editions only) and made by that migration too.
    search_vector = SearchVectorField("search vector", null=True, editable=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["entry_id", "number"]  # by the column: "entry" would join and sort by headword
        verbose_name = "edition"
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="edition_number_once"),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(is_current=True), name="one_current_edition"
            ),
        ]
        indexes = [
            # The alphabetical indexes end with the id, the keyset's tie-break: a numbered
            # page finds where it starts by an index-only scan.
            models.Index(fields=["is_current", "sort_key", "id"], name="edition_current_sort"),
            models.Index(
                fields=["is_current", "initial", "sort_key", "id"], name="edition_current_initial"
            ),
            models.Index(
                fields=["is_current", "entry_type", "sort_key", "id"], name="edition_current_type"
            ),
            models.Index(
                fields=["is_current", "start_year", "end_year"], name="edition_current_years"
            ),
            models.Index(fields=["is_current", "published_at"], name="edition_current_recent"),
            models.Index(fields=["slug", "is_current"], name="edition_slug_current"),
            # Looked up by equality only (a reader pastes a fingerprint): no LIKE index.
            models.Index(fields=["fingerprint"], name="edition_fingerprint"),
            # The date order (chronology, list): earliest year first, undated last (the
            # reader's keyset reads a missing year as the largest integer), then alphabetical.
            # No id column: with it, PostgreSQL took this index as the cheapest list of current
            # ids for other queries (the theme choices' EXISTS went from 6 to 62 ms); the id
            # that breaks ties comes from the heap at no measurable cost.
            models.Index(
                Coalesce("start_year", "end_year", Value(UNDATED_YEAR)),
                F("sort_key"),
                condition=Q(is_current=True),
                name="edition_current_chronology",
            ),
        ]

    def __str__(self):
        return f"{self.headword}, edition {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("An edition never changes once published.")
        self.fill_search_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "dictionary:edition_detail", kwargs={"slug": self.slug, "number": self.number}
        )

    def fill_search_fields(self) -> None:
        """Fill the folded search columns and the fingerprint (bulk inserts call this too)."""
        self.fingerprint = edition_fingerprint(self)
        self._fill_folded_columns()

    def _fill_folded_columns(self) -> None:
        self.search_names = "\n".join(fold(name) for name in [self.headword, *self.aliases])
        # Only the SQLite fallback reads it; PostgreSQL searches the vector its trigger
        # makes, and folding every body at publication would cost an import a tenth.
        is_sqlite = connections[router.db_for_write(Edition)].vendor == "sqlite"
        self.search_text = fold(plain_text(self.body)) if is_sqlite else ""


class EditionReference(models.Model):
    """A cross-reference as it stood in an edition; "Referenced by" is read from these."""

    edition = models.ForeignKey(
        Edition, verbose_name="edition", on_delete=models.CASCADE, related_name="references"
    )
    target = models.ForeignKey(
        Entry,
        verbose_name="to entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edition_references",
    )
    target_text = models.CharField("target as written", max_length=255)
    target_key = models.CharField("target key", max_length=255, db_index=True)
    label = models.CharField("label", max_length=255, blank=True)
    kind = models.CharField("kind", max_length=10, choices=ReferenceKind.choices)
    order = models.PositiveIntegerField("order", default=0)

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name = "edition cross-reference"

    def __str__(self):
        return f"{self.edition} → {self.target_text}"
