"""The API's views: thin readers of the current editions (``Edition.objects.current()``).

Lists and searches run the reader's own FilterSet and paging (``dictionary.filters``,
``dictionary.views.listing``), so the API filters, orders, caps and pages exactly as
/entries/ does; an edition is found as the entry page finds it.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from ..exporting.published import edition_links
from ..filters import EditionFilter, published_theme_list
from ..http_caching import shared_briefly, show_entries
from ..models import Edition
from ..search import highlight
from ..views.listing import LIST_FIELDS, filtered_page
from . import serializers
from .conditional import add_validators, edition_validators, not_modified
from .formats import CSLRenderer, TEIRenderer, edition_csl, edition_tei
from .paging import page_body, work_page
from .schema import ENTRY_FILTERS, PAGE_PARAMETERS, SEARCH_PARAMETERS

PER_PAGE = 50
# Numbers beyond the columns' range name nothing; the database would refuse to compare them.
LARGEST_ID, LARGEST_NUMBER = 2**63 - 1, 2**31 - 1
SEARCH_COLUMNS = ("search_text", "search_vector")
NOT_FOUND = OpenApiResponse(serializers.ErrorSerializer, description="No published entry.")
BAD_REQUEST = OpenApiResponse(serializers.ErrorSerializer, description="Unusable parameters.")
FORMATS = (
    "JSON by default; CSL-JSON (Accept: application/vnd.citationstyles.csl+json, or "
    "?format=csl) and TEI Lex-0 (Accept: application/tei+xml, or ?format=tei) by content "
    "negotiation. ETag and Last-Modified answer conditional requests with 304."
)
EDITION_RESPONSES = {
    (200, "application/json"): serializers.EditionSerializer,
    (200, CSLRenderer.media_type): OpenApiTypes.ANY,
    (200, TEIRenderer.media_type): OpenApiTypes.STR,
    301: OpenApiResponse(description="The entry was renamed: the same resource at its slug."),
    304: OpenApiResponse(description="Not modified."),
    404: NOT_FOUND,
}


class ReaderThrottle(AnonRateThrottle):
    """The anonymous rate, ``HEADWORD_API_RATE`` (e.g. "120/minute"; None for no limit),
    read at each request rather than at import, so that a test or the bench can change it."""

    def get_rate(self):
        return settings.HEADWORD_API_RATE


class ReadView(APIView):
    throttle_classes = [ReaderThrottle]
    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        """Answers that say what is published are shared for as short a time as the reader's
        current pages: without a Cache-Control a cache may keep a response on its own guess
        from Last-Modified (a tenth of its age: months for an old edition), past a
        withdrawal. Errors, redirects and refusals (429) say nothing of the kind."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            shared_briefly(response)  # with the surrogate keys of what it shows
        return response

    def handle_exception(self, exc):
        if isinstance(exc, Moved):
            path = self.request.path.replace(f"/{self.kwargs['slug']}/", f"/{exc.detail}/", 1)
            query = self.request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"errors": [str(response.data["detail"])]}
        return response


def _current_edition(slug: str) -> Edition:
    edition = (
        Edition.objects.current()
        .filter(slug=slug)
        .defer(*SEARCH_COLUMNS)
        .prefetch_related("themes", "references")
        .first()
    )
    if edition is None:
        _moved_or_missing(slug)
    return edition


class Moved(APIException):
    """A renamed entry: its old slug answers with a permanent redirect to the new one."""

    status_code = 301
    default_detail = "This entry has moved."


def _moved_or_missing(slug: str):
    """Raise a redirect when an earlier edition published the entry under ``slug`` (its
    editions and their citations keep working, as on the reader's site), else a 404."""
    renamed = Edition.objects.renamed_from(slug)
    if renamed is None:
        raise Http404(f"There is no published entry “{slug}”.")
    raise Moved(renamed)


