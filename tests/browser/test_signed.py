"""A reader follows a byline to a contributor's page, and reads an old edition's byline
after a later edition changed the authors."""

import pytest

from dictionary.models import Credit, CreditRole
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_byline_contributor_page_and_an_old_editions_authors(page, live_server, screenshot):
    walker = factories.make_contributor(
        "Walker", given="David", affiliation="University of Lancaster", orcid="0000-0002-1825-0097"
    )
    gray = factories.make_contributor("Gray", given="Daniel")
    serge = factories.make_entry("Serge, Victor", dates="1890–1947", body="A revolutionary writer.")
    factories.credit(serge, walker)
    factories.credit(serge, gray, role=CreditRole.CO_AUTHOR, order=1)
    factories.publish(serge)
    zinoviev = factories.make_entry("Zinoviev, Grigori", body="Head of the Comintern.")
    factories.credit(zinoviev, walker)
    factories.publish(zinoviev)
    # A later edition changes the authors: Gray alone, as reviser of Walker's text by Lee.
    lee = factories.make_contributor("Lee", given="Ann")
    with factories.revising(serge, comment="New authors"):
        Credit.objects.filter(entry=serge).delete()
        factories.credit(serge, lee)
        factories.credit(serge, gray, role=CreditRole.REVISER, order=1)
        serge.body = "A revolutionary writer and novelist."
        serge.save()
    factories.publish(serge, summary="Rewritten by Ann Lee")

    page.goto(f"{live_server.url}/entries/serge-victor/")
    bylines = page.locator("p.byline").all_inner_texts()
    assert bylines == ["By Ann Lee", "Revised by Daniel Gray"]
    page.click("text=Edition history")
    page.click("table.editions >> text=Edition 1")
    assert page.url.endswith("/entries/serge-victor/editions/1/")
    assert page.locator("p.byline").all_inner_texts() == ["By David Walker and Daniel Gray"]
    screenshot("reader-old-edition-byline")

    page.click("p.byline >> text=David Walker")
    assert page.url.endswith("/contributors/david-walker/")
    assert page.locator("h1").inner_text() == "David Walker"
    assert "University of Lancaster" in page.locator(".affiliation").inner_text()
    assert "https://orcid.org/0000-0002-1825-0097" in page.locator(".orcid").inner_text()
    # Only the current editions he signs: Serge's current edition is Lee's.
    assert page.locator("ol.entry-list a.headword").all_inner_texts() == ["Zinoviev, Grigori"]
    screenshot("reader-contributor")
    page.click("text=Contributors")
    assert page.url.endswith("/contributors/")
    listed = page.locator(".contributor-list a").all_inner_texts()
    assert listed == ["Gray, Daniel", "Lee, Ann", "Walker, David"]
