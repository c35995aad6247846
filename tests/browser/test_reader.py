"""A reader in headless Chromium: browse A–Z, filter, search an alias, follow, cite."""

import bibtexparser
import pytest

from dictionary.models import CitationRole
from tests import factories
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERGE_BODY = (
    "Born Victor Lvovich Khibalchich in Brussels to Russian émigré parents, Serge became a "
    "journalist, novelist and revolutionary. He reached Petrograd in 1919 and worked for the "
    "Communist International beside [[Zinoviev, Grigori|Grigori Zinoviev]].\n\n"
    "Expelled from the party in 1928 and deported in 1936, he wrote *Memoirs of a "
    "Revolutionary* in Mexico, where he died in 1947. See also [[Trotsky, Leon]]."
)


def build_dictionary():
    exile = factories.make_theme("Exile")
    comintern = factories.make_theme("Communist International")
    zinoviev = factories.make_published(
        "Zinoviev, Grigori",
        dates="1883–1936",
        themes=[comintern],
        body="Chairman of the Executive Committee of the Communist International, 1919–1926.",
    )
    serge = factories.make_entry(
        "Serge, Victor", dates="1890–1947", body=SERGE_BODY, aliases=("Khibalchich, Victor",)
    )
    serge.themes.add(exile, comintern)
    memoirs = factories.make_work(
        "Memoirs of a Revolutionary",
        year=1963,
        publisher="Oxford University Press",
        place="London",
        authors=[{"family": "Serge", "given": "Victor"}],
    )
    study = factories.make_work(
        "The Course Is Set on Hope: The Life of Victor Serge",
        year=2014,
        publisher="Verso",
        place="London",
        authors=[{"family": "Weissman", "given": "Susan"}],
    )
    factories.cite(serge, memoirs, role=CitationRole.WORK_BY_SUBJECT)
    factories.cite(serge, study, role=CitationRole.FURTHER_READING)
    factories.publish(serge)
    factories.make_published("Stalin, Josef", dates="1878–1953", body="General Secretary.")
    factories.make_published("Sverdlov, Yakov", dates="1885–1919", body="Bolshevik organizer.")
    factories.make_published(
        "Comintern",
        dates="1919–1943",
        entry_type="organization",
        themes=[comintern],
        body="The Third International.",
    )
    factories.make_published("Davis, Angela", dates="b. 1944", body="Philosopher and activist.")
    factories.make_published("Łuxemburg, Rosa", dates="1871–1919", body="Theorist.")
    factories.make_published(
        "Luddites", dates="c. 1811–1816", entry_type="event", body="Machine breakers."
    )
    return serge, zinoviev


def test_reader_finds_follows_and_cites_serge(page, live_server, screenshot, tmp_path):
    build_dictionary()
    page.goto(f"{live_server.url}/")
    screenshot("reader-home")
    page.locator("nav.alphabet").get_by_role("link", name="S", exact=True).click()
    page.wait_for_url("**/entries/?letter=S")
    assert page.url.endswith("/entries/?letter=S")
    assert page.locator("ol.entry-list a.headword").all_inner_texts() == [
        "Serge, Victor", "Stalin, Josef", "Sverdlov, Yakov"
    ]  # fmt: skip
    screenshot("reader-list-s")

    page.goto(f"{live_server.url}/entries/")
    page.select_option("#id_type", "person")
    page.fill("#id_period_from", "1900")
    page.fill("#id_period_to", "1950")
    page.click("form.filters button[type=submit]")
    found = page.locator("ol.entry-list a.headword").all_inner_texts()
    assert "Serge, Victor" in found and "Comintern" not in found and "Luddites" not in found
    assert page.locator(".choices a.choice").count() == 2
    screenshot("reader-list-filtered")

    page.fill("#site-search-q", "Khibalchich")
    page.press("#site-search-q", "Enter")
    assert page.locator("ol.entry-list a.headword").first.inner_text() == "Serge, Victor"
    page.click("ol.entry-list >> text=Serge, Victor")
    assert page.url.endswith("/entries/serge-victor/")
    screenshot("reader-entry")

    page.click("a.xref >> text=Grigori Zinoviev")
    assert page.url.endswith("/entries/zinoviev-grigori/")
    assert "Serge, Victor" in page.locator(".referenced-by").inner_text()
    page.go_back()

    page.click("#cite summary")
    assert page.locator("#cite dd.citation-chicago").is_visible()
    with page.expect_download() as download_info:
        page.click("#cite a.download-bib")
    saved = tmp_path / "serge.bib"
    download_info.value.save_as(saved)
    library = bibtexparser.parse_string(saved.read_text())
    assert len(library.entries) == 1 and not library.failed_blocks
    assert "Serge" in library.entries[0]["title"]
    screenshot("reader-entry-cite-open")


