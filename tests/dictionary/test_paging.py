"""Paging by position: every entry once and in order, both ways, stable, at any depth."""

from itertools import pairwise

import pytest
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from dictionary.filters import ChronologyFilter, EditionFilter
from dictionary.models import Edition, Theme
from dictionary.ordering import ALPHABETICAL, CHRONOLOGICAL, KEYSETS
from dictionary.theme_listings import relist_every_edition
from dictionary.views import paging
from dictionary.views.listing_query import EntryListQuery
from tests import factories

pytestmark = pytest.mark.django_db

PER_PAGE = 3
# Every order the list offers; relevance without search words is alphabetical.
SORTS = ["", *(f"sort={key}&" for key in KEYSETS), "sort=relevance&"]
FILTERS = [
    "",
    "type=person&",
    "letter=S&",
    "theme=exile&",
    "theme=exile&letter=S&",
    "theme=exile&period_from=1900&",
]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("dictionary.views.listing.PER_PAGE", PER_PAGE)
    monkeypatch.setattr("dictionary.views.timeline.PER_PAGE", PER_PAGE)


@pytest.fixture
def shelf(db):
    """Thirteen published entries with equal sort keys, undated ones, a theme and a
    revision, so that every order has ties to break; and a draft that must never show."""
    exile = factories.make_theme("Exile")
    people = [
        ("Serge, Victor", "1890–1947", [exile]),
        ("Serge, Victor", "1900–1950", []),  # same sort key: the id breaks the tie
        ("Sedova, Natalia", "1882–1962", [exile]),
        ("Shlyapnikov, Alexander", "1885–1937", []),
        ("Trotsky, Leon", "1879–1940", [exile]),
        ("Ábalos, Ana", "", []),
        ("Zinoviev, Grigori", "1883–1936", []),
        ("Souvarine, Boris", "b. 1895", [exile]),
        ("Smirnov, Ivan", "d. 1936", []),
    ]
    for headword, dates, themes in people:
        factories.make_published(headword, dates=dates, themes=themes)
    factories.make_published("Comintern", entry_type="organization", dates="1919–1943")
    factories.make_published("Spartacus League", entry_type="organization")
    factories.make_published("Kronstadt", entry_type="event", dates="1921")
    revised = factories.make_published("Serebryakov, Leonid", dates="1888–1937")
    factories.republish(revised, summary="Dates checked")
    factories.make_entry("Sobelsohn, Draft")


def listed(query: str, *, dated: bool = False):
    """The whole filtered list in its order, read without any paging (the chronology's
    when dated)."""
    filterset = (ChronologyFilter if dated else EditionFilter)(QueryDict(query))
    return EntryListQuery.of(filterset, dated=dated).rows()


def expected_headwords(query: str, *, dated: bool = False) -> list:
    return [(edition.pk, edition.headword) for edition in listed(query, dated=dated)]


def walk(client, path: str, query: str, *, link: str = "next") -> list:
    """Follow one kind of link from page to page; return every (id, headword) seen."""
    seen, url, steps = [], f"{path}?{query}", 0
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.content.decode()[:500]
        items = [(edition.pk, edition.headword) for edition in response.context["page"].items]
        seen.extend(items if link == "next" else items[::-1])
        following = response.context["page_links"][link]
        url = None if following is None else f"{path}?{following}"
        steps += 1
        assert steps < 50
    return seen if link == "next" else seen[::-1]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filters", FILTERS)
def test_walking_forward_visits_every_entry_once_in_order(
    client, shelf, small_pages, sort, filters
):
    query = sort + filters
    expected = expected_headwords(query)
    assert expected, "the filters should leave something to page through"
    seen = walk(client, "/entries/", query)
    assert seen == expected
    assert "Sobelsohn, Draft" not in [headword for _, headword in seen]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filters", FILTERS)
