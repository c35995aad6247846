"""The Content-Security-Policy in Chromium: public pages and the admin break none of it."""

import pytest

from dictionary.models import CitationRole
from editorial import services
from tests import factories
from tests.browser.conftest import log_in, watch_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/entries/",
    "/entries/?letter=S",
    "/entries/serge-victor/",
    "/entries/serge-victor/editions/",
    "/entries/serge-victor/editions/1/",
    "/chronology/",
    "/contributors/",
    "/about/",
    "/fixity/",
    "/downloads/",
    "/entries/?q=serge",
]


def _build():
    """A revised entry with citations, a cross-reference, an open date and a contributor."""
    author = factories.make_contributor("Weissman", "Susan")
    factories.make_published("Zinoviev, Grigori", dates="1883–1936", body="Comintern chairman.")
    factories.make_published("Davis, Angela", dates="b. 1944", body="Philosopher.")
    serge = factories.make_entry(
        "Serge, Victor", dates="1890–1947?", body="Worked beside [[Zinoviev, Grigori]]."
    )
    factories.credit(serge, author)
    memoirs = factories.make_work("Memoirs of a Revolutionary", year=1963, publisher="OUP")
    factories.cite(serge, memoirs, role=CitationRole.WORK_BY_SUBJECT)
    factories.publish(serge)
    factories.republish(serge, body="Worked beside [[Zinoviev, Grigori]] in Petrograd.")
    return factories.revise(serge, user=None, body="A working copy not yet reviewed.")


def test_public_pages_and_the_admin_raise_no_policy_violation(page, live_server):
    serge = _build()
    watch = watch_policy(page)
    signed = f"/contributors/{serge.credits.get().contributor.slug}/"
    seen = {url: watch.visit(live_server.url + url) for url in [*PUBLIC_PAGES, signed]}
    policy = page.goto(live_server.url + "/").headers["content-security-policy"]
    # Directives in any order (django-csp does not promise one).
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["style-src"] == ["'self'"] and "unsafe-inline" not in policy

    factories.make_roles()
    editor = factories.make_user("editor", role="Editors")
    factories.make_user("reviewer", role="Reviewers")
    services.submit_for_review(entry=serge, user=editor, message="Petrograd added.")
    log_in(page, live_server, "reviewer")
    change = f"/admin/dictionary/entry/{serge.pk}/"
    for url in [
        "/admin/",
        "/admin/dictionary/entry/",
        f"{change}change/",
        f"{change}history/",
        f"{change}history/compare/?from=published&to=current",
        f"{change}history/compare/?from=published&to=current&diff=side&text=rendered",
        f"{change}preview/",
        f"{change}review/",
        f"{change}review/?diff=side",
    ]:
        seen[url] = watch.visit(live_server.url + url)
    assert {url: found for url, found in seen.items() if found} == {}
    # The pages did load their sheets: the print running head names the entry, and the
    # chronology's bars are placed.
    page.goto(live_server.url + "/entries/serge-victor/")
    running_head = page.evaluate(
        """[...document.styleSheets].filter((sheet) => sheet.href.includes("running-head"))
        .map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join(" ")).join()"""
    )
    assert "@page" in running_head and '"Serge, Victor"' in running_head
    page.goto(live_server.url + "/chronology/")
    left = page.locator(".timeline-rows .bar").first.evaluate("el => getComputedStyle(el).left")
    assert left.endswith("px") and left != "auto"