class EntryList(ReadView):
    @extend_schema(
        operation_id="list_entries",
        summary="Published entries, filtered as on /entries/",
        parameters=[*ENTRY_FILTERS, *PAGE_PARAMETERS],
        responses={200: serializers.EntryPageSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        page, problems = _entry_page(request.GET)
        if problems:
            return Response({"errors": problems}, status=400)
        body = page_body(request, page, serializers.EntrySummarySerializer)
        return _listing(Response(body), page)


class Search(ReadView):
    @extend_schema(
        operation_id="search_entries",
        summary="Search the published entries, best match first",
        parameters=SEARCH_PARAMETERS,
        responses={200: serializers.SearchPageSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        query = request.GET.get("q", "").strip()
        if not query:
            return Response({"errors": ["Give the words to search for: ?q=..."]}, status=400)
        params = request.GET.copy()
        params["sort"] = "relevance"
        page, problems = _entry_page(params)
        if problems:
            return Response({"errors": problems}, status=400)
        snippets = highlight(page.items, query)
        for edition in page.items:
            edition.snippet = snippets.get(edition.pk)
        body = page_body(request, page, serializers.SearchResultSerializer)
        return _listing(Response(body), page)


def _listing(response, page):
    """A page of entries names them and the listings, as the reader's list does."""
    return show_entries(response, [edition.entry_id for edition in page.items], listing=True)


def _entry_page(params):
    """A page of published entries filtered, ordered and paged as /entries/ does it."""
    editions = Edition.objects.current().only(*LIST_FIELDS)
    return filtered_page(EditionFilter(params), editions, params, per_page=PER_PAGE)


class EntryDetail(ReadView):
    renderer_classes = [JSONRenderer, CSLRenderer, TEIRenderer]

    @extend_schema(
        operation_id="get_entry",
        summary="A published entry: its current edition",
        description=FORMATS,
        responses=EDITION_RESPONSES,
    )
    def get(self, request, slug):
        edition = _current_edition(slug)
        return _edition_response(request, edition, current=edition)


class EditionDetail(ReadView):
    renderer_classes = EntryDetail.renderer_classes

    @extend_schema(
        operation_id="get_edition",
        summary="One edition of a published entry, current or earlier",
        description=FORMATS,
        responses=EDITION_RESPONSES,
    )
    def get(self, request, slug, number):
        if number > LARGEST_NUMBER:
            raise Http404(f"There is no edition {number} of “{slug}”.")
        current = _current_edition(slug)
        edition = (
            Edition.objects.filter(entry_id=current.entry_id, number=number)
            .defer(*SEARCH_COLUMNS)
            .prefetch_related("themes", "references")
            .first()
        )
        if edition is None:
            raise Http404(f"There is no edition {number} of “{slug}”.")
        return _edition_response(request, edition, current=current)


def _edition_response(request, edition: Edition, *, current: Edition):
    fmt = request.accepted_renderer.format
    links = edition_links(edition)
    etag, modified = edition_validators(edition, current, fmt, links=links)
    response = not_modified(request, etag=etag, modified=modified)
    if response is None:
        body = _edition_body(request, edition, fmt, current_slug=current.slug, links=links)
        response = Response(body)
    # The entry, and those its links lead to: publishing or withdrawing one changes them.
    show_entries(response, [edition.entry_id, *links.linked_entry_ids()])
    return add_validators(response, etag=etag, modified=modified)


def _edition_body(request, edition: Edition, fmt: str, *, current_slug: str, links):
    if fmt == "csl":
        return edition_csl(request, edition)
    if fmt == "tei":
        return edition_tei(request, edition, links=links)
    context = {"request": request, "current_slug": current_slug, "links": links}
    return serializers.EditionSerializer(edition, context=context).data


class EditionList(ReadView):
    @extend_schema(
        operation_id="list_editions",
        summary="The editions of a published entry, newest first",
        responses={200: serializers.EditionListItemSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, slug):
        current = Edition.objects.current().filter(slug=slug).only("entry_id", "slug").first()
        if current is None:
            _moved_or_missing(slug)
        editions = (
            Edition.objects.filter(entry_id=current.entry_id)
            .order_by("-number")
            .only("number", "published_at", "change_summary", "is_current")
        )
        context = {"request": request, "current_slug": current.slug}
        response = Response(
            serializers.EditionListItemSerializer(editions, many=True, context=context).data
        )
        return show_entries(response, [current.entry_id])


class ThemeList(ReadView):
    @extend_schema(
        operation_id="list_themes",
        summary="Themes that published entries carry",
        responses={200: serializers.ThemeSerializer(many=True)},
    )
    def get(self, request):
        themes = published_theme_list()
        context = {"request": request}
        return Response(serializers.ThemeSerializer(themes, many=True, context=context).data)


class WorkList(ReadView):
    @extend_schema(
        operation_id="list_works",
        summary="Works cited by published entries, by id",
        parameters=[
            OpenApiParameter(
                "after", int, description="The id of the last work of the previous page."
            )
        ],
        responses={200: serializers.WorkPageSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        after = request.GET.get("after", "0")
        if not after.isdigit() or len(after) > 18:
            return Response({"errors": ["“after” takes the id of a work."]}, status=400)
        return Response(work_page(request, after=int(after), per_page=PER_PAGE))


class WorkDetail(ReadView):
    @extend_schema(
        operation_id="get_work",
        summary="A work as the published entries cite it",
        responses={200: serializers.WorkSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        if pk > LARGEST_ID:
            raise Http404(f"No published entry cites a work {pk}.")
        page = work_page(request, after=pk - 1, per_page=1, only=pk)
        if not page["results"]:
            raise Http404(f"No published entry cites a work {pk}.")
        return Response(page["results"][0])


class NotFound(ReadView):
    renderer_classes = EntryDetail.renderer_classes

    @extend_schema(exclude=True)
    def get(self, request):
        raise Http404("There is no such address in the API: see /api/v1/docs/.")
