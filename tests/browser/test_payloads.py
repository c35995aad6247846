"""The payloads of tests/security in Chromium: no page opens a dialog or trips the policy.

The policy would block an injected inline script, so a violation counts as much as an
alert: either means markup of an editor's reached the page as markup.
"""

from urllib.parse import urlencode

import pytest

from tests import factories
from tests.browser.conftest import watch_policy
from tests.security.payloads import PAYLOADS, plant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_payload_pages_open_no_dialog_and_break_no_policy(page, live_server):
    factories.make_roles()
    editor = factories.make_user("editor", role="Editors")
    reviewer = factories.make_user("reviewer", role="Reviewers")
    pages = ["/", "/entries/", "/chronology/", "/contributors/"]
    for index, payload in enumerate(PAYLOADS):
        planted = plant(index, payload, editor=editor, reviewer=reviewer)
        entry = f"/entries/{planted.entry.slug}/"
        # An edition's page is the entry's template: tests/security fetches both.
        pages += [entry, f"/contributors/{planted.contributor.slug}/"]
        pages.append(f"/entries/?{urlencode({'q': payload[:100]})}")
    watch = watch_policy(page)
    seen = {url: watch.visit(live_server.url + url) for url in pages}
    print(f"\n{len(pages)} pages in Chromium, {len(PAYLOADS)} payloads")
    assert {url: heard for url, heard in seen.items() if heard} == {}
