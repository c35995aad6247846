"""sitemap.xml: the reader's pages and every current edition, nothing else."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Count, Max
from django.urls import reverse

from .caching import cached_per_publication
from .models import Edition

SITEMAP_FIELDS = ("slug", "published_at", "entry_id")


def page_boundaries(per_page: int, fingerprint: tuple) -> list[int]:
    """The entry id that starts each sitemap page: one index-only pass over the current
    editions (about 30 ms at 100,000), kept until the next publication, or until the
    fingerprint (count and newest entry of the current editions) changes."""

    def compute() -> list[int]:
        ids = Edition.objects.current().order_by("entry_id").values_list("entry_id", flat=True)
        return list(ids)[::per_page]

    count, newest = fingerprint
    return cached_per_publication(f"sitemap-pages:{per_page}:{count}:{newest}", compute)


class BoundaryPaginator(Paginator):
    """Pages that start at a known entry id instead of an OFFSET, so the last page of the
    sitemap costs what the first does. The object list must be ordered by entry id."""

    @cached_property
    def fingerprint(self) -> tuple[int, int | None]:
        # Both read from the index of current editions alone, like the count they replace.
        summary = self.object_list.aggregate(count=Count("entry_id"), newest=Max("entry_id"))
        return summary["count"], summary["newest"]

    @cached_property
    def count(self) -> int:
        return self.fingerprint[0]

    def page(self, number):
        number = self.validate_number(number)
        rows = self.object_list
        if number > 1:
            boundaries = page_boundaries(self.per_page, self.fingerprint)
            if number > len(boundaries):  # the list shrank between the two reads
                raise EmptyPage("That sitemap page is empty now.")
            rows = rows.filter(entry_id__gte=boundaries[number - 1])
        return Page(list(rows[: self.per_page]), number, self)


class EntrySitemap(Sitemap):
    changefreq = "monthly"
    # Rendering costs about 0.08 ms a URL, the queries about 5 ms: 250 URLs keep a
    # sitemap page near 25 ms (400 pages at 100,000 entries; an index may list 50,000).
    limit = 250

    def items(self):
        # Entry order: a new entry joins the last page and leaves the others as they were.
        return Edition.objects.current().order_by("entry_id").only(*SITEMAP_FIELDS)

    @property
    def paginator(self):
        return BoundaryPaginator(self.items(), self.limit)

    def location(self, edition):
        return reverse("dictionary:entry_detail", kwargs={"slug": edition.slug})

    def lastmod(self, edition):
        return edition.published_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item (a second at 100,000 entries).
        return Edition.objects.current().aggregate(latest=Max("published_at"))["latest"]


class ReaderPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["dictionary:home", "dictionary:entry_list", "dictionary:chronology"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": ReaderPagesSitemap, "entries": EntrySitemap}
