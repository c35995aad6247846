"""The Atom feed of new and revised entries: one item per edition, newest first, each with
its authors (one Atom <author> each, as the byline names them)."""

import io
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .bylines import authors
from .models import Edition
from .publication import absolute_url

FEED_LENGTH = 50
# Characters XML 1.0 cannot carry at all: one of them in any item made the whole feed a 500.
# Text is refused with them on save (``dictionary.text``); this keeps older rows readable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(" ", text)


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

    def write(self, outfile, encoding):
        # Django writes the feed straight into the response, some 2,000 small writes for 50
        # items, each turned into bytes and kept apart: into a string first, then once.
        text = io.StringIO()
        super().write(text, encoding)
        outfile.write(text.getvalue())


class RecentEditionsFeed(Feed):
    feed_type = SignedAtomFeed
    item_guid_is_permalink = False

    def title(self):
        return f"{settings.HEADWORD_TITLE}: new and revised entries"

    def subtitle(self):
        return "Entries as they are published and revised, newest first."

    def link(self):
        return reverse("dictionary:entry_list") + "?sort=revised"

    def feed_guid(self):
        # Ids come from the configured base URL, so they stay the same whichever host served
        # them; links (the feed's and its items') follow the request, to work where read.
        return absolute_url(reverse("dictionary:feed"))

    def items(self):
        return (
            Edition.objects.current()
            .order_by("-published_at", "-id")
            .only(*ITEM_FIELDS)[:FEED_LENGTH]
        )

    def item_title(self, edition):
        if edition.number == 1:
            return _xml_text(f"{edition.headword} (new)")
        return _xml_text(f"{edition.headword} (revised, edition {edition.number})")

    def item_description(self, edition):
        """HTML, as Atom's ``<summary type="html">`` declares it: the texts escaped as the
        pages' templates escape them, so a reader shows ``<img onerror=...>`` typed in a body
        as those characters and never runs it."""
        text = edition.summary
        if edition.number > 1 and edition.change_summary:
            text = f"{edition.change_summary} — {edition.summary}"
        return escape(_xml_text(text))

    def item_link(self, edition):
        return reverse("dictionary:entry_detail", kwargs={"slug": edition.slug})

    def item_guid(self, edition):
        # Each edition is its own item, so a revision reaches subscribers as news.
        return absolute_url(
            reverse(
                "dictionary:edition_detail",
                kwargs={"slug": edition.slug, "number": edition.number},
            )
        )

    def item_pubdate(self, edition):
        return edition.published_at

    def item_updateddate(self, edition):
        return edition.published_at

    def item_extra_kwargs(self, edition):
        return {"authors": [person["display"] for person in authors(edition.byline)]}

    def item_categories(self, edition):
        return [edition.get_entry_type_display()]