def test_pages_on_a_phone_and_in_print(browser, live_server):
    build_dictionary()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = phone.new_page()
    for name, path in [
        ("phone-home", "/"),
        ("phone-list", "/entries/?type=person"),
        ("phone-entry", "/entries/serge-victor/"),
        ("phone-chronology", "/chronology/"),
    ]:
        tab.goto(f"{live_server.url}{path}")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    phone.close()


def test_desktop_chronology_and_print_views(page, live_server, screenshot):
    build_dictionary()
    page.goto(f"{live_server.url}/chronology/")
    bars = page.locator(".timeline-rows a")
    assert bars.count() == 8
    screenshot("reader-chronology")
    page.goto(f"{live_server.url}/entries/serge-victor/")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    columns = page.locator("article.entry").evaluate("el => getComputedStyle(el).columnCount")
    assert columns == "2"
    screenshot("reader-entry-print")
    page.goto(f"{live_server.url}/entries/?letter=S")
    screenshot("reader-list-print")


def test_reader_reads_an_earlier_edition_after_a_revision(page, live_server, screenshot):
    serge, _ = build_dictionary()
    factories.republish(serge, body=SERGE_BODY + " He also wrote poetry.", summary="Added poetry")
    page.goto(f"{live_server.url}/entries/serge-victor/")
    assert "He also wrote poetry." in page.locator(".entry-body").inner_text()
    page.click("text=Edition history")
    assert page.url.endswith("/entries/serge-victor/editions/")
    assert "Added poetry" in page.locator("table.editions").inner_text()
    screenshot("reader-editions")
    page.click("table.editions >> text=Edition 1")
    assert page.url.endswith("/entries/serge-victor/editions/1/")
    assert "superseded" in page.locator(".notice").inner_text()
    assert "He also wrote poetry." not in page.locator(".entry-body").inner_text()
    screenshot("reader-edition-superseded")
    page.click(".notice >> text=read the current edition")
    assert page.url.endswith("/entries/serge-victor/")


def test_reader_site_works_without_javascript(browser, live_server, tmp_path):
    # Readers with scripts blocked (and text browsers) must still browse, filter, search and
    # cite: every step below is a plain link, a form submission or a <details> element.
    build_dictionary()
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(f"{live_server.url}/")
    tab.locator("nav.alphabet").get_by_role("link", name="S", exact=True).click()
    tab.wait_for_url("**/entries/?letter=S")
    assert tab.locator("ol.entry-list a.headword").all_inner_texts() == [
        "Serge, Victor", "Stalin, Josef", "Sverdlov, Yakov"
    ]  # fmt: skip

    tab.select_option("#id_type", "person")
    tab.fill("#id_period_from", "1900")
    tab.click("form.filters button[type=submit]")
    tab.wait_for_url("**period_from=1900**")
    found = tab.locator("ol.entry-list a.headword").all_inner_texts()
    assert "Serge, Victor" in found and "Comintern" not in found

    tab.fill("#site-search-q", "Khibalchich")
    tab.press("#site-search-q", "Enter")
    tab.wait_for_url("**q=Khibalchich**")
    tab.click("ol.entry-list >> text=Serge, Victor")
    tab.wait_for_url("**/entries/serge-victor/")

    assert not tab.locator("#cite dd.citation-chicago").is_visible()
    tab.click("#cite summary")
    assert tab.locator("#cite dd.citation-chicago").is_visible()
    with tab.expect_download() as download_info:
        tab.click("#cite a.download-bib")
    saved = tmp_path / "serge.bib"
    download_info.value.save_as(saved)
    library = bibtexparser.parse_string(saved.read_text())
    assert len(library.entries) == 1 and not library.failed_blocks
    assert "Serge" in library.entries[0]["title"]
    context.close()
