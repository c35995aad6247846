"""The editors' workspace in Chromium: quality findings on the seed's faults, editing over a
submission, an untouched paragraph break, and a withdrawn entry's old URL."""

from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from dictionary.models import Entry
from editorial.models import State
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The seed as delivered: "Stalin’s CSPU" beside "(CPSU)", "Gray ." in its source line.
SEED = Path(__file__).parent.parent / "data" / "seed_serge_cspu.txt"


@pytest.fixture
def people(browser, live_server):
    """A signed-in tab for each person: two editors, a reviewer, an editor-in-chief."""
    factories.make_roles()
    roles = {"editor": "Editors", "olga": "Editors", "reviewer": "Reviewers"}
    roles["chief"] = "Editors-in-chief"
    tabs, contexts = {}, []
    for username, role in roles.items():
        factories.make_user(username, role=role)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        tabs[username] = context.new_page()
        tabs[username].set_default_timeout(10_000)
        log_in(tabs[username], live_server, username)
    yield tabs
    for context in contexts:
        context.close()


def _shot(tab, name: str) -> None:
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _save(tab) -> str:
    tab.click("input[name=_continue]")
    return tab.locator(".messagelist").inner_text()


def test_findings_for_the_seeds_cspu_from_change_page_to_review_to_fix(people, live_server):
    call_command("import_seeds", str(SEED), verbosity=0)
    serge = Entry.objects.get(headword="Serge, Victor")
    change = f"{live_server.url}/admin/dictionary/entry/{serge.pk}/change/"
    editor, olga, reviewer = people["editor"], people["olga"], people["reviewer"]

    editor.goto(change)
    findings = editor.locator(".quality-findings").inner_text()
    assert "“CSPU” is not a known abbreviation, but “CPSU” is." in findings
    assert "Stalin’s CSPU in 1927" in findings and "Write “CPSU” if that is meant." in findings
    _shot(editor, "workspace-1-findings-on-the-change-page")

    body = editor.input_value("#id_body")
    editor.fill("#id_body", body + "\n\nHis novels were published in Paris.")
    assert "was changed successfully" in _save(editor)
    editor.click("text=Submit for review")
    editor.fill("#id_message", "A sentence on his novels.")
    editor.click("input[type=submit][value='Submit for review']")

    reviewer.goto(f"{live_server.url}/admin/dictionary/entry/{serge.pk}/review/")
    assert (
        "Stalin’s CSPU in 1927" in reviewer.locator(".review-screen .quality-findings").inner_text()
    )
    _shot(reviewer, "workspace-2-findings-on-the-review-screen")

    olga.goto(change)
    warning = olga.locator(".in-review-warning").inner_text()
    assert "withdraws the submission made by editor" in warning
    _shot(olga, "workspace-3-warned-before-saving-over-a-submission")
    olga.fill("#id_body", olga.input_value("#id_body").replace("CSPU", "CPSU"))
    assert "was changed successfully" in _save(olga)
    assert olga.locator(".quality-finding[data-check=abbreviation]").count() == 0
    assert "CSPU" not in olga.locator(".quality-findings").inner_text()
    assert olga.locator(".quality-finding[data-check=unconfirmed-citation]").count() == 2
    _shot(olga, "workspace-4-cspu-fixed-no-findings")

    assert serge.workflow.__class__.objects.get(entry=serge).state == State.DRAFT
    withdrawn = [m for m in mail.outbox if "Submission withdrawn by an edit" in m.subject]
    assert withdrawn and "editor@example.org" in withdrawn[0].to
    assert "olga edited “Serge, Victor” while it was in review" in withdrawn[0].body


def test_an_untouched_paragraph_break_is_no_change(people, live_server):
    entry = factories.make_published(
        "Serge, Victor", dates="1890–1947", body="First paragraph.\n\nSecond paragraph."
    )
    editor = people["editor"]
    editor.goto(f"{live_server.url}/admin/dictionary/entry/{entry.pk}/change/")
    editor.fill("#id_dates", "1890–1947")  # a save that leaves the body as it was
    assert "was changed successfully" in _save(editor)
    assert Entry.objects.get(pk=entry.pk).body == "First paragraph.\n\nSecond paragraph."
    editor.goto(f"{live_server.url}/admin/dictionary/entry/{entry.pk}/review/")
    assert "No differences." in editor.locator(".review-screen").inner_text()
    _shot(editor, "workspace-5-untouched-paragraph-break-no-change")


def test_a_withdrawn_entry_answers_410_with_the_date(people, live_server, page):
    entry = factories.make_published("Serge, Victor", dates="1890–1947", body="A writer.")
    chief = people["chief"]
    chief.goto(f"{live_server.url}/admin/dictionary/entry/{entry.pk}/change/")
    chief.click("text=Withdraw from publication")
    chief.fill("#id_reason", "Disputed facts.")
    chief.click("input[type=submit][value='Withdraw from publication']")
    response = page.goto(f"{live_server.url}/entries/serge-victor/")
    assert response.status == 410
    text = page.locator("main").inner_text()
    assert "Entry withdrawn" in text and "was withdrawn on" in text and "A writer." not in text
    _shot(page, "workspace-6-withdrawn-entry-410")
