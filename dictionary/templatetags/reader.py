"""Presentation-only filters for the reader's templates (no queries, no decisions)."""

import re
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from ..dates import edtf_marks

register = template.Library()

# What the ``slug`` path converter of the entry page accepts; the rows' slugs always match.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_PLACEHOLDER = "slug-placeholder"


@register.filter
def entry_url(slug: str) -> str:
    """The path of an entry's page, as ``{% url 'dictionary:entry_detail' slug %}`` gives
    it. A list of 50 rows resolved the pattern 50 times (a tenth of the page's time); this
    resolves it once a script prefix. A slug the converter would refuse is left to
    ``reverse``, which refuses it."""
    if not _SLUG.match(slug):
        return reverse("dictionary:entry_detail", args=[slug])
    before, after = _entry_url_around(get_script_prefix())
    return before + slug + after


@lru_cache(maxsize=8)
def _entry_url_around(script_prefix: str) -> tuple[str, str]:
    path = reverse("dictionary:entry_detail", args=[_PLACEHOLDER])
    before, _, after = path.partition(_PLACEHOLDER)
    return before, after


@register.filter
def thousands(number) -> str:
    """12345 -> "12,345"; anything that is not a number is shown as it is."""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return str(number)


_CSS_STRING_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\A ", "<": "\\3C ", ">": "\\3E ", "&": "\\26 "}
)


@register.filter
def css_string(text) -> str:
    """Text made safe inside a double-quoted CSS string (for the print running head).

    Marked safe because HTML escaping would be wrong there: a <style> element does not
    decode entities. The characters that could end the string or the element are escaped.
    """
    return mark_safe(str(text).translate(_CSS_STRING_ESCAPES))


_END_WORDS = {"?": "uncertain", "unknown": "unknown", "open": "open"}


@register.filter
def date_certainty(edtf: str) -> str:
    """How sure the dates are, in words, from their EDTF form: "1873/1941?" -> "end
    uncertain"; "" when both ends are known (or the dates could not be read)."""
    start, end = edtf_marks(edtf or "")
    if "/" not in (edtf or ""):
        return "uncertain" if start == "?" else ""
    parts = [
        f"{side} {_END_WORDS[mark]}" for side, mark in (("start", start), ("end", end)) if mark
    ]
    return ", ".join(parts)
