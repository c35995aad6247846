"""The print running head as a stylesheet, so pages carry no inline <style>."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

# Longer than any headword or letter the pages ask for; a longer one is cut, not refused.
MAX_HEAD_LENGTH = 300


@require_safe
def running_head(request):
    """The @page rules naming the work (top left) and ``head`` (top right) in print.

    Pages link it with their own words in the query string. The CSS depends on nothing but
    the address and the work's title, so caches may keep it for a day (the title is a
    setting, which a deployment may change).
    """
    head = request.GET.get("head", "")[:MAX_HEAD_LENGTH]
    response = render(
        request, "dictionary/running_head.css", {"head": head}, content_type="text/css"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response
