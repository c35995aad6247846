"""The Atom feed of new and revised entries: one item per edition, newest first, each with
its authors (one Atom <author> each, as the byline names them)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .bylines import authors
from .models import Edition

FEED_LENGTH = 50
ITEM_FIELDS = (
    "headword",
    "slug",
    "number",
    "summary",
    "change_summary",
    "entry_type",
    "published_at",
    "byline",
)


class SignedAtomFeed(Atom1Feed):
    """Atom with every author of an item: Django's feeds write at most one."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class RecentEditionsFeed(Feed):
    feed_type = SignedAtomFeed
    item_guid_is_permalink = False

    def title(self):
        return f"{settings.HEADWORD_TITLE}: new and revised entries"

    def subtitle(self):
        return "Entries as they are published and revised, newest first."

    def link(self):
        return reverse("dictionary:entry_list") + "?sort=revised"

    def items(self):
        return (
            Edition.objects.current()
            .order_by("-published_at", "-id")
            .only(*ITEM_FIELDS)[:FEED_LENGTH]
        )

    def item_title(self, edition):
        if edition.number == 1:
            return f"{edition.headword} (new)"
        return f"{edition.headword} (revised, edition {edition.number})"

    def item_description(self, edition):
        if edition.number > 1 and edition.change_summary:
            return f"{edition.change_summary} — {edition.summary}"
        return edition.summary

    def item_link(self, edition):
        return reverse("dictionary:entry_detail", kwargs={"slug": edition.slug})

    def item_guid(self, edition):
        # Each edition is its own item, so a revision reaches subscribers as news; the id
        # uses the configured base URL so that it stays the same whichever host served it.
        path = reverse(
            "dictionary:edition_detail", kwargs={"slug": edition.slug, "number": edition.number}
        )
        return settings.HEADWORD_BASE_URL.rstrip("/") + path

    def item_pubdate(self, edition):
        return edition.published_at

    def item_updateddate(self, edition):
        return edition.published_at

    def item_extra_kwargs(self, edition):
        return {"authors": [person["display"] for person in authors(edition.byline)]}

    def item_categories(self, edition):
        return [edition.get_entry_type_display()]
