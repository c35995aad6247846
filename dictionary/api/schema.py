"""The query parameters of the API's lists, as the OpenAPI document describes them."""

from drf_spectacular.utils import OpenApiParameter

from ..filters import CENTURY_CHOICES, LETTER_CHOICES, SORT_CHOICES
from ..models import EntryType


def _text(name: str, description: str, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name, str, description=description, **kwargs)


ENTRY_FILTERS = [
    _text("q", "Words to search for (then ordered by relevance unless sort says otherwise)."),
    _text("letter", "First letter of the headword; # for others.",
          enum=[value for value, _ in LETTER_CHOICES]),
    _text("type", "Entry type.", enum=EntryType.values),
    _text("theme", "A theme's slug (see /api/v1/themes/)."),
    _text("contributor", "A contributor's slug: the editions they signed."),
    _text("period", "Years the entry's dates overlap: 1900-1950, 1900- or -1950."),
    _text("period_from", "Earliest year of the period."),
    _text("period_to", "Latest year of the period."),
    _text("century", "A century, e.g. 20 for 1900–1999.",
          enum=[value for value, _ in CENTURY_CHOICES]),
    _text("sort", "Order of the results.", enum=[value for value, _ in SORT_CHOICES]),
]  # fmt: skip

PAGE_PARAMETERS = [
    _text("after", "The page after this position (from a page's next link)."),
    _text("before", "The page before this position (from a page's previous link)."),
    _text("from", "Alphabetical order: the page starting at these words."),
    _text("page", "A page number, or last."),
]

SEARCH_PARAMETERS = [
    _text("q", "Words to search for.", required=True),
    *[parameter for parameter in ENTRY_FILTERS if parameter.name not in ("q", "sort")],
    _text("page", "A page number."),
]