def test_walking_back_from_the_last_page_visits_every_entry_once(
    client, shelf, small_pages, sort, filters
):
    query = sort + filters
    assert walk(client, "/entries/", query + "page=last", link="previous") == (
        expected_headwords(query)
    )


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filters", FILTERS)
def test_numbered_pages_hold_the_list_in_order_each_entry_once(
    client, shelf, small_pages, sort, filters
):
    """A page number (old bookmarks) shows the rows an OFFSET would, in every order."""
    query = sort + filters
    expected = expected_headwords(query)
    seen, number = [], 1
    while True:
        response = client.get(f"/entries/?{query}page={number}")
        if response.status_code != 200:
            assert number > 1 and "There is no page" in response.content.decode()
            break
        page = response.context["page"]
        seen += [(edition.pk, edition.headword) for edition in page.items]
        assert page.number == number and page.has_previous == (number > 1)
        number += 1
    assert seen == expected


def test_the_chronology_of_a_theme_counts_and_pages_its_dated_entries_only(
    client, shelf, small_pages
):
    exile = Theme.objects.get(slug="exile")
    for number in range(5):
        factories.make_published(f"Undated Exile {number}", themes=[exile])
    expected = expected_headwords("theme=exile", dated=True)
    assert len(expected) == 4

    assert walk(client, "/chronology/", "theme=exile&") == expected
    first = client.get("/chronology/?theme=exile").context["page"]
    assert (first.count, first.estimated) == (4, False)
    numbered = [client.get(f"/chronology/?theme=exile&page={n}") for n in (1, 2, 3)]
    assert [response.status_code for response in numbered] == [200, 200, 400]


@pytest.mark.parametrize("letter", ["S", "T", "Z", "%23"])
@pytest.mark.parametrize("sort", ["", "sort=date&", "sort=revised&"])
def test_a_letter_within_a_theme_lists_exactly_its_entries_under_that_letter(
    client, shelf, letter, sort
):
    """Read from the models, not the FilterSet: within a theme the letter is a range of the
    listings' sort keys, which must select what the editions' initial does."""
    exile = Theme.objects.get(slug="exile")
    factories.make_published("1917 Exiles", themes=[exile])  # files under "#"
    initial = letter.replace("%23", "#")
    chosen = Edition.objects.current().filter(themes=exile, initial=initial)
    response = client.get(f"/entries/?{sort}theme=exile&letter={letter}")
    assert response.status_code == 200
    shown = {edition.headword for edition in response.context["page"].items}
    assert shown == set(chosen.values_list("headword", flat=True))
    assert response.context["page"].count == chosen.count()


@pytest.mark.parametrize("entry_type", ["person", "organization", "place"])
@pytest.mark.parametrize("page", ["/entries/?", "/entries/?sort=revised&", "/chronology/?"])
def test_a_type_within_a_theme_lists_exactly_its_entries_of_that_type(
    client, shelf, entry_type, page
):
    """Read from the models: within a theme the type is the listings' copy of it."""
    exile = Theme.objects.get(slug="exile")
    factories.make_published("Comintern in exile", entry_type="organization", themes=[exile])
    chosen = Edition.objects.current().filter(themes=exile, entry_type=entry_type)
    if page == "/chronology/?":
        chosen = chosen.filter(Q(start_year__isnull=False) | Q(end_year__isnull=False))
    response = client.get(f"{page}theme=exile&type={entry_type}")
    assert response.status_code == 200
    shown = {edition.headword for edition in response.context["page"].items}
    assert shown == set(chosen.values_list("headword", flat=True))
    assert response.context["page"].count == chosen.count()


