"""Entries, their themes and aliases, and the names running text finds them by."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from ..dates import DateFormatError, check_edtf, parse_dates, read_dates
from ..text import (
    TEXT_VALIDATORS,
    fold,
    free_slug,
    initial_letter,
    make_slug,
    refuse_headword_without_letter_or_digit,
    sort_key,
)


class EntryType(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    EVENT = "event", "Event"
    CONCEPT = "concept", "Concept"
    PUBLICATION = "publication", "Publication"
    PLACE = "place", "Place"


class ThemeQuerySet(models.QuerySet):
    def published(self):
        """The themes some current edition carries: those with a theme listing (one index
        probe a theme). A theme only drafts, withdrawn or superseded editions carry is not."""
        from .listings import ThemeListing  # here: that module imports this one

        return self.filter(Exists(ThemeListing.objects.filter(theme=OuterRef("pk"))))


@reversion.register()
class Theme(models.Model):
    """A subject entries are filed under.

    Its name and slug are frozen once an edition carries it: readers see a theme by the
    name the editions they read were published with, and nothing publishes a rename past
    review. To rename a theme, make the new one and file the entries under it, each change
    reviewed and published as any other; a theme no edition carries yet (filed only in
    drafts) may be renamed freely, as no reader sees it (``clean``, ``is_frozen``).
    """

    name = models.CharField(
        "name",
        max_length=120,
        unique=True,
        validators=TEXT_VALIDATORS,
        help_text="Fixed once an edition filed under the theme is published.",
    )
    slug = models.SlugField(
        "slug",
        max_length=120,
        unique=True,
        help_text="Used in URLs. Fixed once an edition filed under the theme is published.",
    )
    description = models.TextField("description", blank=True, validators=TEXT_VALIDATORS)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "theme"

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk is None or not self.is_frozen():
            return
        stored = Theme.objects.filter(pk=self.pk).values("name", "slug").first() or {}
        changed = [field for field in ("name", "slug") if stored.get(field) != getattr(self, field)]
        if changed:
            raise ValidationError(
                {
                    field: f"“{stored['name']}” is the theme of published editions, so its "
                    f"{field} is fixed: readers see it as those editions were published. Make "
                    "a new theme and file the entries under it instead, each change reviewed."
                    for field in changed
                }
            )

    def is_frozen(self) -> bool:
        """Whether an edition (current or past) carries the theme: its name is public."""
        return self.pk is not None and self.editions.exists()


class Entry(models.Model):
    headword = models.CharField(
        "headword",
        max_length=255,
        help_text='As printed, e.g. "Serge, Victor".',
        validators=[*TEXT_VALIDATORS, refuse_headword_without_letter_or_digit],
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
        max_length=100,
        blank=True,
        help_text='As printed: "1890–1947", "b. 1943", "d. 1921", "c. 1820–1870", "fl. 1840s", '
        '"1805-72", "?–1949", "95-46 B.C.".',
        validators=TEXT_VALIDATORS,
    )
    dates_edtf = models.CharField(
        "dates (EDTF)",
        max_length=100,
        blank=True,
        editable=False,
        help_text='Derived from the dates: the Extended Date/Time Format, e.g. "1873/1941?", '
        '"1820~/1870", "/1949". Empty when the printed form could not be read.',
    )
    start_year = models.IntegerField("start year", null=True, blank=True, editable=False)
    end_year = models.IntegerField("end year", null=True, blank=True, editable=False)
    body = models.TextField(
        "body",
        blank=True,
        help_text="Paragraphs separated by a blank line; *italics*; [[Headword]] or "
        "[[Headword|label]] for a cross-reference.",
        validators=TEXT_VALIDATORS,
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
            # The last change anywhere (the quality checks' abbreviations), recent work first.
            models.Index(fields=["updated_at"], name="entry_updated"),
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
            check_edtf(parse_dates(self.dates).edtf)
        except DateFormatError as error:
            raise ValidationError({"dates": str(error)}) from error

    def fill_derived_fields(self) -> None:
        """Fill the columns derived from the headword and dates (bulk inserts call this too)."""
        self.headword = " ".join(self.headword.split())
        self.sort_key = sort_key(self.headword)
        self.match_key = fold(self.headword)
        self.initial = initial_letter(self.headword)
        # An unreadable form is kept as printed, without years (``clean`` refuses it in forms).
        dates, _read = read_dates(self.dates)
        self.dates, self.start_year, self.end_year, self.dates_edtf = dates

    def _unused_slug(self) -> str:
        taken = Entry.objects.filter(slug__startswith=make_slug(self.headword))
        taken = set(taken.exclude(pk=self.pk).values_list("slug", flat=True))
        year = self.start_year if self.start_year is not None else self.end_year
        homonyms = Entry.objects.filter(match_key=self.match_key).exclude(pk=self.pk)
        if year is None or make_slug(self.headword) not in taken or not homonyms.exists():
            year = None  # a homonym's slug carries its year ("longman-charles-1839")
        return free_slug(self.headword, taken, year=year)


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
    name = models.CharField(
        "name",
        max_length=255,
        help_text="Another name the entry is found by.",
        validators=TEXT_VALIDATORS,
    )
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
    words could begin. Never edited by hand: ``dictionary.services.sync_entry_names`` keeps
    the rows of any number of entries in step."""

    entry = models.ForeignKey(
        Entry,
        verbose_name="entry",
        on_delete=models.CASCADE,
        related_name="names",
        db_index=False,  # the unique (entry, name) index starts with it
    )
    name = models.CharField(
        "name", max_length=255, help_text="As text would write it, e.g. “Victor Serge”."
    )
    lead = models.CharField(
        "lead words",
        max_length=255,
        help_text="The name's first words, by which the linking pass finds it.",
    )

    class Meta:
        verbose_name = "entry name"
        verbose_name_plural = "entry names"
        constraints = [
            models.UniqueConstraint(fields=["entry", "name"], name="entry_name_once"),
        ]
        # Looked up only with IN: a plain index (db_index would add a LIKE one on PostgreSQL).
        indexes = [models.Index(fields=["lead"], name="entry_name_lead")]

    def __str__(self):
        return self.name


# An entry's revision covers its aliases, credits (with their contributors), citations (with
# their works) and cross-references.
# The followed names are read only when a revision is saved, so the citations and
# cross-references may be defined in their own modules.
reversion.register(Alias)
reversion.register(Entry, follow=["aliases", "credits", "citations", "outgoing_references"])
