"""The rest of issue 14 in Chromium: "see" headings in the A–Z list and a corrected search
(both without JavaScript), adding an alias, a citation and a see-also without JavaScript,
the conflict screen's rows saved in between, a linked entry's contradicted dates among the
findings, and a link whose passage a change removes flagged at review."""

import pytest

from dictionary.models import Entry
from editorial import services
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(tab, name: str) -> None:
    tab.screenshot(path=f"/tmp/ws-{name}.png", full_page=True)


def _tab(browser, *, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


def test_see_headings_and_a_corrected_search_without_javascript(browser, live_server):
    factories.make_published(
        "Serge, Victor", dates="1890–1947", aliases=("Kibalchich, Victor",), body="A writer."
    )
    factories.make_published("Kollontai, Alexandra", dates="1872–1952", body="A diplomat.")
    factories.make_published("Zinoviev, Grigori", dates="1883–1936", body="A Bolshevik.")
    context, tab = _tab(browser, javascript=False)
    tab.goto(f"{live_server.url}/entries/?letter=K")
    lines = tab.locator("ol.entry-list > li").all_inner_texts()
    assert [" ".join(line.split()) for line in lines] == [
        "Cross-reference: Kibalchich, Victor → see Serge, Victor (1890–1947)",
        "Kollontai, Alexandra (1872–1952) PERSON A diplomat.",
    ]
    assert "1 entry" in tab.locator("#results-heading").inner_text()
    _shot(tab, "see-headings-letter-k")
    tab.locator(".see-heading").get_by_role("link", name="Serge, Victor").click()
    tab.wait_for_url("**/entries/serge-victor/")

    tab.fill("#site-search-q", "Zinovyev")
    tab.press("#site-search-q", "Enter")
    tab.wait_for_url("**q=Zinovyev**")
    correction = tab.locator(".correction").inner_text()
    assert "Showing results for Zinoviev." in correction
    assert "Search instead for “Zinovyev”" in correction
    assert tab.locator("ol.entry-list a.headword").all_inner_texts() == ["Zinoviev, Grigori"]
    _shot(tab, "search-showing-results-for")
    tab.click(".correction .as-typed a")
    tab.wait_for_url("**spelling=as-typed**")
    assert tab.locator("ol.entry-list").count() == 0
    assert "Did you mean Zinoviev?" in tab.locator(".suggestion").inner_text()
    _shot(tab, "search-as-typed")
    context.close()


def test_an_editor_without_javascript_adds_rows_and_sees_a_conflict_with_them(browser, live_server):
    factories.make_roles()
    factories.make_user("editor", role="Editors")
    factories.make_user("olga", role="Editors")
    serge = factories.make_entry("Serge, Victor", dates="1890–1947", body="A writer.")
    factories.make_entry("Trotsky, Leon", dates="1879–1940")
    factories.make_work("Memoirs of a Revolutionary", year=1951)
    change = f"{live_server.url}/admin/dictionary/entry/{serge.pk}/change/"
    late_context, late = _tab(browser)
    log_in(late, live_server, "editor")
    late.goto(change)  # opened before Olga saves
    # With scripts the work is chosen by its autocomplete: the typed title is hidden and
    # the citations inline still fits the screen.
    assert not late.locator("input[name=citations-0-work_title]").is_visible()
    assert late.evaluate("document.documentElement.scrollWidth") == 1280

    context, olga = _tab(browser, javascript=False)
    log_in(olga, live_server, "olga")
    olga.goto(change)
    olga.fill("input[name=aliases-0-name]", "Kibalchich, Victor")
    olga.fill("input[name=citations-0-work_title]", "Memoirs of a Revolutionary")
    olga.fill("input[name=citations-0-locator]", "p. 12")
    olga.fill("input[name=outgoing_references-0-to]", "Trotsky, Leon")
    _shot(olga, "no-js-new-rows-filled")
    olga.click("input[name=_continue]")
    assert "was changed successfully" in olga.locator(".messagelist").inner_text()
    serge = Entry.objects.get(pk=serge.pk)
    assert [alias.name for alias in serge.aliases.all()] == ["Kibalchich, Victor"]
    assert serge.citations.get().locator == "p. 12"
    assert serge.outgoing_references.get(kind="see-also").target.headword == "Trotsky, Leon"
    assert olga.locator("input[name=aliases-1-name]").input_value() == ""  # a new empty row
    _shot(olga, "no-js-rows-saved")
    context.close()

    late.fill("#id_body", "A writer and poet.")
    late.click("input[name=_continue]")
    conflict = late.locator(".edit-conflict").inner_text()
    for saved_in_between in ("Kibalchich, Victor", "Memoirs of a Revolutionary", "Trotsky"):
        assert saved_in_between in conflict
    _shot(late, "conflict-rows-saved-in-between")
    late_context.close()


def test_linked_dates_among_findings_and_a_removed_passage_flagged_at_review(browser, live_server):
    factories.make_roles()
    editor = factories.make_user("editor", role="Editors")
    factories.make_user("reviewer", role="Reviewers")
    zinoviev = factories.make_published(
        "Zinoviev, Grigori",
        dates="1883–1936",
        body="A Bolshevik.\n\nHis *Letter to the British workers* was disputed.",
    )
    factories.make_published(
        "Serge, Victor",
        dates="1890–1947",
        body="Worked with [[Zinoviev, Grigori|Zinoviev]] (1883–1939) in Petrograd; read "
        "[[Zinoviev, Grigori|the Letter to the British workers]].",
    )
    context, tab = _tab(browser)
    log_in(tab, live_server, "editor")
    serge = Entry.objects.get(headword="Serge, Victor")
    tab.goto(f"{live_server.url}/admin/dictionary/entry/{serge.pk}/change/")
    finding = tab.locator(".quality-finding[data-check=dates-of-linked-entry]").inner_text()
    assert "The text gives “Zinoviev, Grigori” the dates “1883–1939”" in finding
    assert "Zinoviev (1883–1939)" in finding
    _shot(tab, "finding-linked-entry-dates")

    factories.revise(zinoviev, user=editor, body="A Bolshevik.")
    services.submit_for_review(entry=zinoviev, user=editor, message="Shorter.")
    context.close()
    context, tab = _tab(browser)
    log_in(tab, live_server, "reviewer")
    tab.goto(f"{live_server.url}/admin/dictionary/entry/{zinoviev.pk}/review/")
    impact = tab.locator(".change-impact").inner_text()
    assert "may be stale: its link reads “the Letter to the British workers”" in impact
    _shot(tab, "review-passage-removed")
    context.close()
