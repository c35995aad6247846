"""A reader opens a published entry in Chromium and follows its cross-reference."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_cross_reference(page, live_server, screenshot):
    zinoviev = factories.make_entry("Zinoviev, Grigori", dates="1883–1936", body="Bolshevik.")
    serge = factories.make_entry("Serge, Victor", body="Worked with [[Zinoviev, Grigori]].")
    factories.publish(zinoviev)
    factories.publish(serge)
    page.goto(f"{live_server.url}/entries/serge-victor/")
    assert page.locator("h1").inner_text().startswith("Serge, Victor")
    page.click("a.xref")
    assert page.url.endswith("/entries/zinoviev-grigori/")
    assert "Zinoviev, Grigori" in page.locator("h1").inner_text()
    screenshot("smoke-zinoviev")
