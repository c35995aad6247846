"""Theme listings: each current edition under each of its themes, in the reader's orders."""

from django.db import models

from .edition import Edition
from .entries import EntryType, Theme


class ThemeListing(models.Model):
    """A current edition filed under one of its themes, with copies of the columns the
    reader's orders sort by and of its type.

    A theme's list cannot be read in order from the editions: their indexes hold every
    current edition, and finding a theme's page 100 would check the themes of a hundred
    times that many rows. These rows hold each theme's editions in each order in an index
    of their own (``dictionary.ordering`` pages a theme through them). They exist only for
    current editions, and ``dictionary.theme_listings.write_theme_listings`` alone writes
    them: when an edition becomes current or stops being so, and in a rebuild.
    """

    theme = models.ForeignKey(
        Theme,
        verbose_name="theme",
        on_delete=models.CASCADE,
        related_name="listings",
        help_text="A theme the edition is filed under.",
        db_index=False,  # each of the order indexes below starts with it
    )
    edition = models.ForeignKey(
        Edition,
        verbose_name="current edition",
        on_delete=models.CASCADE,
        related_name="theme_listings",
        help_text="Listed while it is current.",
        db_index=False,  # the unique (edition, theme) index starts with it
    )
    sort_key = models.CharField("sort key", max_length=255, help_text="The edition's sort key.")
    entry_type = models.CharField(
        "type", max_length=20, choices=EntryType.choices, help_text="The edition's type."
    )
    position_year = models.IntegerField(
        "year in the date order",
        help_text="The edition's first year, else its last, else UNDATED_YEAR (dated last).",
    )
    published_at = models.DateTimeField("published", help_text="When the edition was published.")

    class Meta:
        verbose_name = "theme listing"
        constraints = [
            models.UniqueConstraint(fields=["edition", "theme"], name="listed_once_per_theme"),
        ]
        indexes = [
            models.Index(fields=["theme", "sort_key", "edition"], name="listing_alphabetical"),
            # The type filter within a theme seeks here in alphabetical order.
            models.Index(
                fields=["theme", "entry_type", "sort_key", "edition"], name="listing_type"
            ),
            models.Index(
                fields=["theme", "position_year", "sort_key", "edition"],
                name="listing_chronological",
            ),
            models.Index(fields=["theme", "published_at", "edition"], name="listing_revised"),
        ]

    def __str__(self):
        return f"{self.edition_id} under {self.theme_id}"
