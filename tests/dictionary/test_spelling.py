"""A misspelt search says which words it shows results for, and offers the words as typed."""

from contextlib import nullcontext

import pytest
from django.db import connection

from dictionary.views.spelling import corrected_query
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def bolsheviks(db):
    factories.make_published(
        "Zinoviev, Grigori", dates="1883–1936", body="Bolshevik leader; chaired the Comintern."
    )
    factories.make_published(
        "Serge, Victor",
        aliases=("Kibalchich, Victor",),
        body="Novelist who worked in the Comintern.",
    )


def test_a_misspelt_search_shows_results_for_the_correction(client, bolsheviks):
    response = client.get("/entries/", {"q": "Zinovyev"})
    assert [e.headword for e in response.context["page"].items] == ["Zinoviev, Grigori"]
    assert response.context["correction"] == "Zinoviev"
    page = response.content.decode()
    assert 'Showing results for <a href="?q=Zinoviev"><strong>Zinoviev</strong></a>' in page
    assert 'Search instead for <a href="?q=Zinovyev&amp;spelling=as-typed">“Zinovyev”</a>' in page


def test_the_correction_keeps_the_words_found_and_the_names_own_spelling(client, bolsheviks):
    response = client.get("/entries/", {"q": "kibalchik victor"})
    assert response.context["correction"] == "Kibalchich victor"


def test_the_words_as_typed_find_nothing_and_suggest_the_correction(client, bolsheviks):
    response = client.get("/entries/", {"q": "Zinovyev", "spelling": "as-typed"})
    assert response.context["page"].items == [] and response.context["correction"] is None
    page = response.content.decode()
    assert "No published entry holds “Zinovyev” as typed." in page and "0 entries" in page
    assert 'Did you mean <a href="?q=Zinoviev">Zinoviev</a>?' in page


@pytest.mark.parametrize("query", ["Zinoviev", "comintern", "Bolsheviks", "Kibalchich"])
def test_a_search_whose_results_hold_its_words_is_not_corrected(client, bolsheviks, query):
    response = client.get("/entries/", {"q": query})
    assert response.context["page"].items
    assert response.context["correction"] is None
    assert "Showing results for" not in response.content.decode()
    # The words as typed are then the search itself: the parameter changes nothing.
    again = client.get("/entries/", {"q": query, "spelling": "as-typed"})
    assert again.context["page"].items == response.context["page"].items


def test_a_corrected_search_stays_within_the_search_budget(
    client, bolsheviks, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/entries/", {"q": "Zinovyev"}).context["correction"] == "Zinoviev"
    with django_assert_max_num_queries(8):
        client.get("/entries/", {"q": "Zinovyev", "spelling": "as-typed"})


def test_a_result_found_only_by_its_spelling_shows_its_first_words_unmarked(
    client, bolsheviks, django_assert_num_queries
):
    client.get("/entries/", {"q": "Zinovyev"})  # the theme choices, kept per publication
    # On PostgreSQL: the generation, the planner's estimate, the count of the words' matches
    # (none), the names spelt alike, the page, the snippets (no ts_headline for a text that
    # holds none of the words); the page's count is the names' own.
    with django_assert_num_queries(6) if connection.vendor == "postgresql" else nullcontext():
        response = client.get("/entries/", {"q": "Zinovyev"})
    (row,) = response.context["page"].items
    assert response.context["page"].count == 1
    assert str(row.snippet) == "Bolshevik leader; chaired the Comintern."
    # A search whose words are in the text shows them marked.
    found = client.get("/entries/", {"q": "chaired"}).content.decode()
    assert '<p class="snippet">Bolshevik leader; <mark>chaired</mark> the Comintern' in found
    long = factories.make_published("Zinovieva, Zlata", body=" ".join(["word"] * 40) + " end.")
    response = client.get("/entries/", {"q": "Zinovyeva"})
    snippets = {row.entry_id: str(row.snippet) for row in response.context["page"].items}
    assert snippets[long.pk].startswith("word word word") and "<mark>" not in snippets[long.pk]
    assert "end." not in snippets[long.pk]  # its first words, not the whole text


def test_no_correction_without_a_near_word():
    class Result:
        headword, aliases, search_names, snippet = "Comintern", [], "comintern", ""

    assert corrected_query("qqqqq", [Result()]) is None
    assert corrected_query("komintern", [Result()]) == "Comintern"
    assert corrected_query("komintern", []) is None
    # A short word is kept as typed, not corrected nor a reason to give up.
    assert corrected_query("komintern of", [Result()]) == "Comintern of"
