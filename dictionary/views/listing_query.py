"""The query behind every list of current editions: which rows a FilterSet's cleaned data
leave, in which order, read by which path, and the page the URL names."""

from functools import cached_property

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from ..filters import OTHER_LETTER, RELEVANCE
from ..models import UNDATED_YEAR, Edition, EditionCredit, ThemeListing
from ..ordering import ALPHABETICAL, CHRONOLOGICAL, KEYSETS, Keyset
from ..search import search_editions
from .paging import PageError, ResultPage, page_number, paginate, paginate_by_position

# The filters a theme's listings answer by themselves: with a theme chosen, the type is the
# listing's copy of it and a letter a range of its sort keys (not "Other", no one range).
LISTED_FILTERS = ("theme", "type", "letter", "sort")


def current_year() -> int:
    return timezone.localdate().year


def overlapping(editions: QuerySet, start: int | None, end: int | None) -> QuerySet:
    """Editions whose dates overlap the years start..end (either may be open).

    An entry with only a death year ("d. 1921") counts as that year; one with only a
    start ("b. 1943", "1919–") runs to the present.
    """
    if start is not None:
        editions = editions.filter(
            Q(end_year__gte=start) | Q(end_year__isnull=True, start_year__isnull=False)
        )
        if start > current_year():
            editions = editions.exclude(end_year__isnull=True, start_year__lt=start)
    if end is not None:
        editions = editions.filter(
            Q(start_year__lte=end) | Q(start_year__isnull=True, end_year__lte=end)
        )
    return editions


class EntryListQuery:
    """The current editions a list shows for the cleaned data of its FilterSet
    (``dictionary.filters``), and how they are read.

    The access path: a search runs first, over every current edition (whether it ranks, and
    whether it adds names spelt alike, depends on how many match its words); with a theme,
    the rows are joined to the theme's listings (``ThemeListing``), which also answer the
    type and the letter, and the order is read from them (``Keyset.within_theme``: a page
    reads the theme's editions in order, not every edition checking its themes); a page
    is found by position in a keyset order (``paging.paginate_by_position``), by number
    for a search ranked by relevance. ``dated``: the chronology, dated editions in date
    order. ``refused``: the search words were refused, so nothing is listed (at no query's
    cost: the message is the answer).
    """

    def __init__(self, criteria: dict, editions=None, *, dated=False, refused=False):
        self.criteria = criteria
        self.editions = Edition.objects.current() if editions is None else editions
        self.dated, self.refused = dated, refused

    @classmethod
    def of(cls, filterset, editions=None, *, dated: bool = False) -> "EntryListQuery":
        """The query for a FilterSet's valid parameters; the others are ignored."""
        filterset.is_valid()  # fills cleaned_data, also when some parameters are bad
        criteria = getattr(filterset.form, "cleaned_data", {})
        return cls(criteria, editions, dated=dated, refused="q" in filterset.form.errors)

    def rows(self) -> QuerySet:
        """Every row of the list, in its order."""
        if self.refused:
            return self.editions.none()
        editions, criteria = self.editions, self.criteria
        if self.dated:
            editions = editions.filter(Q(start_year__isnull=False) | Q(end_year__isnull=False))
        if criteria.get("q"):  # the field strips it
            editions = search_editions(editions, criteria["q"])
        editions = self._narrowed(editions, criteria)
        return editions if self.keyset is None else self.keyset.prepare(editions)

    def _narrowed(self, editions: QuerySet, criteria: dict) -> QuerySet:
        theme = criteria.get("theme")
        if theme:  # one filter() call, so that the conditions share one join
            listed = {f"theme_listings__{k}": v for k, v in self._listing_conditions().items()}
            editions = editions.filter(theme_listings__theme=theme.pk, **listed)
        if criteria.get("type") and not theme:
            editions = editions.filter(entry_type=criteria["type"])
        if criteria.get("letter") and not self._letter_listed():
            editions = editions.filter(initial=criteria["letter"])
        if criteria.get("period"):
            editions = overlapping(editions, *criteria["period"])
        if criteria.get("century"):
            start = (int(criteria["century"]) - 1) * 100
            editions = overlapping(editions, start, start + 99)
        if criteria.get("contributor"):  # by their page's slug; the field strips it
            signed = EditionCredit.objects.filter(contributor__slug=criteria["contributor"])
            editions = editions.filter(pk__in=signed.values("edition_id"))
        return editions

    def _letter_listed(self) -> bool:
        letter = self.criteria.get("letter")
        return bool(letter and self.criteria.get("theme")) and letter != OTHER_LETTER

    def _listing_conditions(self) -> dict:
        """Conditions on the chosen theme's listings that the type and the letter make, so
        that PostgreSQL seeks in the listing instead of reading it all. A letter's sort keys
        start with it in lower case (``text.initial_letter``)."""
        conditions, entry_type = {}, self.criteria.get("type")
        if entry_type:
            conditions["entry_type"] = entry_type
        if self._letter_listed():
            letter = self.criteria["letter"].lower()
            conditions.update(sort_key__gte=letter, sort_key__lt=chr(ord(letter) + 1))
        return conditions

    @cached_property
    def keyset(self) -> Keyset | None:
        """The order of the rows, which their pages follow by position; None keeps a ranked
        search's own order, paged by number. With a theme, read from its listings, which
        also give the positions (counts, numbered pages) when only they narrow the list."""
        order, theme = self._order(), self.criteria.get("theme")
        if order is None or not theme or self.criteria.get("letter") == OTHER_LETTER:
            return order
        if any(value for name, value in self.criteria.items() if name not in LISTED_FILTERS):
            return order.within_theme(None)
        listings = ThemeListing.objects.filter(theme_id=theme.pk).filter(
            **self._listing_conditions()
        )
        if self.dated:
            listings = listings.exclude(position_year=UNDATED_YEAR)
        return order.within_theme(listings)

    def _order(self) -> Keyset | None:
        """The chosen order; None for a search ranked by relevance (the default with search
        words). Relevance without a search is alphabetical; the chronology goes by date."""
        if self.dated:
            return CHRONOLOGICAL
        searching = bool(self.criteria.get("q"))
        sort = self.criteria.get("sort") or (RELEVANCE if searching else "alpha")
        if sort == RELEVANCE:
            return None if searching else ALPHABETICAL
        return KEYSETS[sort]

    def page(self, params: QueryDict, *, per_page: int) -> tuple[ResultPage, str | None]:
        """The page ``params`` name (``paging``), and None; or, when they name none, the
        first or last page and the message that says why."""
        try:
            return self._page(params, per_page=per_page), None
        except PageError as error:
            start = QueryDict("page=last" if error.fallback == "last" else "")
            return self._page(start, per_page=per_page), str(error)

    def _page(self, params: QueryDict, *, per_page: int) -> ResultPage:
        if self.keyset is not None:
            return paginate_by_position(self.rows(), params, keyset=self.keyset, per_page=per_page)
        if any(params.get(name) for name in ("after", "before", "from")):
            raise PageError(
                "Results ordered by relevance go by page number, not by position; "
                "showing the first page."
            )
        return paginate(self.rows(), page_number(params.get("page")), per_page=per_page)
