"""The review workflow end to end in Chromium: revise, submit, request changes, answer, approve."""

import pytest

from dictionary.models import Entry
from editorial.models import State, Transition
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Victor Serge was a revolutionary and writer."
SECOND = "Victor Serge was a revolutionary, novelist and poet."
THIRD = "Victor Serge was a revolutionary, novelist (*Midnight in the Century*) and poet."


@pytest.fixture
def people(browser, live_server):
    """One signed-in browser tab per person, so the editor and the reviewer work side by side."""
    factories.make_roles()
    tabs, contexts = {}, []
    for username, role in [("editor", "Editors"), ("reviewer", "Reviewers")]:
        factories.make_user(username, role=role)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        tabs[username] = context.new_page()
        tabs[username].set_default_timeout(10_000)
        log_in(tabs[username], live_server, username)
    yield tabs
    for context in contexts:
        context.close()


def _public_text(page, live_server, path="/entries/serge-victor/") -> str:
    page.goto(f"{live_server.url}{path}")
    return page.locator("main").inner_text()


def _edit_body(tab, live_server, entry, text: str) -> None:
    tab.goto(f"{live_server.url}/admin/dictionary/entry/{entry.pk}/change/")
    tab.fill("#id_body", text)
    tab.click("input[name=_continue]")
    assert "was changed successfully" in tab.locator(".messagelist").inner_text()


def _submit(tab, message: str) -> None:
    tab.click("text=Submit for review")
    tab.fill("#id_message", message)
    tab.click("input[type=submit][value='Submit for review']")
    assert "is sent for review to the reviewers" in tab.locator(".messagelist").inner_text()


def _decide(tab, decision: str, comments: str) -> str:
    tab.check(f"input[name=decision][value={decision}]")
    tab.fill("#id_comments", comments)
    tab.click("input[value='Record decision']")
    return tab.locator(".messagelist").inner_text()


def test_revise_review_answer_approve(people, page, live_server, screenshot):
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body=FIRST)
    factories.publish(entry)
    entry = Entry.objects.get(pk=entry.pk)
    editor, reviewer = people["editor"], people["reviewer"]

    _edit_body(editor, live_server, entry, SECOND)
    screenshot_tab(editor, "workflow-1-editor-saved")
    editor.click("text=Preview")
    assert "Preview — not published" in editor.locator("body").inner_text()
    assert "novelist" in editor.locator("main").inner_text()
    screenshot_tab(editor, "workflow-2-preview")
    editor.go_back()
    _submit(editor, "Added that he wrote novels and poems.")
    assert "writer" in _public_text(page, live_server)

    reviewer.goto(f"{live_server.url}/admin/")
    assert "Reviews awaiting me" in reviewer.locator("#content").inner_text()
    screenshot_tab(reviewer, "workflow-3a-reviewer-tasks")
    reviewer.goto(f"{live_server.url}/admin/dictionary/entry/?task=awaiting_my_review")
    assert "In review" in reviewer.locator("#result_list").inner_text()
    screenshot_tab(reviewer, "workflow-3b-awaiting-my-review")
    reviewer.goto(f"{live_server.url}/admin/")
    reviewer.click(".pending-tasks >> text=Serge, Victor")
    assert reviewer.locator(".review-screen del").count() > 0
    assert "novelist" in " ".join(reviewer.locator(".review-screen ins").all_inner_texts())
    screenshot_tab(reviewer, "workflow-3-review-screen")
    assert "Changes requested" in _decide(reviewer, "request_changes", "Name one novel.")
    assert "writer" in _public_text(page, live_server)

    editor.goto(f"{live_server.url}/admin/")
    assert "My entries with changes requested" in editor.locator("#content").inner_text()
    editor.click(".pending-tasks >> text=Serge, Victor")
    editor.fill("#id_body", "Named *Midnight in the Century*.")
    editor.click("input[value='Add comment']")
    _edit_body(editor, live_server, entry, THIRD)
    _submit(editor, "Named his best-known novel.")
    assert "writer" in _public_text(page, live_server)

    reviewer.goto(f"{live_server.url}/admin/dictionary/entry/{entry.pk}/review/")
    assert "Named *Midnight in the Century*." in reviewer.locator(".review-thread").inner_text()
    screenshot_tab(reviewer, "workflow-4-before-approval")
    assert "published as edition 2" in _decide(reviewer, "approve", "Well sourced.")

    current = _public_text(page, live_server)
    assert "Midnight in the Century" in current and "writer" not in current
    screenshot("workflow-5-public-edition-2")
    first = _public_text(page, live_server, "/entries/serge-victor/editions/1/")
    assert "revolutionary and writer" in first and "Midnight" not in first
    screenshot("workflow-6-public-edition-1")

    steps = list(Transition.objects.filter(entry=entry).values_list("to_state", flat=True))
    assert steps == [
        State.PUBLISHED,
        State.DRAFT,
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        State.IN_REVIEW,
        State.APPROVED,
        State.PUBLISHED,
    ]


def screenshot_tab(tab, name: str) -> None:
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
