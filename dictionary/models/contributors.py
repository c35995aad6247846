"""Contributors (the people and bodies who write entries) and the credits that sign entries."""

import re

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from ..text import TEXT_VALIDATORS, free_slug, make_slug, sort_key
from .edition import Edition
from .entries import Entry

_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def orcid_check_digit(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character ORCID computes from the first 15 digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize_orcid(value: str) -> str:
    """An ORCID iD as stored: the bare 16 characters, whatever URL form it was typed in."""
    value = value.strip()
    for prefix in _ORCID_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.upper()


def validate_orcid(value: str) -> None:
    """Refuse an ORCID iD that is not "0000-0002-1825-0097" in shape or fails its checksum."""
    if not _ORCID.match(value):
        raise ValidationError(
            "Write an ORCID iD as four groups of four digits, e.g. 0000-0002-1825-0097.",
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            "This ORCID iD's last character does not match its checksum: check for a typo.",
            code="orcid_checksum",
        )


class ContributorQuerySet(models.QuerySet):
    def with_published_entries(self):
        """Contributors credited in at least one current edition: the public index. An
        EXISTS per contributor, which the (contributor, edition) index answers at its first
        current edition, rather than a pass over every credit of every edition."""
        current = EditionCredit.objects.filter(
            contributor=models.OuterRef("pk"), edition__is_current=True
        )
        return self.filter(models.Exists(current))

    def public(self):
        """Contributors credited in some edition of a published entry: their page may be
        shown, so that an old edition's byline links to the people it names."""
        published = Edition.objects.current().filter(entry_id=models.OuterRef("edition__entry_id"))
        credited = EditionCredit.objects.filter(contributor=models.OuterRef("pk"))
        return self.filter(models.Exists(credited.filter(models.Exists(published))))


@reversion.register()
class Contributor(models.Model):
    """A person, in name parts, or a body (an organisation) under a literal name."""

    given = models.CharField(
        "given names",
        validators=TEXT_VALIDATORS,
        max_length=200,
        blank=True,
        help_text="“David”, “Mary Ann”.",
    )
    family = models.CharField(
        "family name",
        validators=TEXT_VALIDATORS,
        max_length=200,
        blank=True,
        help_text="“Walker”, “Gogh”.",
    )
    particle = models.CharField(
        "particle",
        validators=TEXT_VALIDATORS,
        max_length=40,
        blank=True,
        help_text="A particle before the family name, kept with it: “van”, “de la”.",
    )
    suffix = models.CharField(
        "suffix", validators=TEXT_VALIDATORS, max_length=40, blank=True, help_text="“Jr.”, “III”."
    )
    literal = models.CharField(
        "name of an organisation",
        validators=TEXT_VALIDATORS,
        max_length=255,
        blank=True,
        help_text="For a body, not a person: “Museum of the Revolution”. Leave the name "
        "parts empty.",
    )
    sort_name = models.CharField(
        "sort name",
        max_length=255,
        editable=False,
        db_index=True,
        help_text="Derived: family name first, folded, by which lists order contributors.",
    )
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        blank=True,
        help_text="The contributor's page URL. Left blank, made from the name.",
    )
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[*TEXT_VALIDATORS, validate_orcid],
        help_text="e.g. 0000-0002-1825-0097 (the checksum is verified).",
    )
    affiliation = models.CharField(
        "affiliation", validators=TEXT_VALIDATORS, max_length=255, blank=True
    )
    biography = models.TextField(
        "short biography",
        validators=TEXT_VALIDATORS,
        blank=True,
        help_text="A sentence or two, shown on their page.",
    )

    objects = ContributorQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = "contributor"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if not self.slug:
            taken = Contributor.objects.filter(slug__startswith=make_slug(self.display_name))
            self.slug = free_slug(
                self.display_name, set(taken.exclude(pk=self.pk).values_list("slug", flat=True))
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dictionary:contributor_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.literal and (self.given or self.family):
            raise ValidationError(
                {"literal": "A person has name parts, a body this name: give one, not both."}
            )
        if not self.literal and not self.family and not self.given:
            raise ValidationError({"family": "Give a family name, or an organisation's name."})

    def fill_derived_fields(self) -> None:
        """Tidy the name parts and fill the sort name (bulk inserts call this too)."""
        for part in ("given", "family", "particle", "suffix", "literal"):
            setattr(self, part, " ".join(getattr(self, part).split()))
        self.sort_name = sort_key(self.inverted_name)

    @property
    def csl_name(self) -> dict:
        """The name as CSL-JSON writes it; the particle is a non-dropping one ("van Gogh")."""
        if self.literal:
            return {"literal": self.literal}
        parts = {
            "family": self.family,
            "given": self.given,
            "non-dropping-particle": self.particle,
            "suffix": self.suffix,
        }
        return {key: value for key, value in parts.items() if value}

    @property
    def display_name(self) -> str:
        """In reading order: "David Walker", "Vincent van Gogh", "Museum of the Revolution"."""
        if self.literal:
            return self.literal
        return " ".join(filter(None, (self.given, self.particle, self.family, self.suffix)))

    @property
    def inverted_name(self) -> str:
        """Family name first, as an index lists it: "Walker, David", "van Gogh, Vincent"."""
        if self.literal:
            return self.literal
        family = " ".join(filter(None, (self.particle, self.family)))
        return ", ".join(filter(None, (family, self.given, self.suffix)))

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""


class CreditRole(models.TextChoices):
    AUTHOR = "author", "Author"
    CO_AUTHOR = "co-author", "Co-author"
    REVISER = "reviser", "Reviser"
    TRANSLATOR = "translator", "Translator"


# The roles a citation names as the entry's authors; the others are credited in words.
AUTHOR_ROLES = (CreditRole.AUTHOR, CreditRole.CO_AUTHOR)


@reversion.register(follow=["contributor"])
class Credit(models.Model):
    """A contributor signing an entry, in a role, at a position in its byline."""

    entry = models.ForeignKey(
        Entry,
        verbose_name="entry",
        on_delete=models.CASCADE,
        related_name="credits",
        db_index=False,  # the unique (entry, contributor, role) index starts with it
    )
    contributor = models.ForeignKey(
        Contributor, verbose_name="contributor", on_delete=models.PROTECT, related_name="credits"
    )
    role = models.CharField(
        "role", max_length=20, choices=CreditRole.choices, default=CreditRole.AUTHOR
    )
    order = models.PositiveIntegerField("order", default=0, help_text="Position in the byline.")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "credit"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "contributor", "role"], name="credit_once_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.contributor} ({self.get_role_display()})"


class EditionCredit(models.Model):
    """A credit as it stood in an edition: a contributor's page lists their editions by it."""

    edition = models.ForeignKey(
        "dictionary.Edition",
        verbose_name="edition",
        on_delete=models.CASCADE,
        related_name="credits",
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name="contributor",
        on_delete=models.PROTECT,
        related_name="edition_credits",
        db_index=False,  # the (contributor, edition) index starts with it
    )
    role = models.CharField("role", max_length=20, choices=CreditRole.choices)
    order = models.PositiveIntegerField("order", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "edition credit"
        indexes = [models.Index(fields=["contributor", "edition"], name="edition_credit_person")]

    def __str__(self):
        return f"{self.edition}: {self.contributor}"
