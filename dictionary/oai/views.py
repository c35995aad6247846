"""The OAI-PMH endpoint: one URL, six verbs, answered from ``Edition.objects.current()``.

Records are the current editions, one per published entry, identified by the entry's id
and datestamped by the edition's publication. A withdrawn entry is simply no longer listed
(deletedRecord "no"). Sets are the published themes. Lists come a page at a time with a
resumption token that carries the request and the position after which the next page
starts (publication time, edition id), so a harvest resumes exactly where it stopped.
"""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db.models import Min
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from ..filters import published_theme_list
from ..models import Edition
from . import records
from .tokens import BadToken, ListRequest, read_token, write_token

PAGE_SIZE = 100
VERBS = {
    "Identify": ((), ()),
    "ListMetadataFormats": ((), ("identifier",)),
    "ListSets": ((), ("resumptionToken",)),
    "GetRecord": (("identifier", "metadataPrefix"), ()),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set", "resumptionToken")),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set", "resumptionToken")),
}
FIELDS = (
    *("entry_id", "slug", "headword", "entry_type", "dates", "summary", "aliases"),
    *("published_at", "byline"),
)


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# Harvesters may POST their requests (OAI-PMH 2.0, 3.1.1.2); nothing is changed by them.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    verb = params.get("verb", "")
    root, asked = records.envelope(request, _arguments(params, verb))
    try:
        _check(params, verb)
        HANDLERS[verb](request, root, params)
    except OAIError as problem:
        if problem.code in ("badVerb", "badArgument"):
            asked.attrib.clear()
        records.error(root, problem.code, str(problem))
    body = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _arguments(params, verb: str) -> dict:
    if verb not in VERBS:
        return {}
    return {name: params.get(name) for name in params if len(params.getlist(name)) == 1}


def _check(params, verb: str) -> None:
    """badVerb and badArgument: an unknown verb, a missing, unknown or repeated argument."""
    if verb not in VERBS:
        raise OAIError("badVerb", f"“{verb[:60]}” is not an OAI-PMH verb." if verb else "No verb.")
    required, optional = VERBS[verb]
    names = set(params) - {"verb"}
    repeated = [name for name in params if len(params.getlist(name)) > 1]
    if repeated:
        raise OAIError("badArgument", f"Repeated argument: {', '.join(sorted(repeated))}.")
    unknown = names - set(required) - set(optional)
    if unknown:
        raise OAIError("badArgument", f"Unknown argument: {', '.join(sorted(unknown))}.")
    if "resumptionToken" in names:
        if names != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return
    missing = set(required) - names
    if missing:
        raise OAIError("badArgument", f"Missing argument: {', '.join(sorted(missing))}.")


def identify(request, root, params) -> None:
    earliest = Edition.objects.current().aggregate(first=Min("published_at"))["first"]
    element = etree.SubElement(root, records.oai("Identify"))
    base = request.build_absolute_uri(request.path)
    for name, value in (
        ("repositoryName", settings.HEADWORD_TITLE),
        ("baseURL", base),
        ("protocolVersion", "2.0"),
        ("adminEmail", settings.HEADWORD_ADMIN_EMAIL),
        ("earliestDatestamp", records.datestamp(earliest or datetime.now(UTC))),
        ("deletedRecord", "no"),
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ):
        etree.SubElement(element, records.oai(name)).text = value


def list_metadata_formats(request, root, params) -> None:
    if "identifier" in params:
        _edition_of(params["identifier"])
    formats = etree.SubElement(root, records.oai("ListMetadataFormats"))
    item = etree.SubElement(formats, records.oai("metadataFormat"))
    for name, value in (
        ("metadataPrefix", "oai_dc"),
        ("schema", records.OAI_DC_SCHEMA),
        ("metadataNamespace", records.OAI_DC_NS),
    ):
        etree.SubElement(item, records.oai(name)).text = value


