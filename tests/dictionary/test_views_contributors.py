"""The reader's side of signed entries: bylines, contributors' pages, the index, the filter,
the about page and the fixity look-up. Nothing unpublished shows, and queries stay flat."""

import re

import pytest
from django.urls import reverse

from dictionary.models import Credit, CreditRole
from editorial.services import unpublish
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roles(db):
    factories.make_roles()  # an editor-in-chief withdraws entries


def page_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def signed_entry(headword, *people, body="A revolutionary writer and novelist of the age.", **kw):
    entry = factories.make_entry(headword, body=body, **kw)
    for order, person in enumerate(people):
        factories.credit(entry, person, order=order)
    factories.publish(entry)
    return entry


@pytest.fixture
def walker():
    return factories.make_contributor("Walker", given="David", affiliation="University of X")


@pytest.fixture
def gray():
    return factories.make_contributor("Gray", given="Daniel", orcid="0000-0002-1825-0097")


def test_the_entry_page_shows_its_byline_with_links(client, walker, gray):
    signed_entry("Serge, Victor", walker, gray)
    page = page_of(client, "/entries/serge-victor/")
    byline = re.search(r'<p class="byline">(.*?)</p>', page).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "By David Walker and Daniel Gray"
    assert 'href="/contributors/david-walker/" rel="author"' in byline


def test_revisers_and_translators_are_named_apart(client, walker, gray):
    entry = factories.make_entry("Serge, Victor", body="Text.")
    factories.credit(entry, walker)
    factories.credit(entry, gray, role=CreditRole.REVISER, order=1)
    factories.publish(entry)
    page = re.sub(r"<[^>]+>", "", page_of(client, "/entries/serge-victor/"))
    assert "By David Walker" in page and "Revised by Daniel Gray" in page


def test_an_old_edition_keeps_its_byline_after_the_authors_change(client, walker, gray):
    entry = signed_entry("Serge, Victor", walker)
    with factories.revising(entry):
        Credit.objects.filter(entry=entry).delete()
        factories.credit(entry, gray)
    factories.publish(entry)
    assert "By <a" in page_of(client, "/entries/serge-victor/")
    current = page_of(client, "/entries/serge-victor/")
    assert "Daniel Gray" in current and "David Walker" not in current
    old = page_of(client, "/entries/serge-victor/editions/1/")
    assert "David Walker" in old and "Daniel Gray" not in old
    # Walker signs no current edition any more, yet the old byline's link still works.
    assert "Serge, Victor" not in page_of(client, "/contributors/david-walker/")


def test_a_contributor_page_lists_only_their_published_current_editions(
    client, walker, gray, chief
):
    signed_entry("Serge, Victor", walker, gray)
    signed_entry("Zinoviev, Grigori", walker)
    draft = factories.make_entry("Radek, Karl", body="Draft.")
    factories.credit(draft, walker)
    withdrawn = signed_entry("Kamenev, Lev", walker)
    unpublish(entry=withdrawn, user=chief, reason="Wrong")
    page = page_of(client, "/contributors/david-walker/")
    assert "University of X" in page
    listed = re.findall(r'class="headword" href="[^"]+">([^<]+)<', page)
    assert listed == ["Serge, Victor", "Zinoviev, Grigori"]
    # Each line names the entry's type, and shows no summary (the body's opening words).
    assert page.count('<span class="type">') == 2
    assert "revolutionary writer" not in page and 'class="summary"' not in page
    assert "Radek" not in page and "Kamenev" not in page
    gray_page = page_of(client, "/contributors/daniel-gray/")
    assert "https://orcid.org/0000-0002-1825-0097" in gray_page


def test_a_contributor_of_unpublished_entries_only_has_no_page(client):
    hidden = factories.make_contributor("Hidden", given="Ann")
    draft = factories.make_entry("Radek, Karl", body="Draft.")
    factories.credit(draft, hidden)
    page_of(client, "/contributors/ann-hidden/", status=404)
    assert "Hidden" not in page_of(client, "/contributors/")


def test_the_contributor_page_is_paged_by_position(client, walker, monkeypatch):
    monkeypatch.setattr("dictionary.views.contributors.PER_PAGE", 2)
    for name in ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]:
        signed_entry(name, walker)
    first = page_of(client, "/contributors/david-walker/")
    assert re.findall(r'class="headword" href="[^"]+">([^<]+)<', first) == ["Alpha", "Beta"]
    after = re.search(r'rel="next" href="\?([^"]+)"', first).group(1)
    assert after.startswith("after=")
    second = page_of(client, f"/contributors/david-walker/?{after.replace('&amp;', '&')}")
    assert re.findall(r'class="headword" href="[^"]+">([^<]+)<', second) == ["Delta", "Epsilon"]
    bad = page_of(client, "/contributors/david-walker/?after=nonsense")
    assert "could not be used" in bad