@pytest.mark.parametrize(
    "query, order",
    [
        ("theme=exile", ("sort_key", "id")),
        ("theme=exile&type=person", ("sort_key", "id")),
        ("theme=exile&letter=S&sort=revised", ("-published_at", "-id")),
    ],
)
def test_a_theme_with_listed_filters_only_is_counted_and_skipped_through_from_its_listings(
    client, shelf, one_per_page, query, order
):
    """The listings hold the list: only the page's own rows are read from the editions."""
    letter = "S" if "letter" in query else None
    chosen = Edition.objects.current().filter(themes__slug="exile", entry_type="person")
    chosen = chosen.filter(initial=letter) if letter else chosen
    client.get("/entries/?theme=exile")  # the theme list is cached
    with CaptureQueriesContext(connection) as context:
        page = client.get(f"/entries/?{query}&page=2").context["page"]
    assert [edition.pk for edition in page.items] == [chosen.order_by(*order)[1].pk]
    assert page.count == chosen.count()
    reading_editions = [q for q in context.captured_queries if "dictionary_edition" in q["sql"]]
    assert len(reading_editions) == 1


def dated_editions():
    return Edition.objects.current().filter(Q(start_year__isnull=False) | Q(end_year__isnull=False))


def test_chronology_walks_both_ways_in_date_order(client, shelf, small_pages):
    expected = expected_headwords("", dated=True)
    assert len(expected) == 11
    assert walk(client, "/chronology/", "") == expected
    assert walk(client, "/chronology/", "page=last", link="previous") == expected


@pytest.fixture
def one_per_page(monkeypatch):
    # Every two neighbours are then split by a page boundary, so each tie is crossed by a
    # position in the URL.
    monkeypatch.setattr("dictionary.views.listing.PER_PAGE", 1)
    monkeypatch.setattr("dictionary.views.timeline.PER_PAGE", 1)


@pytest.fixture
def tied_shelf(shelf):
    """The shelf with a tie in every column of every order: a third "Serge, Victor" of the
    first one's year (equal down to the id), another entry of 1890, and half the editions
    published at one instant."""
    factories.make_published("Serge, Victor", dates="1890–1947")
    factories.make_published("Pyatakov, Georgy", dates="1890–1937")
    current = Edition.objects.current()
    instant = current.order_by("published_at")[0].published_at
    every_other = list(current.order_by("id").values_list("id", flat=True))[::2]
    Edition.objects.filter(pk__in=every_other).update(published_at=instant)
    relist_every_edition()  # the theme listings keep a copy of the publication time


def has_ties(keyset, editions) -> bool:
    """Whether some neighbours in the keyset's order are equal in its first column, and
    some in every column but the id: the ties its later columns must break."""
    rows = list(keyset.prepare(editions).values_list(*keyset.names))
    return all(
        any(before[:width] == after[:width] for before, after in pairwise(rows))
        for width in (1, len(keyset.names) - 1)
    )


def assert_walks_once_in_order(client, path, query, expected, everything):
    """Forward by ``after`` and back by ``before``: the FilterSet's order, each row once."""
    assert walk(client, path, query) == expected
    assert walk(client, path, query + "page=last", link="previous") == expected
    ids = [pk for pk, _ in expected]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(everything.values_list("pk", flat=True))


@pytest.mark.parametrize("sort", SORTS)
def test_every_order_pages_through_its_ties_once_each(client, tied_shelf, one_per_page, sort):
    keyset = EntryListQuery.of(EditionFilter(QueryDict(sort))).keyset
    assert has_ties(keyset, Edition.objects.current())
    expected = expected_headwords(sort)
    assert_walks_once_in_order(client, "/entries/", sort, expected, Edition.objects.current())
    assert "Sobelsohn, Draft" not in [headword for _, headword in expected]


@pytest.mark.parametrize("filters", ["", "type=person&", "theme=exile&", "century=19&"])
def test_the_chronology_pages_through_its_ties_once_each(client, tied_shelf, one_per_page, filters):
    assert has_ties(CHRONOLOGICAL, dated_editions())
    expected = expected_headwords(filters, dated=True)
    assert expected
    everything = listed(filters, dated=True)
    assert set(everything) <= set(dated_editions())
    assert_walks_once_in_order(client, "/chronology/", filters, expected, everything)


