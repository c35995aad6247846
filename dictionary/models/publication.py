"""The publication generation: a counter every publish and withdrawal raises, in the database."""

from django.db import models


class PublicationGeneration(models.Model):
    """One row whose number goes up after every commit that changes which editions are
    current. Cached page parts are kept under it (``dictionary.caching``), so every web
    process, whatever its cache, stops serving them once the number it reads has moved."""

    number = models.BigIntegerField("number", default=0)
    changed_at = models.DateTimeField("changed at", null=True, blank=True)

    class Meta:
        verbose_name = "publication generation"

    def __str__(self):
        return str(self.number)
