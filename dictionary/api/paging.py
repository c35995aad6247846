"""Pages of API results: the reader's pages with links as absolute URLs, and pages of works."""

from ..models import Citation, Edition
from ..views.listing import page_links

# A work cited by very many entries lists this many of them.
CITED_BY_LIMIT = 200


def _link(request, query: str | None) -> str | None:
    if query is None:
        return None
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def page_body(request, page, serializer_class) -> dict:
    """A page of editions with its count and the URLs of the pages before and after it
    (by position in a keyset order, by number for searches ranked by relevance)."""
    links = page_links(page, request.GET)
    items = serializer_class(page.items, many=True, context={"request": request}).data
    return {
        "count": page.count,
        "count_is_estimate": page.estimated,
        "next": _link(request, links["next"]),
        "previous": _link(request, links["previous"]),
        "results": items,
    }


def work_page(request, *, after: int, per_page: int, only: int | None = None) -> dict:
    """Works cited by current editions with ids above ``after``, as those editions froze
    them (a work's working copy, or a citation still in review, is never shown)."""
    candidates = Citation.objects.filter(work_id__gt=after, entry__editions__is_current=True)
    if only is not None:
        candidates = candidates.filter(work_id=only)
    ids = list(
        candidates.order_by("work_id").values_list("work_id", flat=True).distinct()[:per_page]
    )
    works = _frozen_works(ids)
    results = [works[pk] for pk in ids if pk in works]
    more = len(ids) == per_page and only is None
    next_url = _link(request, f"after={ids[-1]}") if more else None
    return {"next": next_url, "results": results}


def _frozen_works(ids: list[int]) -> dict[int, dict]:
    """{work id: {id, csl, cited_by}} from the current editions that cite the works."""
    if not ids:
        return {}
    wanted = set(ids)
    citing = (
        Edition.objects.current()
        .filter(entry__citations__work_id__in=ids)
        .distinct()
        .order_by("sort_key", "id")
        .values_list("slug", "citations")
    )
    works: dict[int, dict] = {}
    for slug, citations in citing:
        for item in citations:
            pk = item.get("work_id")
            if pk not in wanted:
                continue
            work = works.setdefault(pk, {"id": pk, "csl": item.get("csl") or {}, "cited_by": []})
            if slug not in work["cited_by"] and len(work["cited_by"]) < CITED_BY_LIMIT:
                work["cited_by"].append(slug)
    return works
