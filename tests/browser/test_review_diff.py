"""The review screen's diff in Chromium: both layouts, a fold opened without script."""

from pathlib import Path

import pytest

from editorial import services
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "Victor Serge was born in Brussels in 1890 to Russian exiles.",
    "As a young man he joined the anarchists of Paris and wrote for *L’Anarchie*.",
    "He spent five years in French prisons, which he later described in *Men in Prison*.",
    "In 1919 he reached Petrograd and joined the Bolsheviks, working for the Comintern.",
    "He opposed the rise of [[Stalin, Josef|Stalin]] and sided with the Left Opposition.",
    "Expelled and arrested, he was deported to Orenburg in 1933.",
    "An international campaign won his release in 1936.",
    "He wrote *Midnight in the Century* in France before fleeing to Mexico.",
    "He died in Mexico City in 1947.",
]


@pytest.fixture
def in_review(db):
    factories.make_roles()
    editor = factories.make_user("editor", role="Editors")
    factories.make_user("reviewer", role="Reviewers")
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body="\n\n".join(PARAGRAPHS))
    factories.publish(entry)
    revised = list(PARAGRAPHS)
    revised[3] = "In 1919 he reached Petrograd, joined the Bolsheviks and worked for the Comintern."
    revised.insert(7, "In France he befriended the Surrealists.")
    factories.revise(entry, user=editor, body="\n\n".join(revised))
    services.submit_for_review(entry=entry, user=editor, message="Comintern years.")
    return entry


@pytest.mark.parametrize(("layout", "text"), [("inline", "markup"), ("side", "rendered")])
def test_review_screen_reads_in_both_layouts(page, live_server, in_review, layout, text):
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/admin/dictionary/entry/{in_review.pk}/review/")
    # The layout is chosen with a plain link, as a reader without script would.
    if layout == "side":
        page.click("nav.diff-switch >> text=Side by side")
        page.click("nav.diff-switch >> text=As readers see it")
    diff = page.locator(".entry-diff")
    assert f"diff-{layout}" in diff.get_attribute("class")
    assert "8 words added, 2 words removed" in " ".join(diff.inner_text().split())
    if layout == "inline":  # the paragraph after the inserted one says where it was
        assert "Paragraph 9 (was 8), unchanged" in diff.inner_text()
    fold = page.locator(".diff-fold details, details.diff-fold").first
    assert not fold.evaluate("element => element.open")
    fold.locator("summary").click()
    assert fold.evaluate("element => element.open")
    assert "born in Brussels" in fold.inner_text()
    path = Path(f"/tmp/review-diff-{layout}-{text}.png")
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_a_stale_save_shows_who_saved_and_theirs_beside_yours(browser, live_server, in_review):
    """Two editors open the entry; the second to save sees the first named, and the two
    versions side by side with only the changed paragraph and its neighbours."""
    factories.make_user("olga", role="Editors", first_name="Olga", last_name="Ivanova")
    tabs, contexts = {}, []
    for name in ("editor", "olga"):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        tabs[name] = context.new_page()
        log_in(tabs[name], live_server, name)
        tabs[name].goto(f"{live_server.url}/admin/dictionary/entry/{in_review.pk}/change/")
    try:
        body = tabs["olga"].input_value("#id_body")
        tabs["olga"].fill("#id_body", body.replace("He died in", "He died, poor, in"))
        tabs["olga"].click("input[name=_continue]")
        body = tabs["editor"].input_value("#id_body")
        tabs["editor"].fill("#id_body", body.replace("Victor Serge was born", "Serge was born"))
        tabs["editor"].click("input[name=_continue]")
        conflict = tabs["editor"].locator(".edit-conflict")
        text = " ".join(conflict.inner_text().split())
        assert "Saved by Olga Ivanova on" in text
        assert "their saved version" in text.lower() and "yours (not saved)" in text.lower()
        assert "unchanged paragraphs" in text  # the untouched middle folded, CRLF or not
        assert "lock version" not in text.lower()
        path = Path("/tmp/conflict-diff.png")
        tabs["editor"].screenshot(path=str(path), full_page=True)
    finally:
        for context in contexts:
            context.close()
