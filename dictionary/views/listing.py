"""The home page and the filtered list of entries."""

from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from ..bylines import names_in_words
from ..caching import cached_per_publication
from ..filters import LETTER_CHOICES, EditionFilter, published_theme_list
from ..http_caching import show_entries
from ..models import Edition, EntryType
from ..ordering import LAST_REVISED, Keyset
from ..publication import publication
from ..search import highlight, snippet_fields, suggest
from .linking import entry_path
from .listing_query import EntryListQuery
from .paging import POSITION_PARAMETERS
from .see_headings import interleaved, shows_see_headings
from .spelling import AS_TYPED, corrected_query

PER_PAGE = 50
RECENT = 8
SUMMARY_WORDS = 40  # of an entry's summary, in its line of the list
LIST_FIELDS = (
    *("headword", "slug", "dates", "entry_type", "summary", "number", "published_at"),
    "sort_key",  # read with published_at and the id for the position links
    "entry_id",  # named in the page's surrogate keys
)
# What a search's results are read with to tell whether its spelling was corrected.
SPELLING_FIELDS = ("search_names", "aliases")


def home(request):
    """What the dictionary is, how to enter it, and what changed lately."""
    current = Edition.objects.current()
    by_type, by_letter = cached_per_publication("home-counts", lambda: _counts(current))
    work = publication()
    context = {
        "work": work,
        "editors_in_words": names_in_words(work.editor_names),
        "total": sum(by_type.values()),
        "types": [(value, label, by_type[value]) for value, label in EntryType.choices],
        "letters": [(value, label, by_letter[value]) for value, label in LETTER_CHOICES],
        "themes": published_theme_list(),
        "recent": list(current.order_by(*LAST_REVISED.order_by()).only(*LIST_FIELDS)[:RECENT]),
    }
    response = render(request, "dictionary/home.html", context)
    return show_entries(response, [edition.entry_id for edition in context["recent"]], listing=True)


def _counts(current) -> tuple[Counter, Counter]:
    """Entries per type and per letter. Two GROUP BYs, because each is an index-only scan
    on PostgreSQL where one over both columns is not. Each still costs 35–40 ms at 100,000
    entries, so the home page keeps them until the next publication."""
    by_type = Counter(dict(current.order_by().values_list("entry_type").annotate(n=Count("*"))))
    by_letter = Counter(dict(current.order_by().values_list("initial").annotate(n=Count("*"))))
    return by_type, by_letter


def filtered_page(filterset, editions, params: QueryDict, *, per_page: int, dated=False):
    """One page of the list ``EntryListQuery`` makes of the FilterSet's cleaned data:
    (page, problems), problems being messages for the reader about parameters that could
    not be used (those are then ignored)."""
    problems = [
        f"{filterset.form[name].label}: {' '.join(errors)}"
        for name, errors in filterset.form.errors.items()
    ]
    page, problem = EntryListQuery.of(filterset, editions, dated=dated).page(
        params, per_page=per_page
    )
    return page, problems + ([problem] if problem else [])


def entry_list(request):
    """/entries/: the FilterSet over current editions, one page of results."""
    searching = request.GET.get("q", "").strip()
    fields = (*LIST_FIELDS, *snippet_fields(), *SPELLING_FIELDS) if searching else LIST_FIELDS
    filterset = EditionFilter(request.GET)
    editions = Edition.objects.current().only(*fields)
    filterset.is_valid()  # fills cleaned_data, also when some parameters are bad
    see_headings = shows_see_headings(filterset.form.cleaned_data)
    letter = filterset.form.cleaned_data.get("letter")
    page, problems = filtered_page(filterset, editions, request.GET, per_page=PER_PAGE)
    query = filterset.form.cleaned_data.get("q", "").strip()
    _attach_snippets(page, query)
    correction = corrected_query(query, page.items) if query else None
    as_typed = correction is not None and request.GET.get("spelling") == AS_TYPED
    if as_typed:  # none of the results holds the words as typed: nothing is listed
        page = replace(page, items=[], count=0, has_next=False, has_previous=False)
    return render_list(
        request,
        "dictionary/entry_list.html",
        filterset,
        page,
        problems,
        suggestion=correction if as_typed else _suggestion(query, page),
        correction=None if as_typed else correction,
        as_typed=as_typed,
        as_typed_query=_with_position(request.GET, spelling=AS_TYPED) if correction else None,
        jump_parameters=_jump_parameters(page.keyset, request.GET),
        letters=LETTER_CHOICES,
        current_letter=letter,
        rows=list_rows(page, letter=letter, see_headings=see_headings),
        canonical_query=_without(request.GET, *(POSITION_PARAMETERS if page.number == 1 else ())),
    )


def render_list(request, template: str, filterset, page, problems: list[str], **context):
    """A page of a filtered list with the filters in force and the links around it; 400
    when some parameter was refused (its message shown, the rest of the page working)."""
    context |= {
        "filterset": filterset,
        "page": page,
        "problems": problems,
        "choices": active_choices(filterset, request.GET),
        "page_links": page_links(page, request.GET),
    }
    response = render(request, template, context, status=400 if problems else 200)
    return show_entries(response, [edition.entry_id for edition in page.items], listing=True)


