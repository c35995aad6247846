"""Works cited: bibliographic records and the citations that tie them to entries."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models

from ..text import TEXT_VALIDATORS, control_character_problem, title_match_key
from .entries import Entry

# The parts a CSL name may have.
CSL_NAME_PARTS = (
    "family",
    "given",
    "dropping-particle",
    "non-dropping-particle",
    "suffix",
    "literal",
)


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
    title = models.CharField("title", max_length=500, validators=TEXT_VALIDATORS)
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
    publisher = models.CharField(
        "publisher", max_length=255, blank=True, validators=TEXT_VALIDATORS
    )
    place = models.CharField(
        "place of publication", max_length=255, blank=True, validators=TEXT_VALIDATORS
    )
    container_title = models.CharField(
        "container title",
        max_length=500,
        blank=True,
        help_text="The journal, book or collection the work appears in.",
        validators=TEXT_VALIDATORS,
    )
    volume = models.CharField("volume", max_length=40, blank=True, validators=TEXT_VALIDATORS)
    issue = models.CharField("issue", max_length=40, blank=True, validators=TEXT_VALIDATORS)
    pages = models.CharField("pages", max_length=40, blank=True, validators=TEXT_VALIDATORS)
    doi = models.CharField("DOI", max_length=255, blank=True, validators=TEXT_VALIDATORS)
    isbn = models.CharField("ISBN", max_length=40, blank=True, validators=TEXT_VALIDATORS)
    url = models.URLField("URL", max_length=500, blank=True, validators=TEXT_VALIDATORS)
    note = models.CharField(
        "note",
        max_length=500,
        blank=True,
        help_text="E.g. the translation of a title printed in brackets after it.",
        validators=TEXT_VALIDATORS,
    )

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

    def clean(self):
        for field in ("authors", "editors"):
            problem = _names_problem(getattr(self, field))
            if problem:
                raise ValidationError({field: problem})

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
        "locator",
        max_length=100,
        blank=True,
        help_text="Pages, chapter or section cited.",
        validators=TEXT_VALIDATORS,
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


def _names_problem(names) -> str | None:
    """What is wrong with a list of CSL names, or None: every page and export reads them."""
    if not isinstance(names, list):
        return 'Give a list of names, e.g. [{"family": "Walker", "given": "David"}].'
    for number, name in enumerate(names, start=1):
        if not isinstance(name, dict) or not name:
            return f'Name {number} is not a name: write {{"family": ..., "given": ...}}.'
        unknown = sorted(set(name) - set(CSL_NAME_PARTS))
        if unknown:
            return f"Name {number} has parts a CSL name has not: {', '.join(unknown)}."
        if not all(isinstance(value, str) for value in name.values()):
            return f"Name {number}: every part must be text."
        problem = control_character_problem("".join(name.values()))
        if problem:
            return f"Name {number} contains an invisible control character, {problem}."
    return None
