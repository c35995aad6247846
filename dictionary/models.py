"""The content of the dictionary: entries, aliases, works cited, cross-references, editions."""

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from .dates import DateFormatError, parse_dates
from .markup import plain_text
from .text import fold, free_slug, initial_letter, make_slug, sort_key, title_match_key


class EntryType(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    EVENT = "event", "Event"
    CONCEPT = "concept", "Concept"
    PUBLICATION = "publication", "Publication"
    PLACE = "place", "Place"


@reversion.register()
class Theme(models.Model):
    name = models.CharField("name", max_length=120, unique=True)
    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Used in URLs.")
    description = models.TextField("description", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "theme"

    def __str__(self):
        return self.name


class Entry(models.Model):
    headword = models.CharField(
        "headword", max_length=255, help_text='As printed, e.g. "Serge, Victor".'
    )
    sort_key = models.CharField(
        "sort key",
        max_length=255,
        editable=False,
        db_index=True,
        help_text="Derived from the headword: lower case, no diacritics or punctuation.",
    )
    match_key = models.CharField(
        "match key",
        max_length=255,
        editable=False,
        db_index=True,
        help_text="Derived from the headword; used to resolve cross-references.",
    )
    initial = models.CharField("initial", max_length=1, editable=False, db_index=True)
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        blank=True,
        help_text="The entry's URL. Left blank, it is made from the headword.",
    )
    entry_type = models.CharField(
        "type", max_length=20, choices=EntryType.choices, default=EntryType.PERSON
    )
    dates = models.CharField(
        "dates",
        max_length=64,
        blank=True,
        help_text='As printed: "1890–1947", "b. 1943", "d. 1921", "c. 1820–1870", "fl. 1840s".',
    )
    start_year = models.IntegerField("start year", null=True, blank=True, editable=False)
    end_year = models.IntegerField("end year", null=True, blank=True, editable=False)
    body = models.TextField(
        "body",
        blank=True,
        help_text="Paragraphs separated by a blank line; *italics*; [[Headword]] or "
        "[[Headword|label]] for a cross-reference.",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name="themes", blank=True, related_name="entries"
    )
    source_file = models.CharField(
        "source file",
        max_length=255,
        blank=True,
        editable=False,
        help_text="The seed document this entry was imported from.",
    )
    source_digest = models.CharField(
        "source digest",
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the seed document as last imported.",
    )
    lock_version = models.PositiveIntegerField(
        "lock version",
        default=1,
        editable=False,
        help_text="Raised by every save; a save based on an older value is refused.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "entry"
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(start_year__lte=F("end_year")),
                name="entry_years_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["entry_type", "sort_key"], name="entry_type_sort"),
            models.Index(fields=["start_year", "end_year"], name="entry_years"),
            # A re-import finds the entries of its files by name.
            models.Index(fields=["source_file"], name="entry_source_file"),
        ]

    def __str__(self):
        return self.headword

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if not self.slug:
            self.slug = self._unused_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dictionary:entry_detail", kwargs={"slug": self.slug})

    def clean(self):
        try:
            parse_dates(self.dates)
        except DateFormatError as error:
            raise ValidationError({"dates": str(error)}) from error

    def fill_derived_fields(self) -> None:
        """Fill the columns derived from the headword and dates (bulk inserts call this too)."""
        self.headword = " ".join(self.headword.split())
        self.sort_key = sort_key(self.headword)
        self.match_key = fold(self.headword)
        self.initial = initial_letter(self.headword)
        years = parse_dates(self.dates)
        self.dates, self.start_year, self.end_year = years

    def _unused_slug(self) -> str:
        taken = Entry.objects.filter(slug__startswith=make_slug(self.headword))
        return free_slug(
            self.headword, set(taken.exclude(pk=self.pk).values_list("slug", flat=True))
        )


class AliasKind(models.TextChoices):
    VARIANT = "variant", "Variant spelling"
    BIRTH_NAME = "birth-name", "Birth name"
    PSEUDONYM = "pseudonym", "Pseudonym"
    ABBREVIATION = "abbreviation", "Abbreviation"
    REDIRECT = "redirect", "Redirect (a “see” heading)"


class Alias(models.Model):
    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField("name", max_length=255, help_text="Another name the entry is found by.")
    match_key = models.CharField("match key", max_length=255, editable=False, db_index=True)
    slug = models.SlugField(
        "slug",
        max_length=200,
        blank=True,
        db_index=True,
        help_text="A URL that redirects to the entry. Left blank, made from the name.",
    )
    kind = models.CharField(
        "kind", max_length=20, choices=AliasKind.choices, default=AliasKind.VARIANT
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "alias"
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["entry", "match_key"], name="alias_once_per_entry"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self) -> None:
        """Tidy the name and fill the columns made from it (bulk inserts call this too)."""
        self.name = " ".join(self.name.split())
        self.match_key = fold(self.name)
        if not self.slug:
            self.slug = make_slug(self.name)


class EntryName(models.Model):
    """A name that running text may mention an entry by, derived from its headword and
    aliases (``dictionary.names``), so that linking new text looks up only the names its
    words could begin. Written by ``dictionary.services.sync_entry_names``, never by hand."""

    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(
        "name", max_length=255, help_text="As text would write it, e.g. “Victor Serge”."
    )
    lead = models.CharField(
        "lead words",
        max_length=255,
        db_index=True,
        help_text="The name's first words, by which the linking pass finds it.",
    )

    class Meta:
        verbose_name = "entry name"
        verbose_name_plural = "entry names"
        constraints = [
            models.UniqueConstraint(fields=["entry", "name"], name="entry_name_once"),
        ]

    def __str__(self):
        return self.name


class WorkType(models.TextChoices):
    """A subset of CSL item types, enough for a reference work's bibliographies."""

    BOOK = "book", "Book"
    ARTICLE = "article-journal", "Journal article"
    CHAPTER = "chapter", "Book chapter"
    ENCYCLOPEDIA_ENTRY = "entry-encyclopedia", "Encyclopedia entry"
    NEWSPAPER = "article-newspaper", "Newspaper article"
    THESIS = "thesis", "Thesis"
    REPORT = "report", "Report"
    WEBPAGE = "webpage", "Web page"
    MANUSCRIPT = "manuscript", "Manuscript or archive item"


@reversion.register()
class Work(models.Model):
    """A bibliographic record with CSL-JSON-compatible fields."""

    work_type = models.CharField(
        "type", max_length=30, choices=WorkType.choices, default=WorkType.BOOK
    )
    title = models.CharField("title", max_length=500)
    title_key = models.CharField(
        "title key",
        max_length=500,
        editable=False,
        default="",
        help_text="The title with case ignored, by which an import finds the work again.",
    )
    authors = models.JSONField(
        "authors",
        default=list,
        blank=True,
        help_text='CSL names: [{"family": "Walker", "given": "David"}] or [{"literal": "..."}].',
    )
    editors = models.JSONField("editors", default=list, blank=True, help_text="CSL names.")
    year = models.IntegerField("year", null=True, blank=True)
    publisher = models.CharField("publisher", max_length=255, blank=True)
    place = models.CharField("place of publication", max_length=255, blank=True)
    container_title = models.CharField(
        "container title",
        max_length=500,
        blank=True,
        help_text="The journal, book or collection the work appears in.",
    )
    volume = models.CharField("volume", max_length=40, blank=True)
    issue = models.CharField("issue", max_length=40, blank=True)
    pages = models.CharField("pages", max_length=40, blank=True)
    doi = models.CharField("DOI", max_length=255, blank=True)
    isbn = models.CharField("ISBN", max_length=40, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)

    class Meta:
        ordering = ["title", "year"]
        verbose_name = "work"
        indexes = [
            models.Index(fields=["title", "year"], name="work_title_year"),
            models.Index(fields=["title_key", "year"], name="work_title_key_year"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self) -> None:
        """Set the columns computed from the title (also for bulk inserts, which skip save)."""
        self.title_key = title_match_key(self.title)


class CitationRole(models.TextChoices):
    WORK_BY_SUBJECT = "by-subject", "Work by the subject"
    FURTHER_READING = "further-reading", "Further reading"
    SOURCE = "source", "Source"


@reversion.register(follow=["work"])
class Citation(models.Model):
    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.CASCADE, related_name="citations"
    )
    work = models.ForeignKey(
        Work, verbose_name="work", on_delete=models.PROTECT, related_name="citations"
    )
    role = models.CharField(
        "role", max_length=20, choices=CitationRole.choices, default=CitationRole.FURTHER_READING
    )
    locator = models.CharField(
        "locator", max_length=100, blank=True, help_text="Pages, chapter or section cited."
    )
    order = models.PositiveIntegerField(
        "order", default=0, help_text="Position within the role's list."
    )
    confirmed = models.BooleanField(
        "confirmed",
        default=True,
        help_text="Unticked for citations a machine extracted, until an editor checks them.",
    )

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = "citation"
        constraints = [
            models.UniqueConstraint(fields=["entry", "work", "role"], name="citation_once"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.work}"


class ReferenceKind(models.TextChoices):
    INLINE = "inline", "Inline"
    SEE = "see", "See"
    SEE_ALSO = "see-also", "See also"


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
    )
    target_key = models.CharField("target key", max_length=255, editable=False, db_index=True)
    kind = models.CharField(
        "kind", max_length=10, choices=ReferenceKind.choices, default=ReferenceKind.SEE_ALSO
    )
    order = models.PositiveIntegerField("order", default=0)

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
        self.target_text = " ".join(self.target_text.split())
        self.target_key = fold(self.target_text)
        super().save(*args, **kwargs)


# An entry's revision covers its aliases, citations (with their works) and cross-references.
reversion.register(Alias)
reversion.register(Entry, follow=["aliases", "citations", "outgoing_references"])


# The year the date order gives undated entries (last). The date-order index is built on it,
# so the list's keyset must use this very constant for PostgreSQL to use the index.
UNDATED_YEAR = 2**31 - 1


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The editions readers see: one per published entry. Every public read starts here."""
        return self.filter(is_current=True)


class Edition(models.Model):
    """An immutable snapshot of an entry as approved; the public site reads only these.

    It lives beside the content (not in ``editorial``) because the reader's site, which
    belongs to this app, is built on it; ``editorial`` creates editions, nothing else does.
    """

    entry = models.ForeignKey(
        Entry, verbose_name="entry", on_delete=models.PROTECT, related_name="editions"
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
    slug = models.SlugField("slug", max_length=200)
    entry_type = models.CharField("type", max_length=20, choices=EntryType.choices)
    dates = models.CharField("dates", max_length=64, blank=True)
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
    change_summary = models.CharField("change summary", max_length=500, blank=True)
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
        ordering = ["entry", "number"]
        verbose_name = "edition"
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="edition_number_once"),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(is_current=True), name="one_current_edition"
            ),
        ]
        indexes = [
            models.Index(fields=["is_current", "sort_key"], name="edition_current_sort"),
            models.Index(
                fields=["is_current", "initial", "sort_key"], name="edition_current_initial"
            ),
            models.Index(
                fields=["is_current", "entry_type", "sort_key"], name="edition_current_type"
            ),
            models.Index(
                fields=["is_current", "start_year", "end_year"], name="edition_current_years"
            ),
            models.Index(fields=["is_current", "published_at"], name="edition_current_recent"),
            models.Index(fields=["slug", "is_current"], name="edition_slug_current"),
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
        """Fill the folded search columns from the snapshot (bulk inserts call this too)."""
        self.search_names = "\n".join(fold(name) for name in [self.headword, *self.aliases])
        self.search_text = fold(plain_text(self.body))


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
