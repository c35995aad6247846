"""Credits in an entry's history: recorded in revisions, compared, restored, frozen in editions."""

import pytest
from reversion.models import Version

from dictionary.fixity import canonical_form
from dictionary.models import Contributor, Credit, CreditRole, Edition, EditionCredit
from dictionary.snapshots import EntrySnapshot
from editorial.diff import compare
from editorial.services import restore_revision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def walker():
    return factories.make_contributor("Walker", given="David")


@pytest.fixture
def gray():
    return factories.make_contributor("Gray", given="Daniel")


@pytest.fixture
def signed(editor, walker):
    entry = factories.make_entry("Serge, Victor", user=editor, body="A revolutionary writer.")
    with factories.revising(entry, user=editor, comment="Signed"):
        factories.credit(entry, walker)
    return entry


def test_a_revision_records_the_credits_and_their_contributors(signed, walker):
    revision = factories.latest_revision(signed)
    stored = {version.content_type.model for version in Version.objects.filter(revision=revision)}
    assert {"entry", "credit", "contributor"} <= stored
    byline = EntrySnapshot.of_entry(signed).byline
    assert EntrySnapshot.of_revision(revision, signed.pk).byline == byline
    assert [(item["contributor_id"], item["display"], item["role"]) for item in byline] == [
        (walker.pk, "David Walker", "author")
    ]


def test_compare_shows_a_credit_added_and_one_removed(signed, editor, walker, gray):
    before = EntrySnapshot.of_entry(signed)
    with factories.revising(signed, user=editor, comment="Co-signed"):
        Credit.objects.filter(entry=signed).delete()
        factories.credit(signed, gray, role=CreditRole.CO_AUTHOR)
    changes = compare(before, EntrySnapshot.of_entry(signed)).fields
    described = [(change.label, change.kind, str(change.html)) for change in changes]
    assert described[0][:2] == ("Credit", "added")
    assert "Daniel Gray (Co-author)" in described[0][2]
    assert described[1][1] == "removed" and "David Walker (Author)" in described[1][2]


def test_restore_brings_back_the_credits_a_revision_had(signed, editor, walker, gray):
    signed_revision = factories.latest_revision(signed)
    with factories.revising(signed, user=editor, comment="Resigned"):
        Credit.objects.filter(entry=signed).delete()
        factories.credit(signed, gray)
    restore_revision(entry=signed, revision=signed_revision, user=editor)
    assert [c.contributor for c in signed.credits.all()] == [walker]


def test_restore_recreates_a_contributor_deleted_since(signed, editor, walker):
    signed_revision = factories.latest_revision(signed)
    with factories.revising(signed, user=editor, comment="Unsigned"):
        Credit.objects.filter(entry=signed).delete()
    walker.delete()
    restore_revision(entry=signed, revision=signed_revision, user=editor)
    assert signed.credits.get().contributor.display_name == "David Walker"


def test_an_edition_freezes_its_byline_and_keeps_it_after_the_credits_change(
    signed, editor, walker, gray
):
    first = factories.publish(signed)
    assert first.byline == [
        {
            "contributor_id": walker.pk,
            "slug": "david-walker",
            "name": {"family": "Walker", "given": "David"},
            "display": "David Walker",
            "inverted": "Walker, David",
            "role": "author",
        }
    ]
    with factories.revising(signed, user=editor, comment="New author"):
        Credit.objects.filter(entry=signed).delete()
        factories.credit(signed, gray)
    second = factories.publish(signed)
    first.refresh_from_db()
    assert [item["display"] for item in first.byline] == ["David Walker"]
    assert [item["display"] for item in second.byline] == ["Daniel Gray"]
    assert list(
        EditionCredit.objects.filter(edition=first).values_list("contributor", flat=True)
    ) == [walker.pk]
    assert EntrySnapshot.of_edition(second).byline == EntrySnapshot.of_entry(signed).byline


def test_an_edition_is_fingerprinted_from_its_canonical_form(signed):
    import hashlib

    edition = factories.publish(signed)
    text = canonical_form(
        headword="Serge, Victor", dates="", byline=edition.byline, body="A revolutionary writer."
    )
    assert text.splitlines()[3] == "byline: David Walker (author)"
    assert edition.fingerprint == hashlib.sha256(text.encode()).hexdigest()
    assert Edition.objects.get(fingerprint=edition.fingerprint) == edition


def test_a_contributor_credited_anywhere_cannot_be_deleted(signed, walker):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Contributor.objects.filter(pk=walker.pk).delete()


def test_an_editor_signs_an_entry_in_the_admin_and_the_revision_records_it(editor, walker):
    from django.test import Client

    from tests.editorial.admin_form import change_form_data

    entry = factories.make_entry("Serge, Victor", body="A writer.")
    client = Client()
    client.force_login(editor)
    url = f"/admin/dictionary/entry/{entry.pk}/change/"
    page = client.get(url)
    assert "byline (who wrote the entry, in order)" in page.content.decode().lower()
    data = change_form_data(page.content.decode())
    data.update(
        {
            "credits-TOTAL_FORMS": "1",
            "credits-0-contributor": str(walker.pk),
            "credits-0-role": "author",
            "credits-0-order": "0",
        }
    )
    assert client.post(url, data).status_code == 302
    revision = factories.latest_revision(entry)
    assert revision.user == editor
    assert EntrySnapshot.of_revision(revision, entry.pk).byline[0]["display"] == "David Walker"


def test_the_contributor_admin_stores_an_orcid_pasted_as_a_url(chief):
    from django.test import Client

    client = Client()
    client.force_login(chief)
    response = client.post(
        "/admin/dictionary/contributor/add/",
        {"given": "Josiah", "family": "Carberry", "orcid": "https://orcid.org/0000-0002-1825-0097"},
    )
    assert response.status_code == 302
    assert Contributor.objects.get().orcid == "0000-0002-1825-0097"
    response = client.post(
        "/admin/dictionary/contributor/add/",
        {"given": "Ann", "family": "Typo", "orcid": "0000-0002-1825-0098"},
    )
    assert "checksum" in response.content.decode()
