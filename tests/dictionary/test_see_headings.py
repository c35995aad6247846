"""The A–Z list's "see" headings: published aliases in their alphabetical places, linked to
their entries, on exactly one page each, never counted, never from a draft."""

import pytest

from dictionary.models import Edition
from dictionary.views import see_headings
from dictionary.views.listing import EntryRow
from dictionary.views.see_headings import SeeHeadingRun
from editorial.services.publishing import unpublish
from tests import factories

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[str]:
    """The page's lines: entries as their headwords, "see" headings as "name → headword"."""
    lines = []
    for row in response.context["rows"]:
        if isinstance(row, SeeHeadingRun):  # the names between two entries
            lines += [f"{heading.name} → {heading.headword}" for heading in row.headings]
        else:
            lines.append(row.edition.headword)
    return lines


def walk(client, query: str, *, link: str) -> list[str]:
    """Every line seen following one kind of link (next or previous) from where it starts."""
    seen, url, steps = [], f"/entries/?{query}", 0
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200
        lines = rows_of(response)
        seen.extend(lines if link == "next" else lines[::-1])
        following = response.context["page_links"][link]
        url = None if following is None else f"/entries/?{following}"
        steps += 1
        assert steps < 60
    return seen if link == "next" else seen[::-1]


def test_a_published_alias_files_in_its_place_linked_and_marked_not_counted(client):
    factories.make_published("Serge, Victor", dates="1890–1947", aliases=("Kibalchich, Victor",))
    factories.make_published("Kollontai, Alexandra")
    factories.make_published("Adler, Alfred")
    response = client.get("/entries/")
    assert rows_of(response) == [
        "Adler, Alfred",
        "Kibalchich, Victor → Serge, Victor",
        "Kollontai, Alexandra",
        "Serge, Victor",
    ]
    page = response.content.decode()
    assert "3 entries" in page
    heading = page.split('class="see-heading"')[1].split("</li>")[0]
    assert '<span class="visually-hidden">Cross-reference: </span>' in heading
    assert '<i class="see">see</i> <a href="/entries/serge-victor/">Serge, Victor</a>' in heading
    assert "(1890–1947)" in heading


def test_only_aliases_of_current_published_editions_appear(client):
    serge = factories.make_published("Serge, Victor", aliases=("Kibalchich, Victor",))
    factories.make_entry("Draft, Entry", aliases=("Unpublished Name",))
    # An alias added in the working copy stays unseen until an edition carries it.
    with factories.revising(serge):
        serge.aliases.create(name="Lvovich, Victor")
    lines = rows_of(client.get("/entries/"))
    assert lines == ["Kibalchich, Victor → Serge, Victor", "Serge, Victor"]
    # A withdrawn entry's names go with it.
    factories.make_roles()
    chief = factories.make_user("chief", role="Editors-in-chief")
    unpublish(entry=serge, user=chief, reason="Withdrawn for checking")
    assert rows_of(client.get("/entries/")) == []


def test_an_alias_filed_where_its_entry_is_is_not_repeated(client):
    factories.make_published("Łuxemburg, Rosa", aliases=("Luxemburg, Rosa", "Red Rosa"))
    assert rows_of(client.get("/entries/")) == ["Łuxemburg, Rosa", "Red Rosa → Łuxemburg, Rosa"]


@pytest.fixture
def alphabet(monkeypatch):
    """Twelve entries and aliases before, between and after them, on pages of three."""
    monkeypatch.setattr("dictionary.views.listing.PER_PAGE", 3)
    for letter in "ABCDEFGHIJKL":
        factories.make_published(f"{letter}entry", aliases=(f"{letter}see",))
    factories.make_published("Zentry", aliases=("0 first", "Aa", "Bentry", "Lzz last"))


def test_each_see_heading_is_on_exactly_one_page_reading_forward_or_back(client, alphabet):
    forward = walk(client, "", link="next")
    backward = walk(client, "page=last", link="previous")
    entries = [line for line in forward if "→" not in line]
    names = sorted(line.split(" → ")[0] for line in forward if "→" in line)
    assert len(entries) == 13 and len(set(entries)) == 13
    assert names == sorted(
        ["0 first", "Aa", "Bentry", "Lzz last"] + [f"{c}see" for c in "ABCDEFGHIJKL"]
    )
    assert backward == forward
    assert forward[:3] == ["0 first → Zentry", "Aa → Zentry", "Aentry"]
    # A name filed under an entry's own key comes after that entry.
    assert forward.index("Bentry → Zentry") == forward.index("Bentry") + 1