def test_links_name_positions_and_first_and_last(client, shelf, small_pages):
    first = client.get("/entries/?letter=S")
    links = first.context["page_links"]
    assert links["previous"] is None and links["first"] is None
    last_item = Edition.objects.get(pk=first.context["page"].items[-1].pk)
    key = last_item.sort_key.replace(" ", "+")
    assert links["next"] == f"letter=S&after={key}~{last_item.pk}"
    assert links["last"] == "letter=S&page=last"
    html = first.content.decode()
    assert 'rel="next"' in html and "Last page »" in html and "« First page" not in html
    second = client.get(f"/entries/?{links['next']}")
    assert second.context["page_links"]["first"] == "letter=S"
    assert second.context["page_links"]["previous"].startswith("letter=S&before=")
    assert "« First page" in second.content.decode()


def test_next_link_text_is_the_sort_key_and_id_of_the_last_row(client, shelf, small_pages):
    page = client.get("/entries/").context["page"]
    final = page.items[-1]
    edition = Edition.objects.get(pk=final.pk)
    assert page.last_position() == f"{edition.sort_key}~{edition.pk}"
    revised = client.get("/entries/?sort=revised").context["page"]
    moment = Edition.objects.get(pk=revised.items[0].pk).published_at
    assert revised.first_position().startswith(moment.strftime("%Y-%m-%dT%H:%M:%S."))
    assert revised.first_position().endswith(f"Z~{revised.items[0].pk}")


def test_a_bookmarked_position_survives_entries_added_before_it(client, shelf, small_pages):
    first = client.get("/entries/")
    bookmark = first.context["page_links"]["next"]
    before = [edition.pk for edition in client.get(f"/entries/?{bookmark}").context["page"].items]
    factories.make_published("Aaronson, Aaron")  # files before the bookmark
    factories.make_published("Abbott, Berenice")
    after = [edition.pk for edition in client.get(f"/entries/?{bookmark}").context["page"].items]
    assert after == before


def test_a_position_past_the_end_shows_the_last_page_with_a_message(client, shelf, small_pages):
    response = client.get("/entries/?after=zzzz~999999")
    assert response.status_code == 400
    assert "Nothing comes after that position" in response.content.decode()
    assert response.context["page"].items[-1].headword == "Zinoviev, Grigori"


@pytest.mark.parametrize(
    "params",
    [
        "after=serge",
        "after=serge~x",
        "after=~",
        "before=serge~1~2",
        "after=serge~99999999999999999999",
        "sort=date&after=1890~serge",
        "sort=date&after=year~serge victor~1",
        "sort=revised&after=2024-01-01T00:00:00~1",  # no time zone
        "sort=revised&after=tuesday~1",
        "after=%00~1",
        "after=" + "x" * 5000,
    ],
)
def test_a_malformed_position_gets_a_message_and_the_first_page(client, shelf, params):
    response = client.get(f"/entries/?{params}")
    assert response.status_code == 400
    assert "is not a position in this list; showing the first page" in (response.content.decode())
    assert response.context["page"].number == 1 and response.context["page"].items


@pytest.mark.parametrize("params", ["after=1890", "before=~~", "after=abc~1"])
def test_the_chronology_refuses_a_malformed_position_with_a_message(client, shelf, params):
    response = client.get(f"/chronology/?{params}")
    assert response.status_code == 400
    assert "is not a position in this list" in response.content.decode()


def test_from_starts_at_a_place_in_the_alphabet(client, shelf, small_pages):
    response = client.get("/entries/?from=Serge")
    assert response.status_code == 200
    headwords = [edition.headword for edition in response.context["page"].items]
    assert headwords == ["Serge, Victor", "Serge, Victor", "Shlyapnikov, Alexander"]
    assert response.context["page"].has_previous
    missing = client.get("/entries/?from=Sm")  # no such headword: starts at what follows
    assert missing.context["page"].items[0].headword == "Smirnov, Ivan"
    start = client.get("/entries/?from=aa")  # nothing before: the plain first page
    assert start.context["page"].number == 1 and not start.context["page"].has_previous


