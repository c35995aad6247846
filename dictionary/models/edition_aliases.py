"""The aliases of editions as they froze them, which readers' redirects and links read."""

from django.db import models

from .edition import Edition


class EditionAlias(models.Model):
    """An alias as an edition froze it: its name and the slug of its redirecting URL.

    Readers' alias redirects and cross-reference links read these, never the working
    copy's Alias rows: an alias added in a draft, or a new slug a draft gives an old one,
    stays unseen until an edition carrying it is published, and the published alias URL
    keeps working meanwhile. Written with the edition (``create_editions_in_bulk``).
    """

    edition = models.ForeignKey(
        Edition, verbose_name="edition", on_delete=models.CASCADE, related_name="alias_rows"
    )
    name = models.CharField("name", max_length=255)
    match_key = models.CharField("match key", max_length=255, help_text="The name folded.")
    slug = models.SlugField("slug", max_length=200, db_index=False)

    class Meta:
        ordering = ["edition_id", "name"]
        verbose_name = "edition alias"
        verbose_name_plural = "edition aliases"
        # Looked up by equality only: plain indexes (db_index would add LIKE ones).
        indexes = [
            models.Index(fields=["slug"], name="edition_alias_slug"),
            models.Index(fields=["match_key"], name="edition_alias_match_key"),
        ]

    def __str__(self):
        return f"{self.edition} ← {self.name}"
