"""The content model's derived fields and the minimal reader pages."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_entry_derives_sort_key_slug_and_years():
    entry = factories.make_entry("Lukács, György", dates="1885–1971")
    assert entry.sort_key == "lukacs gyorgy"
    assert entry.slug == "lukacs-gyorgy"
    assert (entry.start_year, entry.end_year) == (1885, 1971)
    # A link spelt without the diacritics finds the entry by its folded key.
    mention = factories.make_entry("Korsch, Karl", body="Read [[Lukacs, Gyorgy]].")
    assert mention.outgoing_references.get().target == entry


def test_published_entry_page_links_published_targets_only(client):
    zinoviev = factories.make_entry("Zinoviev, Grigori", dates="1883–1936")
    serge = factories.make_entry(
        "Serge, Victor", body="With [[Zinoviev, Grigori|Grigori Zinoviev]] and [[Radek, Karl]]."
    )
    factories.publish(serge)
    page = client.get("/entries/serge-victor/").content.decode()
    assert "Grigori Zinoviev" in page and 'href="/entries/zinoviev-grigori/"' not in page
    factories.publish(zinoviev)
    page = client.get("/entries/serge-victor/").content.decode()
    assert 'href="/entries/zinoviev-grigori/"' in page
    assert client.get("/entries/zinoviev-grigori/").status_code == 200