def test_from_combines_with_filters_and_the_form_keeps_them(client, shelf, small_pages):
    response = client.get("/entries/?type=organization&from=k")
    assert [e.headword for e in response.context["page"].items] == ["Spartacus League"]
    assert response.context["page_links"]["previous"].startswith("type=organization&before=")
    html = client.get("/entries/?letter=S").content.decode()
    assert '<input type="hidden" name="letter" value="S">' in html
    assert '<label for="id_from">' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("from=zzz", "Nothing in this list files at or after “zzz”; showing its last page"),
        ("q=serge&after=serge~1", "Results ordered by relevance go by page number"),
        ("from=%21%21", "has no letters to look up"),
        ("sort=date&from=serge", "works in alphabetical order only"),
    ],
)
def test_from_that_cannot_be_used_is_explained(client, shelf, small_pages, params, message):
    response = client.get(f"/entries/?{params}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"].items


def test_deep_positions_have_no_page_limit(client, shelf, small_pages, monkeypatch):
    monkeypatch.setattr(paging, "MAX_PAGE", 1)
    assert walk(client, "/entries/", "") == expected_headwords("")
    assert "Page numbers stop at 1" in client.get("/entries/?page=2").content.decode()


def test_searches_ranked_by_relevance_keep_page_numbers(client, shelf, small_pages):
    response = client.get("/entries/?q=serge")
    page = response.context["page"]
    assert page.keyset is None and page.number == 1
    links = response.context["page_links"]
    if page.has_next:
        assert links["next"] == "q=serge&page=2"
    alphabetical = client.get("/entries/?q=serge&sort=alpha").context["page"]
    assert alphabetical.keyset is ALPHABETICAL


def test_canonical_link_keeps_positions_and_drops_a_first_page_number(client, shelf, small_pages):
    first = client.get("/entries/?letter=S&page=1").content.decode()
    assert 'rel="canonical" href="http://testserver/entries/?letter=S"' in first
    after = client.get("/entries/?letter=S&after=serge victor~1").content.decode()
    assert (
        'rel="canonical" href="http://testserver/entries/?letter=S&amp;after=serge+victor~1"'
        in (after)
    )


def make_many(count: int) -> None:
    for number in range(count):
        factories.make_published(f"Sample {number:03d}", dates=f"{1800 + number}–1950")


@pytest.mark.parametrize("size", [8, 40])
def test_queries_per_page_do_not_grow_with_entries_or_depth(
    client, django_assert_max_num_queries, small_pages, size
):
    make_many(size)
    deep = Edition.objects.current().order_by("sort_key", "id")[size - 4]
    urls = [
        "/entries/",
        f"/entries/?after={deep.sort_key}~{deep.pk}",
        f"/entries/?before={deep.sort_key}~{deep.pk}",
        "/entries/?page=last",
        f"/entries/?page={size // PER_PAGE}",
        "/entries/?from=sample 005",
        "/entries/?sort=revised&page=last",
        "/entries/?sort=date&type=person&period_from=1800",
        "/chronology/?page=last",
    ]
    # The first A–Z page after a publication also reads the "see" headings, once a process.
    with django_assert_max_num_queries(5):
        assert client.get("/entries/").status_code == 200
    for url in urls:
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", [None, "Editors", "Reviewers", "Editors-in-chief"])
def test_every_role_walks_the_same_published_list(client, shelf, small_pages, role):
    if role:
        client.force_login(factories.make_user(role=role))
    seen = [headword for _, headword in walk(client, "/entries/", "letter=S")]
    assert "Sobelsohn, Draft" not in seen
    assert seen == [headword for _, headword in expected_headwords("letter=S")]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def small_sitemap(monkeypatch):
    from django.core.cache import cache

    from dictionary.sitemaps import EntrySitemap

    monkeypatch.setattr(EntrySitemap, "limit", 3)
    cache.clear()  # the page boundaries are cached per publication
    yield
    cache.clear()


