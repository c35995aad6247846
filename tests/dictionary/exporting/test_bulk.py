"""Bulk downloads: built from the current editions only, rebuilt when publication changes."""

import pytest
from django.core.management import call_command

from dictionary.exporting.bulk import is_stale
from tests import factories
from tests.dictionary.test_no_leak import SECRETS, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def downloads_dir(settings, tmp_path):
    settings.HEADWORD_DOWNLOADS_DIR = tmp_path / "downloads"
    return settings.HEADWORD_DOWNLOADS_DIR


def test_downloads_hold_only_what_readers_may_see(client, world):  # noqa: F811
    call_command("build_downloads")
    page = client.get("/downloads/").content.decode()
    for fmt in ("json", "csv", "tei"):
        assert f"/downloads/current.{fmt}" in page
        response = client.get(f"/downloads/current.{fmt}")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode()
        assert "Public, Entry" in text
        for secret in SECRETS:
            assert secret not in text, (fmt, secret)
    assert client.get("/downloads/current.exe").status_code == 404


def test_downloads_are_rebuilt_only_when_publication_changed(db, downloads_dir):
    entry = factories.make_published("Serge, Victor")
    assert is_stale()
    call_command("build_downloads")
    assert not is_stale()
    factories.make_entry("Draft, Person")  # a draft changes nothing readers can download
    assert not is_stale()
    factories.republish(entry, body="Revised.")
    assert is_stale()
    call_command("build_downloads", if_changed=True)
    assert "Revised." in (downloads_dir / "headword-current.json").read_text()


def test_missing_downloads_answer_404_and_the_page_says_so(client, db):
    assert client.get("/downloads/current.json").status_code == 404
    assert "not been built yet" in client.get("/downloads/").content.decode()
