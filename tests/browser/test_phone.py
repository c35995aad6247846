"""A reader on a 390 px phone: no page scrolls sideways, no table overflows its screen, the
chronology shows every headword whole, and the edition history reads as a list; an editor's
history of an entry fits the phone too."""

from pathlib import Path

import pytest

from dictionary.models import Entry
from tests import factories
from tests.browser.conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Long on purpose: the names a phone and the chronology's label column find hardest.
LONG_ORGANIZATION = "Communist Party of the Soviet Union (Bolsheviks), Central Committee"
LONG_PERSON = "Khibalchich-Podlipskaya, Anastasia Konstantinovna"
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenfabrik"
LONG_SUMMARY = (
    "Rewrote the paragraphs on the Comintern years after the Moscow archives opened, and "
    "added the correspondence with Zinoviev, Radek and Bukharin held at Stanford"
)


def _build():
    writer = factories.make_contributor(
        "Walker",
        given="David",
        affiliation="Department of Politics, Philosophy and Religion, Lancaster University",
    )
    serge = factories.make_entry(
        "Serge, Victor", dates="1890–1947", body="A revolutionary writer. See [[Comintern]]."
    )
    factories.credit(serge, writer)
    factories.publish(serge)
    factories.republish(serge, summary=LONG_SUMMARY, body="A revolutionary writer and novelist.")
    factories.republish(serge, summary="Corrected the date of his expulsion from the party")
    factories.make_published(
        LONG_ORGANIZATION, dates="1898–1991", entry_type="organization", body="The party."
    )
    factories.make_published(LONG_PERSON, dates="c. 1880–1937?", body="An émigrée translator.")
    factories.make_published("Comintern", dates="1919–1943", entry_type="organization")
    factories.make_published(LONG_WORD, dates="1829–1914", entry_type="organization")
    factories.make_published("Davis, Angela", dates="b. 1944", body="Philosopher.")
    factories.make_published("Luddites", dates="c. 1811–1816", entry_type="event")


PAGES = [
    ("home", "/"),
    ("list", "/entries/"),
    ("search", "/entries/?q=revolutionary"),
    ("entry", "/entries/serge-victor/"),
    ("entry-long-word", "/entries/donaudampfschifffahrtsgesellschaftskapitansmutzenfabrik/"),
    ("editions", "/entries/serge-victor/editions/"),
    ("past-edition", "/entries/serge-victor/editions/1/"),
    ("chronology", "/chronology/"),
    ("contributors", "/contributors/"),
    ("contributor", "/contributors/david-walker/"),
    ("about", "/about/"),
    ("not-found", "/entries/no-such-entry/"),
]

# Every element whose right edge passes the screen's edge, and every table wider than its box
# (the limit is passed in: a mobile browser widens innerWidth to fit a page that overflows).
_OVERFLOWING = """limit => {
  const named = el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > limit + 0.5)
    .filter(el => getComputedStyle(el).position !== "absolute" || !el.closest(".visually-hidden"))
    .map(named);
  const tables = [...document.querySelectorAll("table")]
    .filter(t => t.scrollWidth > t.parentElement.clientWidth)
    .map(named);
  return {scrollWidth: document.documentElement.scrollWidth, limit, wide, tables};
}"""

# Chronology labels whose text is cut (wider inside than the box shows).
_CLIPPED_LABELS = """() => [...document.querySelectorAll(".timeline-rows .timeline-label")]
  .filter(label => label.scrollWidth > label.clientWidth + 1)
  .map(label => label.innerText)"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def _screenshot(tab, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def test_no_page_is_wider_than_a_phone(phone, live_server):
    _build()
    found, statuses = {}, {}
    for name, path in PAGES:
        statuses[path] = phone.goto(f"{live_server.url}{path}").status
        found[path] = phone.evaluate(_OVERFLOWING, PHONE["width"])
        _screenshot(phone, f"phone-390-{name}")
    assert [path for path, status in statuses.items() if status != 200] == [PAGES[-1][1]]
    assert {path: page["scrollWidth"] for path, page in found.items()} == {
        path: PHONE["width"] for _, path in PAGES
    }
    assert {path: page["wide"] for path, page in found.items() if page["wide"]} == {}
    assert {path: page["tables"] for path, page in found.items() if page["tables"]} == {}


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1200, "height": 900}], ids=["phone", "wide"])
def test_the_chronology_shows_every_headword_whole(browser, live_server, viewport):
    _build()
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/chronology/")
    labels = tab.locator(".timeline-rows .timeline-label .headword").all_inner_texts()
    assert {LONG_ORGANIZATION, LONG_PERSON, LONG_WORD} <= set(labels)
    assert tab.evaluate(_CLIPPED_LABELS) == []
    # Every bar starts at the same place: no label pushes its row's track to the right.
    tracks = tab.locator(".timeline-rows .timeline-track").evaluate_all(
        "tracks => tracks.map(track => Math.round(track.getBoundingClientRect().left))"
    )
    assert len(set(tracks)) == 1, tracks
    _screenshot(tab, f"chronology-{viewport['width']}")
    context.close()


def test_the_edition_history_on_a_phone_names_each_edition_and_its_change(phone, live_server):
    _build()
    phone.goto(f"{live_server.url}/entries/serge-victor/editions/")
    rows = phone.locator("table.editions tbody tr")
    assert rows.count() == 3
    newest = rows.first
    assert "Edition 3" in newest.inner_text() and "current" in newest.inner_text()
    assert LONG_SUMMARY in rows.nth(1).inner_text()
    # Each row's parts stay inside the screen and the link to the edition is a usable target.
    link = rows.nth(2).get_by_role("link", name="Edition 1")
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 24
    link.click()
    phone.wait_for_url("**/entries/serge-victor/editions/1/")


def test_an_entrys_history_in_the_workspace_fits_a_phone(phone, live_server):
    # The staff side too: the versions table scrolls inside its box, as the admin's lists do,
    # instead of widening the page (it made the page 617 px wide).
    _build()
    factories.make_roles()
    factories.make_user("editor", role="Editors")
    log_in(phone, live_server, "editor")
    serge = Entry.objects.get(slug="serge-victor")
    phone.goto(f"{live_server.url}/admin/dictionary/entry/{serge.pk}/history/")
    found = phone.evaluate(_OVERFLOWING, PHONE["width"])
    _screenshot(phone, "phone-390-workspace-history")
    assert found["scrollWidth"] == PHONE["width"]
    box = phone.locator("#change-history").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert "Edition 1" in phone.locator("#change-history table").inner_text()


def test_the_review_screen_fits_a_phone(phone, live_server):
    # Its workflow log's messages made the page 509 px wide: the log scrolls in its box.
    _build()
    factories.make_roles()
    factories.make_user("reviewer", role="Reviewers")
    log_in(phone, live_server, "reviewer")
    serge = Entry.objects.get(slug="serge-victor")
    phone.goto(f"{live_server.url}/admin/dictionary/entry/{serge.pk}/review/")
    found = phone.evaluate(_OVERFLOWING, PHONE["width"])
    _screenshot(phone, "phone-390-review")
    assert found["scrollWidth"] == PHONE["width"]
    assert "Workflow log" in phone.locator(".workflow-log").inner_text()
