"""The staff workspace's own pages around Django's admin: the page after logging out."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_logging_out_ends_on_headwords_page_with_the_ways_back():
    client = Client()
    client.force_login(factories.make_user("editor"))
    response = client.post("/admin/logout/")
    page = response.content.decode()
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "admin/logged_out.html"
    assert "<title>Logged out | Headword</title>" in page
    assert "<h1>You have logged out of the editorial workspace</h1>" in page
    assert '<a href="/admin/login/">Log in again</a>' in page
    assert '<a href="/">Go to the readers’ site</a>' in page
    assert "quality time" not in page
    # Logged out indeed: the workspace asks for the login again.
    assert client.get("/admin/").status_code == 302
