"""Presentation-only filters for the reader's templates (no queries, no decisions)."""

from django import template
from django.utils.safestring import mark_safe

from ..dates import edtf_marks
from ..views.linking import entry_path, site_path

register = template.Library()


@register.filter
def entry_url(slug: str) -> str:
    """The path of an entry's page (``linking.entry_path``), for ``{{ slug|entry_url }}``:
    ``{% url 'dictionary:entry_detail' slug %}`` resolved the pattern for every row."""
    return entry_path(slug)


@register.simple_tag
def path(name: str) -> str:
    """``{% path 'dictionary:entry_list' %}``: ``{% url %}`` for a page without arguments,
    reversed once (``linking.site_path``)."""
    return site_path(name)


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
