"""The home page and /entries/: counts, filters as removable choices, bad parameters, paging."""

import pytest
from django.db import connection

from dictionary.views import listing, paging
from tests import factories

pytestmark = pytest.mark.django_db


def make_people(count: int, *, prefix: str = "Person") -> None:
    for number in range(count):
        factories.make_published(f"{prefix} {number:03d}", dates="1890–1947")


def test_home_shows_counts_letters_types_themes_and_recent(client):
    theme = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", dates="1890–1947", themes=[theme])
    factories.make_published("Comintern", entry_type="organization")
    factories.make_entry("Unpublished, Draft")
    page = client.get("/").content.decode()
    assert "2 entries published" in page
    assert 'href="/entries/?letter=S"' in page and 'href="/entries/?letter=U"' not in page
    assert 'href="/entries/?type=organization"' in page
    assert 'href="/entries/?theme=exile"' in page
    assert "Serge, Victor" in page and "Unpublished" not in page
    assert 'role="search"' in page and "<main" in page


def test_home_lists_recent_publications_newest_first(client):
    older = factories.make_published("Adler, Alfred")
    factories.make_published("Bukharin, Nikolai")
    factories.republish(older, summary="Corrected dates")
    response = client.get("/")
    recent = [(edition.headword, edition.number) for edition in response.context["recent"]]
    # The revision of A is the newest publication, so A moves ahead of B.
    assert recent == [("Adler, Alfred", 2), ("Bukharin, Nikolai", 1)]
    page = response.content.decode()
    assert page.index("revised, edition 2") < page.index(">Bukharin, Nikolai<")


def test_home_leaves_out_entries_published_before_the_most_recent_few(client):
    factories.make_published("Oldest, Entry")
    make_people(listing.RECENT, prefix="Newer")
    response = client.get("/")
    headwords = [edition.headword for edition in response.context["recent"]]
    assert headwords == [f"Newer {n:03d}" for n in reversed(range(listing.RECENT))]
    recent_section = response.content.decode().split('id="recent-heading"')[1]
    assert "Oldest, Entry" not in recent_section


def test_list_shows_count_and_entries(client):
    make_people(3)
    response = client.get("/entries/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 entries" in page
    assert page.index("Person 000") < page.index("Person 001") < page.index("Person 002")


def test_active_filters_are_links_that_drop_one_parameter(client):
    factories.make_published("Serge, Victor", dates="1890–1947")
    response = client.get("/entries/?type=person&letter=S&period_from=1900&period_to=1950&page=1")
    choices = response.context["choices"]
    shown = {choice["label"]: choice["value"] for choice in choices}
    assert shown == {"Letter": "S", "Type": "Person", "Period": "1900–1950"}
    removal = {choice["label"]: choice["remove_query"] for choice in choices}
    assert removal["Type"] == "letter=S&period_from=1900&period_to=1950"
    assert removal["Period"] == "type=person&letter=S"
    assert 'href="?letter=S&amp;period_from=1900&amp;period_to=1950"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("letter=ZZ", "“ZZ” is not a letter of the index"),
        ("type=dragon", "“dragon” is not a type of entry"),
        ("period=abc", "Enter a year as digits"),
        ("period_from=1950&period_to=1900", "The period starts (1950) after it ends (1900)"),
        ("page=abc", "“abc” is not a page number"),
        ("page=0", "Pages are numbered from 1"),
        ("page=150", "There is no page 150: these results end on page 1"),
        ("page=999", "Page numbers stop at 200; use Next, a letter or another filter"),
        ("after=serge", "“serge” is not a position in this list"),
        ("before=x~y", "“x~y” is not a position in this list"),
        ("sort=revised&after=yesterday~1", "“yesterday~1” is not a position in this list"),
        ("theme=nothing", "There is no theme with that name"),
    ],
)
def test_bad_parameters_get_a_message_not_an_error_page(client, params, message):
    factories.make_published("Serge, Victor", dates="1890–1947")
    response = client.get(f"/entries/?{params}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "Serge, Victor" in page  # the rest of the page still works


def test_pagination_links_are_stable_and_page_beyond_end_is_explained(client, settings):
    # Lists in a fixed order page by position (after=<sort key>~<id>), not by number.
    make_people(55)
    first = client.get("/entries/?type=person")
    assert "55 entries" in first.content.decode()
    last_on_first = first.context["page"].items[-1]
    next_query = f"type=person&after=person+049~{last_on_first.pk}"
    assert f'href="?{next_query.replace("&", "&amp;")}"' in first.content.decode()
    second = client.get(f"/entries/?{next_query}")
    assert [e.headword for e in second.context["page"].items] == [
        f"Person {n:03d}" for n in range(50, 55)
    ]
    # Old numbered URLs still answer, within the page-number limit.
    assert client.get("/entries/?type=person&page=2").context["page"].items == (
        second.context["page"].items
    )
    assert (
        "There is no page 3: these results end on page 2"
        in client.get("/entries/?page=3").content.decode()
    )


def test_count_is_exact_below_the_limit_and_estimated_above(client, monkeypatch):
    make_people(7)
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr("dictionary.views.listing.PER_PAGE", 2)
    response = client.get("/entries/")
    page = response.context["page"]
    if connection.vendor == "postgresql":
        assert page.estimated and page.count > 5
        assert "About " in response.content.decode()
    else:  # SQLite has no planner estimate: it counts
        assert (page.count, page.estimated) == (7, False)
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 100)
    page = client.get("/entries/?page=4").context["page"]
    assert (page.count, page.estimated) == (7, False)


