"""Admin of the shared records (themes, works): history shown, never reverted from here."""

import pytest
from django.test import Client
from reversion.models import Version

from dictionary.models import EntryName, Work
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_works_old_version_cannot_revert_the_entry_revision_it_belongs_to(chief, editor):
    from editorial.roles import setup_roles

    setup_roles()
    entry = factories.make_entry("Kibalchich, Victor")
    with factories.revising(entry, user=editor, comment="Cited a work"):
        work = factories.make_work("Memoirs of a Revolutionary", year=1951)
        factories.cite(entry, work)
    factories.revise(entry, user=editor, headword="Serge, Victor")
    version = Version.objects.get_for_object(work).order_by("revision_id").first()  # "Cited"
    client = Client()
    client.force_login(chief)
    url = f"/admin/dictionary/work/{work.pk}/history/{version.pk}/"
    for response in (client.get(url, follow=True), client.post(url, {}, follow=True)):
        assert "shown here but not restored" in response.content.decode()
    entry.refresh_from_db()
    assert entry.headword == "Serge, Victor"  # the revision's old headword did not come back
    assert set(EntryName.objects.filter(entry=entry).values_list("name", flat=True)) == {
        "Serge, Victor",
        "Victor Serge",
    }
    assert Work.objects.get(pk=work.pk).title == "Memoirs of a Revolutionary"
