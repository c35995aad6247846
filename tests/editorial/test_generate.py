"""generate_entries: synthetic entries whose history, editions and references agree."""

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from reversion.models import Version
from reversion.revisions import _get_options

from dictionary.fixity import edition_fingerprint
from dictionary.management.synthetic import Generator
from dictionary.markup import extract_references
from dictionary.models import Citation, CrossReference, Edition, EditionReference, Entry
from dictionary.names import stored_names
from dictionary.search import search_editions
from dictionary.snapshots import EntrySnapshot
from dictionary.text import fold
from editorial.models import EntryRevision, EntryWorkflow, State

pytestmark = pytest.mark.django_db

COUNT, REVISIONS = 40, 3


@pytest.fixture
def generated(db):
    call_command("generate_entries", COUNT, seed=7, revisions=REVISIONS, batch_size=15)


def _entry_versions(entry):
    return Version.objects.get_for_object(entry).select_related("revision").order_by("revision_id")


def test_entries_have_the_requested_number_of_revisions(generated):
    assert Entry.objects.count() == COUNT
    for entry in Entry.objects.all():
        versions = list(_entry_versions(entry))
        assert len(versions) == REVISIONS
        latest = next(serializers.deserialize("json", versions[-1].serialized_data)).object
        assert latest.body == entry.body and latest.headword == entry.headword


def test_every_revision_holds_the_whole_entry(generated):
    entry = Entry.objects.filter(citations__isnull=False, aliases__isnull=False).first()
    assert entry is not None
    for version in _entry_versions(entry):
        models = {v.content_type.model for v in version.revision.version_set.all()}
        assert {"entry", "alias", "citation", "work", "credit", "contributor"} <= models


def test_latest_revision_holds_the_text_reversion_would_store(generated):
    """Each row of an entry's latest revision, as reversion would serialize it now: the
    entry with its themes in Theme's ordering, and every row followed from it. Only a
    cross-reference to an entry created after the revision differs: it was still waiting
    then (target null), as in any history, and points at that entry now."""
    with_two_themes = waited = 0
    for entry in Entry.objects.prefetch_related("themes"):
        latest = _entry_versions(entry).last()
        for version in latest.revision.version_set.all():
            obj = version.object
            fields = _get_options(type(obj)).fields
            now = serializers.serialize("json", [obj], fields=fields)
            if version.serialized_data != now:
                assert isinstance(obj, CrossReference) and version.field_dict["target_id"] is None
                created = EntryRevision.objects.filter(entry_id=obj.target_id).order_by("pk")
                assert created.first().revision_id > latest.revision_id
                obj.target = None
                now = serializers.serialize("json", [obj], fields=fields)
                waited += 1
            assert version.serialized_data == now
            assert version.object_repr == str(obj)
        with_two_themes += len(entry.themes.all()) == 2
    assert with_two_themes  # else the themes' order went untested
    assert waited  # else the references made before their target went untested


def test_current_editions_freeze_what_create_edition_would(generated):
    """Citations in CITATION_ORDER, as create_edition gives them; where the entry was not
    revised since, the whole snapshot: fields, aliases, cross-references, themes."""
    compared = unrevised = 0
    editions = Edition.objects.current().select_related("entry").prefetch_related("themes")
    for edition in editions:
        frozen, now = EntrySnapshot.of_edition(edition), EntrySnapshot.of_entry(edition.entry)
        assert frozen.citations == now.citations
        assert frozen.byline == now.byline and frozen.byline
        assert list(edition.credits.values_list("contributor_id", "role", "order")) == [
            (item["contributor_id"], item["role"], order) for order, item in enumerate(now.byline)
        ]
        compared += len(frozen.citations) > 1
        if edition.body == edition.entry.body:
            unrevised += 1
            assert frozen == now
            assert (edition.summary, edition.fingerprint) == (now.summary, _fingerprint(now))
    assert compared and unrevised  # else the order and the references went untested


def _fingerprint(snapshot: EntrySnapshot) -> str:
    return edition_fingerprint(Edition(**snapshot.edition_fields()))


def test_editions_are_snapshots_of_revisions(generated):
    assert Edition.objects.current().count() >= COUNT * 0.8
    for edition in Edition.objects.select_related("entry", "revision"):
        version = Version.objects.get_for_object(edition.entry).get(revision=edition.revision)
        snapshot = next(serializers.deserialize("json", version.serialized_data)).object
        assert snapshot.body == edition.body
        assert edition.search_names.splitlines()[0] == fold(edition.headword)
        assert len(edition.citations) == edition.entry.citations.count()
    for entry in Entry.objects.filter(editions__isnull=False).distinct():
        numbers = list(entry.editions.order_by("number").values_list("number", "is_current"))
        assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1))
        assert [current for _, current in numbers] == [False] * (len(numbers) - 1) + [True]


def test_cross_references_point_at_generated_entries(generated):
    references = CrossReference.objects.select_related("source", "target")
    assert references.exists()
    for reference in references:
        assert reference.target is not None and reference.target != reference.source
        assert reference.target.headword == reference.target_text
        targets = [ref.target for ref in extract_references(reference.source.body)]
        assert reference.target_text in targets
    assert EditionReference.objects.filter(target__isnull=False).exists()


def test_citations_share_works(generated):
    citations = Citation.objects.count()
    works = Citation.objects.values("work").distinct().count()
    assert citations > works


def test_generated_editions_are_searchable(generated):
    edition = Edition.objects.current().first()
    found = search_editions(Edition.objects.current(), edition.headword)
    assert edition in list(found)
    if connection.vendor == "postgresql":
        assert not Edition.objects.filter(search_vector__isnull=True).exists()


def test_same_seed_plans_the_same_entries():
    first = Generator(count=50, seed=3, revisions=2, works=10)
    second = Generator(count=50, seed=3, revisions=2, works=10)
    assert first.headwords == second.headwords
    assert first.plan(17) == second.plan(17)
    assert len({fold(headword) for headword, _, _ in first.headwords}) == 50


def test_generating_twice_keeps_slugs_unique(generated):
    call_command("generate_entries", 10, seed=7, revisions=1)
    slugs = list(Entry.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == COUNT + 10


def test_generated_entries_have_their_workflow_rows_and_names(generated):
    """What the services keep for every entry is there for generated ones too: a workflow
    row in the state their editions give, and the stored names the importer links by."""
    entries = Entry.objects.select_related("workflow").prefetch_related("aliases", "editions")
    for entry in entries:
        editions = list(entry.editions.all())
        if any(edition.is_current for edition in editions):
            expected = State.PUBLISHED
        else:
            expected = State.UNPUBLISHED if editions else State.DRAFT
        assert entry.workflow.state == expected
        names = set(entry.names.values_list("name", flat=True))
        assert names == set(stored_names(entry.headword, [a.name for a in entry.aliases.all()]))
    assert EntryWorkflow.objects.filter(state=State.PUBLISHED).exists()