def test_search_shows_snippets_and_finds_aliases(client):
    factories.make_published(
        "Serge, Victor", aliases=("Khibalchich, Victor",), body="A novelist of the revolution."
    )
    response = client.get("/entries/?q=Khibalchich")
    assert [e.headword for e in response.context["page"].items] == ["Serge, Victor"]
    response = client.get("/entries/?q=novelist")
    assert "<mark>novelist</mark>" in response.content.decode()


def test_search_results_read_the_body_only_where_snippets_are_cut_in_python(client):
    """On PostgreSQL the snippets come from the database: the page leaves the body unread."""
    factories.make_published("Serge, Victor", body="A novelist of the revolution. " * 200)
    response = client.get("/entries/?q=novelist")
    [edition] = response.context["page"].items
    body_deferred = "body" in edition.get_deferred_fields()
    assert body_deferred == (connection.vendor == "postgresql")
    assert "<mark>novelist</mark>" in response.content.decode()


def test_search_without_results_says_so_with_the_filters_to_remove(client):
    factories.make_published("Zinoviev, Grigori")
    response = client.get("/entries/?q=Zinoviev&type=place")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No published entry matches all of these filters" in page
    assert 'href="?q=Zinoviev"' in page  # the link that drops the type filter


@pytest.mark.parametrize("size", [3, 30])
def test_list_and_home_queries_do_not_grow_with_entries(
    client, django_assert_max_num_queries, size
):
    theme = factories.make_theme("Exile")
    for number in range(size):
        factories.make_published(f"Person {number:03d}", dates="1890–1947", themes=[theme])
    with django_assert_max_num_queries(5):
        client.get("/entries/?type=person&theme=exile&period_from=1900&sort=date&page=1")
    with django_assert_max_num_queries(5):
        client.get("/")
    with django_assert_max_num_queries(8):
        client.get("/entries/?q=person")


# (parameters, status of the list, status of the chronology): a value a filter cannot read
# is a 400 naming it; the chronology has no search or letter, so it ignores those.
@pytest.mark.parametrize(
    ("params", "listed", "chronology"),
    [
        ("q=%00", 400, 200), ("q=" + "x" * 3000, 400, 200), ("q=%27%22%3C", 200, 200),
        ("q=!!!", 200, 200), ("letter=%00", 400, 200), ("theme=%3Cscript%3E", 400, 400),
        ("period=--", 400, 400), ("period=-", 200, 200), ("period=1900-", 200, 200),
        ("period_from=99999", 400, 400), ("period_from=-99999", 400, 400),
        ("page=1e3", 400, 400), ("page=-1", 400, 400), ("page=%00", 400, 400),
        ("sort=", 200, 200), ("century=0", 400, 400), ("type=", 200, 200),
        ("q=a&q=b&letter=S", 200, 200),
    ],
)  # fmt: skip
def test_strange_parameters_never_cause_a_server_error(client, params, listed, chronology):
    factories.make_published("Serge, Victor", dates="1890–1947")
    assert client.get(f"/entries/?{params}").status_code == listed
    assert client.get(f"/chronology/?{params}").status_code == chronology


def test_a_themed_list_reads_the_published_themes_once(client, monkeypatch):
    """The choices, the filter and the order share one read (a cache round trip on Redis)."""
    from dictionary import filters

    exile = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", themes=[exile])
    reads = []
    read = filters.published_theme_list
    monkeypatch.setattr(filters, "published_theme_list", lambda: reads.append(1) or read())

    response = client.get("/entries/?theme=exile&sort=date")

    assert [e.headword for e in response.context["page"].items] == ["Serge, Victor"]
    assert len(reads) == 1


def test_homonyms_are_told_apart_by_their_dates_in_lists_search_and_home(client):
    factories.make_published("Longman, Charles", dates="1809–1873")
    factories.make_published("Longman, Charles", dates="1839–1901")
    for url in ("/", "/entries/", "/entries/?q=Longman"):
        page = client.get(url).content.decode()
        assert "(1809–1873)" in page and "(1839–1901)" in page, url
    assert 'href="/entries/longman-charles-1839/"' in client.get("/entries/").content.decode()


def test_a_search_beyond_the_caps_answers_400_with_a_message(client, django_assert_max_num_queries):
    factories.make_published("Comintern", body="The Communist International.")
    # The audit's 3.2 KB URL: one word repeated 400 times.
    # The published themes for the form's choices, and the publication generation they are
    # cached under (a cache per process: dictionary.caching).
    with django_assert_max_num_queries(2):
        response = client.get("/entries/", {"q": "comintern " * 400})
    assert response.status_code == 400
    assert response.context["page"].items == []
    assert "A search can be at most 200 characters long" in response.content.decode()
    many = " ".join(f"word{n}" for n in range(30))
    response = client.get("/entries/", {"q": many})
    assert response.status_code == 400
    assert "at most 12 different words (this one has 30)" in response.content.decode()


def test_a_search_repeating_a_word_is_the_search_for_that_word(client):
    factories.make_published("Comintern", body="The Communist International.")
    response = client.get("/entries/", {"q": "comintern " * 15})
    assert response.status_code == 200
    assert response.context["filterset"].form.cleaned_data["q"] == "comintern"
    assert [edition.headword for edition in response.context["page"].items] == ["Comintern"]


@pytest.mark.parametrize("url", ["/", "/entries/", "/entries/no-such-entry/"])
def test_every_search_box_has_a_maxlength(client, url):
    page = client.get(url).content.decode()
    boxes = page.count('name="q"')
    assert boxes >= 2
    assert page.count('name="q" maxlength="200"') == boxes