def test_the_last_page_and_a_letter_take_their_own_names(client, alphabet):
    last = client.get("/entries/?page=last")
    assert rows_of(last)[-2:] == ["Lzz last → Zentry", "Zentry"]
    assert "13 entries" in last.content.decode()
    assert rows_of(client.get("/entries/?letter=B")) == [
        "Bentry",
        "Bentry → Zentry",
        "Bsee → Bentry",
    ]
    assert walk(client, "letter=A", link="next") == ["Aa → Zentry", "Aentry", "Asee → Aentry"]
    # A letter with no entry of its own lists nothing (its names have no page to be on).
    assert rows_of(client.get("/entries/?letter=%23")) == []
    factories.make_published("1917")
    assert rows_of(client.get("/entries/?letter=%23")) == ["0 first → Zentry", "1917"]


@pytest.mark.parametrize(
    "query", ["type=person", "q=serge", "sort=date", "period_from=1900", "letter=S&type=person"]
)
def test_other_filters_and_orders_list_entries_only(client, query):
    aliases = ("Kibalchich, Victor", "Serzh, Viktor")  # the second filed under S
    factories.make_published("Serge, Victor", dates="1890–1947", aliases=aliases)
    rows = client.get(f"/entries/?{query}").context["rows"]
    assert rows and all(isinstance(row, EntryRow) for row in rows)


def test_see_headings_cost_no_query_of_their_own(client, django_assert_num_queries):
    for number in range(30):
        factories.make_published(f"Person {number:03d}", aliases=(f"Pseudonym {number:03d}",))
    # The first list page after a publication reads every "see" heading, once a process:
    # the generation, the published themes (then cached), the headings and the page.
    with django_assert_num_queries(4):
        response = client.get("/entries/?letter=P")
    assert len(rows_of(response)) - len(response.context["page"].items) == 30
    # Then none: the generation and the page, a count besides on a list of more than one
    # page, as without them.
    with django_assert_num_queries(2):
        assert len(rows_of(client.get("/entries/?letter=P"))) == 60
    with django_assert_num_queries(2):
        assert len(rows_of(client.get("/entries/"))) == 60
    tenth = Edition.objects.current().get(headword="Person 009")
    with django_assert_num_queries(3):
        response = client.get(f"/entries/?after={tenth.sort_key}~{tenth.pk}")
    lines = rows_of(response)
    assert lines[:2] == ["Person 010", "Person 011"] and len(lines) == 20 + 30
    assert lines[-1] == "Pseudonym 029 → Person 029"


def test_a_publication_or_withdrawal_shows_or_hides_names_at_once(client):
    serge = factories.make_published("Serge, Victor", aliases=("Kibalchich, Victor",))
    assert rows_of(client.get("/entries/")) == [
        "Kibalchich, Victor → Serge, Victor",
        "Serge, Victor",
    ]
    # A new edition with a new alias, published: the next page shows it, and the old
    # edition's names are not kept.
    with factories.revising(serge):
        serge.aliases.create(name="Lvovich, Victor")
    assert "Lvovich, Victor → Serge, Victor" not in rows_of(client.get("/entries/"))
    factories.publish(serge)
    assert rows_of(client.get("/entries/")) == [
        "Kibalchich, Victor → Serge, Victor",
        "Lvovich, Victor → Serge, Victor",
        "Serge, Victor",
    ]
    factories.make_roles()
    chief = factories.make_user("chief", role="Editors-in-chief")
    unpublish(entry=serge, user=chief, reason="Withdrawn for checking")
    assert rows_of(client.get("/entries/?letter=K")) == []
    assert rows_of(client.get("/entries/")) == []


def test_only_the_letter_and_an_alphabetical_order_keep_see_headings():
    assert not see_headings.shows_see_headings({"letter": "A", "sort": "date"})
    assert see_headings.shows_see_headings({"letter": "A", "sort": "alpha", "type": ""})
