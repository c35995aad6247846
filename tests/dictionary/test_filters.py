"""The reader's FilterSet and the query over its cleaned data: each filter alone, in
combination, and with bad values."""

import pytest
from django.http import QueryDict

from dictionary.filters import ChronologyFilter, EditionFilter
from dictionary.models import Edition
from dictionary.ordering import KEYSETS
from dictionary.search import search_editions
from dictionary.views.listing_query import EntryListQuery, overlapping
from tests import factories

pytestmark = pytest.mark.django_db


def rows(params: str):
    return EntryListQuery.of(EditionFilter(QueryDict(params))).rows()


def headwords(params: str) -> list[str]:
    return [edition.headword for edition in rows(params)]


@pytest.fixture
def dictionary():
    labour = factories.make_theme("Labour")
    exile = factories.make_theme("Exile")
    factories.make_published(
        "Serge, Victor", dates="1890–1947", themes=[exile], aliases=("Khibalchich, Victor",)
    )
    factories.make_published("Łuxemburg, Rosa", dates="1871–1919", themes=[labour])
    factories.make_published("Comintern", dates="1919–1943", entry_type="organization")
    factories.make_published("Zinoviev, Grigori", dates="d. 1936", themes=[labour, exile])
    factories.make_published("Davis, Angela", dates="b. 1944")
    factories.make_published("Luddites", dates="c. 1811–1816", entry_type="event")
    factories.make_entry("Secret draft, Person", dates="1900–1950")  # never published
    return {"labour": labour, "exile": exile}


def test_no_parameters_lists_every_current_edition_alphabetically(dictionary):
    assert headwords("") == [
        "Comintern", "Davis, Angela", "Luddites", "Łuxemburg, Rosa", "Serge, Victor",
        "Zinoviev, Grigori",
    ]  # fmt: skip


def test_letter_folds_diacritics(dictionary):
    assert headwords("letter=L") == ["Luddites", "Łuxemburg, Rosa"]
    assert headwords("letter=S") == ["Serge, Victor"]


def test_type_filter(dictionary):
    assert headwords("type=organization") == ["Comintern"]
    assert "Serge, Victor" in headwords("type=person")
    assert "Comintern" not in headwords("type=person")


def test_theme_filter_by_slug(dictionary):
    assert headwords("theme=labour") == ["Łuxemburg, Rosa", "Zinoviev, Grigori"]


def test_period_overlap_with_open_and_closed_ranges(dictionary):
    found = headwords("period_from=1900&period_to=1950")
    # Davis (b. 1944) is still open; Zinoviev (d. 1936) counts as his death year.
    assert found == [
        "Comintern", "Davis, Angela", "Łuxemburg, Rosa", "Serge, Victor", "Zinoviev, Grigori"
    ]  # fmt: skip
    assert headwords("period_from=1800&period_to=1850") == ["Luddites"]
    assert headwords("period_from=1945") == ["Davis, Angela", "Serge, Victor"]
    assert headwords("period_to=1815") == ["Luddites"]


def test_compact_period_parameter(dictionary):
    assert headwords("period=1930-1940") == headwords("period_from=1930&period_to=1940")
    assert headwords("period=1812") == ["Luddites"]


def test_century_shortcut(dictionary):
    assert headwords("century=19") == ["Luddites", "Łuxemburg, Rosa", "Serge, Victor"]


def test_filters_combine(dictionary):
    assert headwords("type=person&period_from=1900&period_to=1950&letter=S") == ["Serge, Victor"]
    assert headwords("theme=exile&letter=Z") == ["Zinoviev, Grigori"]
    assert headwords("theme=labour&type=organization") == []


def test_free_text_finds_published_aliases(dictionary):
    assert headwords("q=Khibalchich") == ["Serge, Victor"]
    assert headwords("q=Khibalchich&type=organization") == []


def test_sort_orders(dictionary):
    by_date = headwords("sort=date")
    assert by_date[:3] == ["Luddites", "Łuxemburg, Rosa", "Serge, Victor"]
    assert headwords("sort=revised")[0] == "Luddites"  # published last


def test_sort_choices_are_the_orders_paging_follows(dictionary):
    choices = dict(EditionFilter().form.fields["sort"].choices)
    for key, keyset in KEYSETS.items():
        assert choices[key] == keyset.label
        query = EntryListQuery.of(EditionFilter(QueryDict(f"sort={key}")))
        assert query.keyset is keyset
        assert query.rows().query.order_by == tuple(keyset.order_by())
    assert EntryListQuery.of(EditionFilter(QueryDict("q=serge"))).keyset is None  # by number
    assert EntryListQuery.of(EditionFilter(QueryDict("sort=relevance"))).keyset is KEYSETS["alpha"]