def sitemap_locations(client) -> list[str]:
    """Every entry URL of the sitemap, page after page as the index lists them."""
    import xml.etree.ElementTree as ET

    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "entries" in loc.text]
    urls = []
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200
        urls.extend(loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc"))
    return urls


def test_sitemap_pages_list_every_current_entry_once(client, shelf, small_sitemap):
    urls = sitemap_locations(client)
    expected = [
        f"http://testserver/entries/{slug}/"
        for slug in Edition.objects.current().order_by("entry_id").values_list("slug", flat=True)
    ]
    assert urls == expected and len(urls) == 13
    assert not any("sobelsohn" in url for url in urls)
    assert client.get("/sitemap-entries.xml?p=6").status_code == 404


def test_sitemap_pages_follow_a_withdrawal_and_a_new_entry(client, shelf, small_sitemap):
    sitemap_locations(client)  # fills the cached boundaries
    withdrawn = Edition.objects.current().order_by("entry_id")[1]
    Edition.objects.filter(pk=withdrawn.pk).update(is_current=False)
    factories.make_published("Zetkin, Clara")
    urls = sitemap_locations(client)
    assert f"http://testserver/entries/{withdrawn.slug}/" not in urls
    assert urls[-1] == "http://testserver/entries/zetkin-clara/" and len(urls) == 13
    assert len(set(urls)) == 13


def test_sitemap_index_names_the_latest_publication(client, shelf, small_sitemap):
    latest = Edition.objects.current().order_by("-published_at")[0].published_at
    index = client.get("/sitemap.xml").content.decode()
    assert f"<lastmod>{latest.date().isoformat()}" in index


@pytest.mark.parametrize("size", [7, 25])
def test_sitemap_queries_do_not_grow_with_depth(
    client, django_assert_max_num_queries, small_sitemap, size
):
    make_many(size)
    with django_assert_max_num_queries(3):
        client.get("/sitemap.xml")
    client.get("/sitemap-entries.xml?p=2")  # the boundaries, once per publication
    for page in (1, 2, size // 3):
        # The page and its count; the publication generation (a cache per process).
        with django_assert_max_num_queries(3):
            assert client.get(f"/sitemap-entries.xml?p={page}").status_code == 200


def test_a_position_page_skips_nothing_it_reads(client, shelf, small_pages):
    """No OFFSET: the database starts reading at the position (a row-value comparison
    on PostgreSQL, which an index range scan answers)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bookmark = client.get("/entries/?sort=date").context["page_links"]["next"]
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/entries/?{bookmark}")
    # The first read of editions is the page's items (the publication generation comes first).
    items_sql = next(
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "dictionary_edition"' in query["sql"]
    )
    assert "OFFSET" not in items_sql.upper()
    if connection.vendor == "postgresql":
        assert '"dictionary_edition"."sort_key", "dictionary_edition"."id") >' in items_sql


def test_relevance_pages_show_every_namesake_once(client, db, small_pages):
    """Ranked by relevance, a search is paged by number: entries that tie on rank and
    headword still need a fixed order, or page 2 repeats a row of page 1 and skips one."""
    for number in range(12):
        factories.make_published("Serge, Victor", dates=f"{1890 + number}–1947", body="Serge.")
    seen, url = [], "/entries/?q=serge"
    while url:
        response = client.get(url)
        seen += [edition.pk for edition in response.context["page"].items]
        following = response.context["page_links"]["next"]
        url = following and f"/entries/?{following}"
    assert len(seen) == len(set(seen)) == 12