def test_contributor_pages_cost_a_fixed_number_of_queries(
    client, walker, django_assert_max_num_queries
):
    for number in range(12):
        signed_entry(f"Entry {number}", walker, factories.make_contributor(f"Other{number}"))
    with django_assert_max_num_queries(4):  # the contributor, the page, its count
        page_of(client, "/contributors/david-walker/")
    # The page and its count; the publication generation (a cache per process).
    with django_assert_max_num_queries(3):
        page_of(client, "/contributors/")


def test_the_contributors_index_lists_signers_of_current_editions(client, walker, gray):
    signed_entry("Serge, Victor", walker)
    page = page_of(client, "/contributors/")
    assert "Walker, David" in page and "Gray, Daniel" not in page


def test_the_entry_list_filters_by_contributor(client, walker, gray):
    signed_entry("Serge, Victor", walker, gray)
    signed_entry("Zinoviev, Grigori", gray)
    page = page_of(client, "/entries/?contributor=david-walker")
    listed = re.findall(r'class="headword" href="[^"]+">([^<]+)<', page)
    assert listed == ["Serge, Victor"]
    listed = re.findall(
        r'class="headword" href="[^"]+">([^<]+)<',
        page_of(client, "/entries/?contributor=daniel-gray"),
    )
    assert listed == ["Serge, Victor", "Zinoviev, Grigori"]
    assert "“david-walker”" in page  # shown among the filters in force, with a way to drop it


def test_the_about_page_gives_the_publication_facts(client, settings):
    settings.HEADWORD_EDITORS = "Ann Lee and Tom Roe"
    settings.HEADWORD_PLACE = "Dublin"
    settings.HEADWORD_ISSN = "1234-5679"
    page = re.sub(r"\s+", " ", page_of(client, reverse("dictionary:about")))
    assert "General editors</dt><dd>Ann Lee and Tom Roe" in page
    assert "Dublin" in page and "1234-5679" in page and "CC BY 4.0" in page
    assert "How to cite" in page
    home = page_of(client, "/")
    assert "Ann Lee and Tom Roe" in home and 'href="/about/"' in home


def test_the_fixity_page_finds_editions_by_fingerprint_and_by_passage(client, walker):
    entry = signed_entry("Serge, Victor", walker, body="He joined the Left Opposition in 1926.")
    first = entry.editions.get()
    factories.republish(entry, body="He was expelled from the Soviet Union in 1936.")
    page = page_of(client, f"/fixity/?q={first.fingerprint}")
    assert "Serge, Victor, edition 1" in page and "superseded" in page
    page = page_of(client, "/fixity/?q=joined+the+LEFT+opposition,+in+1926")
    assert "Serge, Victor, edition 1" in page and "edition 2" not in page
    page = page_of(client, "/fixity/?q=expelled+from+the+Soviet+Union")
    assert "Serge, Victor, edition 2" in page
    assert first.fingerprint in page_of(client, "/entries/serge-victor/editions/1/")


def test_the_fixity_page_never_finds_unpublished_text(client, walker, chief):
    draft = factories.make_entry("Radek, Karl", body="A secret passage about the committee.")
    factories.publish(draft)
    fingerprint = draft.editions.get().fingerprint
    unpublish(entry=draft, user=chief, reason="Wrong")
    assert "Not found" in page_of(client, f"/fixity/?q={fingerprint}")
    assert "Not found" in page_of(client, "/fixity/?q=a+secret+passage+about+the+committee")


def test_a_position_past_the_end_shows_the_last_page_of_their_entries(client, walker, monkeypatch):
    # As on the entry list: the page it says it shows is the one shown.
    monkeypatch.setattr("dictionary.views.contributors.PER_PAGE", 2)
    for headword in ("Radek, Karl", "Serge, Victor", "Zinoviev, Grigori"):
        factories.publish(signed_entry(headword, walker))
    page = page_of(client, f"/contributors/{walker.slug}/?from=zzz")
    assert "showing its last page" in page
    assert "Zinoviev, Grigori" in page and "Radek, Karl" not in page
