"""Restoring past versions and recovering deleted entries, each as a new revision."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from reversion.models import Version

from dictionary.models import Alias, Citation, CrossReference, Edition, Entry, Theme, Work
from dictionary.snapshots import EntrySnapshot
from editorial import services
from editorial.services import recover_deleted_entry, restore_revision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(editor):
    """An entry with a first revision, then a second one changing every part of it."""
    theme = Theme.objects.create(name="Anarchism", slug="anarchism")
    entry = factories.make_entry(
        "Serge, Victor",
        user=editor,
        dates="1890–1947",
        body="A revolutionary writer. See [[Zinoviev, Grigori]].",
        aliases=("Kibalchich, Victor",),
    )
    with factories.revising(entry, user=editor, comment="Cited"):
        entry.themes.add(theme)
        factories.cite(entry, factories.make_work("Memoirs of a Revolutionary", year=1951))
    with factories.revising(entry, user=editor, comment="Rewritten"):
        entry.body = "A novelist. See [[Trotsky, Leon]]."
        entry.dates = "1890–1948"
        entry.save()
        entry.themes.clear()
        Alias.objects.filter(entry=entry).delete()
        Alias.objects.create(entry=entry, name="Serge, V.")
        Citation.objects.filter(entry=entry).update(locator="p. 9")
        CrossReference.objects.create(source=entry, target_text="Radek, Karl", kind="see")
    return entry


def _revisions(entry):
    return [version.revision for version in Version.objects.get_for_object(entry).order_by("pk")]


def test_restore_brings_back_every_part_as_a_new_revision(serge, editor):
    cited = _revisions(serge)[1]
    wanted = EntrySnapshot.of_revision(cited, serge.pk)
    before = Version.objects.get_for_object(serge).count()
    restore_revision(entry=serge, revision=cited, user=editor, comment="Undo the rewrite")
    assert EntrySnapshot.of_entry(serge) == wanted
    assert serge.body == "A revolutionary writer. See [[Zinoviev, Grigori]]."
    assert list(serge.aliases.values_list("name", flat=True)) == ["Kibalchich, Victor"]
    assert serge.citations.get().locator == ""
    assert not serge.outgoing_references.filter(kind="see").exists()
    newest = factories.latest_revision(serge)
    assert Version.objects.get_for_object(serge).count() == before + 1
    assert newest.user == editor and newest.pk not in {r.pk for r in _revisions(serge)[:-1]}
    assert newest.comment.startswith("Restored version from ")
    assert f"(revision {cited.pk}): Undo the rewrite" in newest.comment
    assert EntrySnapshot.of_revision(newest, serge.pk) == wanted


def test_restore_raises_the_lock_version(serge, editor):
    first = _revisions(serge)[0]
    before = Entry.objects.get(pk=serge.pk).lock_version
    restore_revision(entry=serge, revision=first, user=editor)
    assert serge.lock_version == before + 1
    assert Entry.objects.get(pk=serge.pk).lock_version == before + 1


def test_a_restore_decided_on_an_older_copy_writes_nothing(serge, editor):
    """Someone saved after the user looked at the versions: the restore is refused by the
    same conditional UPDATE that guards every save, and nothing of theirs is overwritten."""
    loaded = Entry.objects.get(pk=serge.pk).lock_version
    factories.revise(serge, user=editor, body="Saved meanwhile by someone else.")
    versions = Version.objects.count()
    with pytest.raises(services.StaleEntryError):
        restore_revision(
            entry=serge, revision=_revisions(serge)[0], user=editor, loaded_version=loaded
        )
    stored = Entry.objects.get(pk=serge.pk)
    assert stored.body == "Saved meanwhile by someone else."
    assert stored.lock_version == loaded + 1 and Version.objects.count() == versions


def test_restore_leaves_the_published_edition_alone(serge, editor, chief):
    edition = factories.publish(serge, user=chief)
    frozen = Edition.objects.values().get(pk=edition.pk)
    restore_revision(entry=serge, revision=_revisions(serge)[0], user=editor)
    assert Edition.objects.values().get(pk=edition.pk) == frozen
    assert Edition.objects.current().get(entry=serge).pk == edition.pk
    assert Edition.objects.count() == 1


def test_restore_only_touches_the_entry_even_if_the_revision_covered_others(editor):
    radek = factories.make_entry("Radek, Karl")
    serge = factories.make_entry("Serge, Victor", body="First.")
    factories.cite(serge, factories.make_work("Shared work"))
    # A revision of two entries, as older histories hold.
    shared = services.record_revision(radek, serge, comment="Both", user=editor)
    assert {v.object_repr for v in shared.version_set.all()} >= {"Radek, Karl", "Serge, Victor"}
    with factories.revising(serge, user=editor):
        serge.body = "Second."
        serge.save()
    radek.body = "Radek's later text."
    radek.save()
    Work.objects.update(title="Shared work, corrected")
    restore_revision(entry=serge, revision=shared, user=editor)
    serge.refresh_from_db()
    radek.refresh_from_db()
    assert serge.body == "First." and radek.body == "Radek's later text."
    assert Work.objects.get().title == "Shared work, corrected"


def test_restore_withdraws_a_pending_submission(serge, editor):
    services.submit_for_review(entry=serge, user=editor, message="Please check")
    restore_revision(entry=serge, revision=_revisions(serge)[0], user=editor)
    assert services.get_workflow(serge).state == "draft"
    assert services.open_review(serge) is None


def test_restore_refuses_a_revision_without_the_entry(serge, editor):
    other = factories.make_entry("Radek, Karl")
    with pytest.raises(ValidationError, match="does not contain entry"):
        restore_revision(entry=serge, revision=factories.latest_revision(other), user=editor)


def test_restore_refuses_a_slug_taken_since(serge, editor):
    first = _revisions(serge)[0]
    with factories.revising(serge, user=editor):
        serge.slug = "victor-serge"
        serge.save()
    factories.make_entry("Serge, Victor (other)", slug="serge-victor")
    with pytest.raises(ValidationError, match="serge-victor"):
        restore_revision(entry=serge, revision=first, user=editor)
    assert Entry.objects.get(pk=serge.pk).slug == "victor-serge"


def test_restore_refuses_people_without_change_permission(serge, reviewer):
    with pytest.raises(PermissionDenied):
        restore_revision(entry=serge, revision=_revisions(serge)[0], user=reviewer)
    assert "novelist" in Entry.objects.get(pk=serge.pk).body


def test_chief_may_restore(serge, chief):
    restore_revision(entry=serge, revision=_revisions(serge)[0], user=chief)
    assert "writer" in serge.body


def test_restore_from_a_version_stored_before_a_migration(serge, editor):
    first = _revisions(serge)[0]
    version = Version.objects.get(
        revision=first, object_id=str(serge.pk), content_type__model="entry"
    )
    data = json.loads(version.serialized_data)
    del data[0]["fields"]["dates"]
    data[0]["fields"]["nationality"] = "Belgian"
    version.serialized_data = json.dumps(data)
    version.save()
    restore_revision(entry=serge, revision=first, user=editor)
    assert serge.dates == "" and "writer" in serge.body


def _delete(entry, user):
    with factories.revising(entry, user=user, comment="About to delete"):
        pass
    entry_id = entry.pk
    entry.delete()
    return Version.objects.get_deleted(Entry).get(object_id=str(entry_id))


def test_recover_brings_back_a_deleted_entry_with_its_rows(serge, editor):
    wanted = EntrySnapshot.of_entry(serge)
    old_id = serge.pk
    deleted = _delete(serge, editor)
    assert not Entry.objects.filter(pk=old_id).exists()
    entry = recover_deleted_entry(version=deleted, user=editor)
    assert entry.pk == old_id
    assert EntrySnapshot.of_entry(entry) == wanted
    newest = factories.latest_revision(entry)
    assert newest.user == editor and newest.comment.startswith("Recovered deleted entry")
    assert not Version.objects.get_deleted(Entry).exists()


def test_recover_refuses_an_entry_that_exists(serge, editor):
    version = Version.objects.get_for_object(serge).first()
    with pytest.raises(ValidationError, match="has not been deleted"):
        recover_deleted_entry(version=version, user=editor)


def test_recover_refuses_a_version_of_something_else(serge, editor):
    version = Version.objects.filter(content_type__model="alias").first()
    with pytest.raises(ValidationError, match="not a version of an entry"):
        recover_deleted_entry(version=version, user=editor)


def test_recover_refuses_people_without_add_permission(serge, editor, reviewer):
    deleted = _delete(serge, editor)
    with pytest.raises(PermissionDenied):
        recover_deleted_entry(version=deleted, user=reviewer)
    assert not Entry.objects.exists()