def _suggestion(query: str, page) -> str | None:
    """A published headword spelt like the words, for "did you mean", when nothing is found."""
    return suggest(query) if query and not page.items else None


def _jump_parameters(keyset: Keyset | None, params: QueryDict) -> list | None:
    """The filters a "go to" form must carry along, or None when the order has no jumps."""
    if keyset is None or not keyset.jumps:
        return None
    return [
        (name, value)
        for name, values in params.lists()
        if name not in POSITION_PARAMETERS
        for value in values
    ]


def _attach_snippets(page, query: str) -> None:
    """Search results show the matching words of their own text (one query for the page);
    every row has a ``snippet``, None outside a search."""
    snippets = highlight(page.items, query) if query and page.items else {}
    for edition in page.items:
        edition.snippet = snippets.get(edition.pk)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """An entry's line in the list, written out here as the "see" headings' are
    (``SeeHeadingRun``): through the template's loop and tags a line cost about 45 µs, a
    tenth of a list page's time. With ``text``, the line shows the matching words of a
    search (the edition's ``snippet``, ``_attach_snippets``) or else the summary; a
    contributor's page lists their entries without either."""

    edition: Edition
    text: bool = True

    def as_html(self) -> SafeString:
        edition = self.edition
        dates = (
            format_html(' <span class="dates">({})</span>', edition.dates) if edition.dates else ""
        )
        if not self.text:
            text = ""
        elif edition.snippet:
            text = format_html('\n  <p class="snippet">{}</p>', edition.snippet)
        elif edition.summary:
            summary = Truncator(edition.summary).words(SUMMARY_WORDS, truncate=" …")
            text = format_html('\n  <p class="summary">{}</p>', summary)
        else:
            text = ""
        return format_html(
            '<li>\n  <a class="headword" href="{}">{}</a>{}'
            '\n  <span class="type">{}</span>{}\n</li>',
            entry_path(edition.slug),
            edition.headword,
            dates,
            edition.get_entry_type_display(),
            text,
        )


def list_rows(page, *, letter: str | None, see_headings: bool) -> list:
    """The rows of a page: each edition's line, with the "see" headings filed among them
    when the list is the alphabet."""
    rows = interleaved(page, letter=letter) if see_headings else page.items
    return [EntryRow(row) if isinstance(row, Edition) else row for row in rows]


def _without(params: QueryDict, *names) -> str:
    kept = params.copy()
    for name in names:
        if name:
            kept.pop(name, None)
    return kept.urlencode()


_PARAMETERS_OF = {"period": ("period", "period_from", "period_to")}


def active_choices(filterset: EditionFilter, params: QueryDict) -> list[dict]:
    """The filters in force, each with a link that drops it (and goes back to page 1)."""
    cleaned = filterset.form.cleaned_data
    choices = []
    for name in ("q", "letter", "type", "theme", "period", "century", "contributor"):
        value = cleaned.get(name)
        if not value:
            continue
        label = filterset.form[name].label
        drop = _PARAMETERS_OF.get(name, (name,))
        choices.append(
            {
                "label": label,
                "value": _shown(filterset, name, value),
                "remove_query": _without(params, "page", *drop),
            }
        )
    return choices


def _shown(filterset: EditionFilter, name: str, value) -> str:
    if name == "period":
        start, end = value
        if start is not None and end is not None:
            return f"{start}–{end}" if start != end else str(start)
        return f"from {start}" if start is not None else f"up to {end}"
    if name in ("q", "contributor"):
        return f"“{value}”"
    if name == "theme":
        return value.name
    return str(dict(filterset.form.fields[name].choices).get(value, value))


def page_links(page, params: QueryDict) -> dict:
    """Query strings for the pages around the current one: by position (first, previous,
    next, last) when the list has a keyset order, else by number."""
    if page.keyset is not None and page.items:
        return _position_links(page, params)
    return _number_links(page, params)


def _with_position(params: QueryDict, **position) -> str:
    kept = params.copy()
    for name in POSITION_PARAMETERS:
        kept.pop(name, None)
    for name, value in position.items():
        kept[name] = value
    return kept.urlencode()


def _position_links(page, params: QueryDict) -> dict:
    return {
        "previous": _with_position(params, before=page.first_position())
        if page.has_previous
        else None,
        "next": _with_position(params, after=page.last_position()) if page.has_next else None,
        "first": _with_position(params) if page.has_previous else None,
        "last": _with_position(params, page="last") if page.has_next else None,
        "numbers": [],
    }


def _number_links(page, params: QueryDict) -> dict:
    def query(number):
        return _with_position(params, **({"page": str(number)} if number > 1 else {}))

    window = range(max(1, page.number - 3), min(page.num_pages, page.number + 3) + 1)
    return {
        "previous": query(page.number - 1) if page.has_previous else None,
        "next": query(page.number + 1) if page.has_next else None,
        "first": query(1) if page.number > 4 else None,
        "last": query(page.num_pages) if page.num_pages > page.number + 3 else None,
        "numbers": [(n, query(n)) for n in window],
    }