def test_the_chronology_shares_the_list_filters_but_has_no_search_letter_or_order():
    shared = {"type", "theme", "period", "century"}
    assert set(ChronologyFilter.base_filters) == shared
    assert set(EditionFilter.base_filters) == shared | {"q", "letter", "contributor", "sort"}
    for name in shared:  # declared once, in the common base
        assert ChronologyFilter.base_filters[name] is EditionFilter.base_filters[name]
    chronology = EntryListQuery.of(ChronologyFilter(QueryDict("")), dated=True)
    assert chronology.keyset is KEYSETS["date"]


def test_the_search_runs_before_the_other_filters(dictionary, monkeypatch):
    # Whether it ranks, and whether it adds names spelt alike, depends on how many current
    # editions match its words, all of them, not those the other filters leave.
    searched = []

    def search_and_count(editions, query):
        searched.append(editions.count())
        return search_editions(editions, query)

    monkeypatch.setattr("dictionary.views.listing_query.search_editions", search_and_count)
    assert headwords("type=organization&letter=S&theme=exile&q=serge") == []
    assert searched == [Edition.objects.current().count()]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ("letter=ZZ", "letter"),
        ("type=dragon", "type"),
        ("theme=no-such-theme", "theme"),
        ("period=abc", "period"),
        ("period_from=1950&period_to=1900", "period"),
        ("period_from=year", "period"),
        ("century=99", "century"),
        ("sort=sideways", "sort"),
    ],
)
def test_bad_values_are_form_errors_and_ignored(dictionary, params, field):
    filterset = EditionFilter(QueryDict(params))
    assert field in filterset.form.errors
    assert len(EntryListQuery.of(filterset).rows()) == 6


def test_the_filterset_only_validates_and_never_lists_rows_itself(dictionary):
    with pytest.raises(NotImplementedError):
        EditionFilter(QueryDict("")).qs  # noqa: B018


def test_theme_choices_offer_only_themes_of_published_entries(dictionary):
    factories.make_theme("Unused theme")
    choices = [label for _, label in EditionFilter().form.fields["theme"].choices]
    assert "Unused theme" not in choices
    assert {"Labour", "Exile"} <= set(choices)


def test_overlapping_ignores_entries_without_years(dictionary):
    factories.make_published("Undated, Thing")
    assert "Undated, Thing" not in [e.headword for e in overlapping(Edition.objects.all(), 0, 3000)]


def test_theme_of_drafts_alone_is_refused_like_an_unknown_one(dictionary):
    draft = factories.make_entry("Secret draft, Other")
    draft.themes.add(factories.make_theme("Hidden"))
    filterset = EditionFilter(QueryDict("theme=hidden"))
    assert filterset.form.errors["theme"] == ["There is no theme with that name in the dictionary."]


def test_theme_choices_are_read_once_per_publication(dictionary, django_assert_num_queries):
    def choices():
        return list(EditionFilter().form.fields["theme"].choices)

    first = choices()
    with django_assert_num_queries(0):
        assert choices() == first == [("", "Any theme"), ("exile", "Exile"), ("labour", "Labour")]
    with django_assert_num_queries(1):  # the list itself; the slug is checked in the cache
        assert headwords("theme=exile") == ["Serge, Victor", "Zinoviev, Grigori"]


def test_chosen_theme_is_named_among_the_filters_in_force(dictionary, client):
    response = client.get("/entries/?theme=labour&letter=Z")
    assert {"label": "Theme", "value": "Labour", "remove_query": "letter=Z"} in (
        response.context["choices"]
    )
    assert [edition.headword for edition in response.context["page"].items] == ["Zinoviev, Grigori"]


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        ([("", "Any letter"), ("A", "A"), ("#", "Other")], None, {}),
        ([("", "Any"), ("a&b", "Tom & “Jerry” <i>")], "a&b", {"aria-invalid": "true"}),
        ([(1, "One"), (2, "Two")], 2, {"required": True, "disabled": False, "data-x": '"q"'}),
        ([("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], "y", {"id": "id_grouped"}),
    ],
)
def test_the_quick_select_writes_what_djangos_select_writes(choices, value, attrs):
    """The filters' selects skip Django's templates, not a character of their output:
    escaping, chosen options, bare and left-out attributes and option groups included."""
    from django import forms

    from dictionary.filters import QuickSelect

    ours = QuickSelect(attrs=attrs, choices=choices).render("field", value)
    theirs = forms.Select(attrs=attrs, choices=choices).render("field", value)
    assert str(ours) == str(theirs)