def list_sets(request, root, params) -> None:
    if "resumptionToken" in params:
        raise OAIError("badResumptionToken", "ListSets is answered in one response.")
    themes = published_theme_list()
    if not themes:
        raise OAIError("noSetHierarchy", "No published entry has a theme yet.")
    element = etree.SubElement(root, records.oai("ListSets"))
    for theme in themes:
        item = etree.SubElement(element, records.oai("set"))
        etree.SubElement(item, records.oai("setSpec")).text = theme.slug
        etree.SubElement(item, records.oai("setName")).text = theme.name


def get_record(request, root, params) -> None:
    _check_prefix(params["metadataPrefix"])
    edition = _edition_of(params["identifier"])
    element = etree.SubElement(root, records.oai("GetRecord"))
    records.record(element, edition, list(edition.themes.all()))


def _edition_of(oai_identifier: str) -> Edition:
    number = oai_identifier.removeprefix(records.ID_PREFIX)
    edition = None
    if oai_identifier.startswith(records.ID_PREFIX) and number.isdigit() and len(number) < 19:
        editions = Edition.objects.current().filter(entry_id=int(number)).only(*FIELDS)
        edition = editions.prefetch_related("themes").first()
    if edition is None:
        raise OAIError("idDoesNotExist", f"No record “{oai_identifier[:100]}” here.")
    return edition


def _check_prefix(prefix: str) -> None:
    if prefix != "oai_dc":
        raise OAIError("cannotDisseminateFormat", f"Only oai_dc is offered, not “{prefix[:60]}”.")


def list_identifiers(request, root, params) -> None:
    _list(root, params, verb="ListIdentifiers")


def list_records(request, root, params) -> None:
    _list(root, params, verb="ListRecords")


def _list(root, params, *, verb: str) -> None:
    asked = _list_request(params)
    editions = _matching(asked)
    page = list(editions[: PAGE_SIZE + 1])
    if not page:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    element = etree.SubElement(root, records.oai(verb))
    for edition in page[:PAGE_SIZE]:
        themes = list(edition.themes.all())
        if verb == "ListRecords":
            records.record(element, edition, themes)
        else:
            records.header(element, edition, [theme.slug for theme in themes])
    _resumption(element, asked, page, continuing="resumptionToken" in params)


def _list_request(params) -> ListRequest:
    if "resumptionToken" in params:
        try:
            return read_token(params["resumptionToken"])
        except BadToken:
            raise OAIError("badResumptionToken", "This resumption token is not ours.") from None
    _check_prefix(params["metadataPrefix"])
    since, until = params.get("from"), params.get("until")
    if since and until and len(since) != len(until):
        raise OAIError("badArgument", "from and until must have the same granularity.")
    for value in (since, until):
        if value is not None:
            _moment(value, end_of_day=False)
    return ListRequest(since=since, until=until, set_spec=params.get("set"))


def _moment(value: str, *, end_of_day: bool) -> datetime:
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise OAIError("badArgument", f"“{value[:40]}” is not a UTC datestamp.") from None


def _matching(asked: ListRequest):
    editions = Edition.objects.current().only(*FIELDS).prefetch_related("themes")
    if asked.since:
        editions = editions.filter(published_at__gte=_moment(asked.since, end_of_day=False))
    if asked.until:
        # Datestamps have whole seconds: a record stamped at the until second is included.
        limit = _moment(asked.until, end_of_day=True)
        editions = editions.filter(
            published_at__lt=limit.replace(microsecond=0) + timedelta(seconds=1)
        )
    if asked.set_spec:
        editions = editions.filter(themes__slug=asked.set_spec)
    position = asked.after()
    if position:
        moment, pk = position
        editions = editions.filter(published_at__gte=moment).exclude(
            published_at=moment, pk__lte=pk
        )
    return editions.order_by("published_at", "pk")


def _resumption(element, asked: ListRequest, page: list, *, continuing: bool) -> None:
    """A token for the next page; an empty one ends a list that took more than one page."""
    if len(page) > PAGE_SIZE:
        last = page[PAGE_SIZE - 1]
        following = ListRequest(
            **{**asked.__dict__, "after_time": last.published_at.isoformat(), "after_id": last.pk}
        )
        etree.SubElement(element, records.oai("resumptionToken")).text = write_token(following)
    elif continuing:
        etree.SubElement(element, records.oai("resumptionToken"))


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
