"""Bulk publishing and bulk history of imports: the same rows as the one-by-one path."""

import gc
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from dictionary.editions import EditionRequest, create_edition, create_editions_in_bulk
from dictionary.models import Alias, CitationRole, Contributor, CrossReference, Edition, Entry, Work
from dictionary.snapshots import EntrySnapshot
from dictionary.theme_list import parse_theme_list
from editorial import services
from editorial.importing import import_seed_documents
from editorial.importing.bulk import add_aliases_in_bulk, public_summary
from editorial.importing.service import _ImportRun
from editorial.models import EntryRevision, EntryWorkflow, State, Transition
from editorial.services import publish_entry, publish_imported_entries, start_workflows
from tests import factories

pytestmark = pytest.mark.django_db


def write_seeds(folder) -> None:
    """Entries that mention each other (before and after), cite works, and one See file."""
    factories.write_seed(
        folder, "a.txt", "Serge, Victor", "(1890–1947)Knew Grigori Zinoviev. Wrote Big Book (1950)."
    )
    factories.write_seed(
        folder,
        "b.txt",
        "Zinoviev, Grigori",
        "(1883–1936)Met Victor Serge. Wrote Small Book (1920).",
    )
    factories.write_seed(folder, "c.txt", "Radek, Karl", "(1885–1939)Read Big Book (1950).")
    factories.write_seed(folder, "d.txt", "Khibalchich, Victor", "See Serge, Victor.")


def publish_one_by_one(run, items, created):
    """What the importer did before bulk publishing: a draft workflow row for every new
    entry, then publish_entry for each."""
    start_workflows(entries=[entry for entry, _revision, _cited in created])
    if run.as_drafts:
        return
    for entry, revision, _cited in created:
        if entry.match_key in run.awaited:
            continue  # published once its "See" alias is on, as _publish_in_bulk does
        publish_entry(
            entry=entry,
            user=run.user,
            summary=public_summary(first=True),
            without_review=True,
            revision=revision,
        )


def row(obj, *, drop=(), **replace) -> dict:
    """The object's columns, without ``drop`` and with ``replace`` (attname -> function)."""
    values = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if name == "id" or name in drop:
            continue
        value = getattr(obj, name)
        values[name] = replace[name](value) if name in replace and value is not None else value
    return values


def published_rows() -> dict:
    """Editions, frozen references, themes, workflows and transitions, with ids replaced by
    what they stand for (ids differ between two runs, timestamps too)."""
    headwords = dict(Entry.objects.values_list("id", "headword"))
    titles = dict(Work.objects.values_list("id", "title"))
    comments = dict(Revision.objects.values_list("id", "comment"))
    entry_names = {
        "entry_id": headwords.get,
        "target_id": headwords.get,
        "revision_id": comments.get,
    }
    editions = []
    for edition in Edition.objects.order_by("entry__headword", "number"):
        assert (edition.number > 1) or edition.first_published_at == edition.published_at
        values = row(
            edition,
            drop=("first_published_at", "published_at"),
            approved_by_id=lambda pk: pk,
            **entry_names,
        )
        values["search_vector"] = str(edition.search_vector)
        values["citations"] = [
            {**item, "work_id": titles[item["work_id"]], "csl": {**item["csl"], "id": None}}
            for item in edition.citations
        ]
        values["byline"] = [{**item, "contributor_id": None} for item in edition.byline]
        values["credits"] = [
            (credit.contributor.display_name, credit.role, credit.order)
            for credit in edition.credits.select_related("contributor")
        ]
        values["themes"] = sorted(theme.name for theme in edition.themes.all())
        values["references"] = [
            row(ref, drop=("edition_id",), **entry_names) for ref in edition.references.all()
        ]
        editions.append(values)
    workflows = [
        row(workflow, drop=("updated_at",), **entry_names)
        for workflow in EntryWorkflow.objects.order_by("entry__headword")
    ]
    transitions = [
        row(step, drop=("created_at",), **entry_names)
        for step in Transition.objects.order_by("entry__headword", "created_at", "id")
    ]
    return {"editions": editions, "workflows": workflows, "transitions": transitions}


def import_and_read_rows(folder, user) -> dict:
    with transaction.atomic():
        report = import_seed_documents(paths=[folder], user=user)
        assert (report.created, report.aliases, report.failed) == (3, 1, 0)
        rows = published_rows()
        transaction.set_rollback(True)
    return rows


def test_entries_imported_in_bulk_all_get_their_workflow_row(tmp_path, chief):
    """Drafts (here the whole run) get draft rows at once, not later when first read."""
    write_seeds(tmp_path)
    report = import_seed_documents(paths=[tmp_path], user=chief, as_drafts=True)
    assert report.created == 3
    states = EntryWorkflow.objects.values_list("entry__headword", "state", "version")
    assert sorted(states) == sorted(
        (headword, State.DRAFT, 1) for headword in Entry.objects.values_list("headword", flat=True)
    )


def test_bulk_publishing_writes_what_publish_entry_writes(tmp_path, chief, monkeypatch):
    write_seeds(tmp_path)
    in_bulk = import_and_read_rows(tmp_path, chief)
    monkeypatch.setattr(_ImportRun, "_publish_in_bulk", publish_one_by_one)
    one_by_one = import_and_read_rows(tmp_path, chief)
    assert in_bulk == one_by_one
    # The comparison covers real content: three entries; Serge, named by a See document,
    # waits for his alias and is published once, with it.
    serge = [edition for edition in in_bulk["editions"] if edition["entry_id"] == "Serge, Victor"]
    assert [(e["number"], e["is_current"], e["aliases"]) for e in serge] == [
        (1, True, ["Khibalchich, Victor"]),
    ]
    first = serge[0]
    assert (first["revision_id"], first["change_summary"]) == (
        "Imported from d.txt",
        "First published.",
    )
    assert (first["approved_by_id"], first["without_review"]) == (chief.pk, True)
    assert {ref["target_id"] for ref in first["references"]} == {"Zinoviev, Grigori"}
    assert [w["state"] for w in in_bulk["workflows"]] == [State.PUBLISHED] * 3
    radek = [t for t in in_bulk["transitions"] if t["entry_id"] == "Radek, Karl"]
    assert radek == [
        {
            "entry_id": "Radek, Karl",
            "from_state": State.DRAFT,
            "to_state": State.PUBLISHED,
            "actor_id": chief.pk,
            "message": "Edition 1: First published.",
            "revision_id": "Imported from c.txt",
            "without_review": True,
        }
    ]


def test_bulk_editions_match_create_edition(chief):
    theme = factories.make_theme("Revolutions")
    target = factories.make_entry("Lenin, Vladimir")
    serge = factories.make_entry(
        "Serge, Victor",
        aliases=("Khibalchich, Victor",),
        body="Met [[Lenin, Vladimir|Lenin]] and [[Nobody, Yet]].",
    )
    serge.themes.add(theme)
    factories.cite(serge, factories.make_work("Memoirs", year=1951), role=CitationRole.SOURCE)
    factories.cite(serge, factories.make_work("Tulayev", year=1950, authors=[{"literal": "V"}]))
    factories.publish(serge)  # so that the next edition is number 2
    revisions = {entry: factories.latest_revision(entry) for entry in (serge, target)}

    def editions_made(make) -> list[dict]:
        with transaction.atomic():
            make()
            rows = published_rows()["editions"]
            transaction.set_rollback(True)
        return rows

    def one_by_one():
        for entry in (serge, target):
            create_edition(
                entry=entry,
                revision=revisions[entry],
                approved_by=chief,
                change_summary="Checked",
                without_review=True,
            )

    def in_bulk():
        items = [EditionRequest(entry, revisions[entry], "Checked") for entry in (serge, target)]
        create_editions_in_bulk(items=items, approved_by=chief, without_review=True)

    expected = editions_made(one_by_one)
    assert editions_made(in_bulk) == expected
    assert [(e["entry_id"], e["number"], e["is_current"]) for e in expected] == [
        ("Lenin, Vladimir", 1, True),
        ("Serge, Victor", 1, False),
        ("Serge, Victor", 2, True),
    ]
    latest = expected[2]
    assert (latest["number"], latest["aliases"], latest["themes"]) == (
        2,
        ["Khibalchich, Victor"],
        ["Revolutions"],
    )
    assert [(ref["label"], ref["target_id"]) for ref in latest["references"]] == [
        ("Lenin", "Lenin, Vladimir"),
        ("Nobody, Yet", None),
    ]
    assert len(latest["citations"]) == 2


def test_bulk_publishing_refuses_entries_already_in_the_workflow():
    published = factories.make_published("Serge, Victor")
    with pytest.raises(ValidationError):
        publish_imported_entries(items=[EditionRequest(published)])
    assert published.editions.count() == 1


def test_imported_versions_round_trip_through_reversion(tmp_path, chief):
    write_seeds(tmp_path)
    import_seed_documents(paths=[tmp_path], user=chief)
    for entry in Entry.objects.all():
        versions = list(Version.objects.get_for_object(entry).select_related("revision"))
        imported = versions[-1]  # the oldest; Serge also has the revision of his alias
        assert imported.revision.comment == f"Imported from {entry.source_file}"
        assert imported.revision.user == chief
        assert imported.field_dict["headword"] == entry.headword
        assert imported.field_dict["body"] == entry.body
        snapshot = EntrySnapshot.of_revision(imported.revision, entry.id)
        if entry.headword != "Serge, Victor":
            assert snapshot == EntrySnapshot.of_entry(entry)
        else:  # the alias came later, in its own revision
            assert snapshot == replace(EntrySnapshot.of_entry(entry), aliases=())
            latest = versions[0].revision
            assert EntrySnapshot.of_revision(latest, entry.id) == EntrySnapshot.of_entry(entry)


# Themes named so that their pks (in list order) and their names sort differently.
THEME_LIST = b"Zealots\n  Serge, Victor\n  Radek, Karl\nAnarchists\n  Serge, Victor\n"


@pytest.mark.parametrize("themes", [None, THEME_LIST], ids=["no themes", "themes"])
def test_bulk_versions_hold_the_text_reversion_would_store(tmp_path, themes):
    write_seeds(tmp_path)
    themes = themes and parse_theme_list(themes, name="themes.list")
    import_seed_documents(paths=[tmp_path], as_drafts=True, themes=themes)
    # Each entry's latest revision: an earlier one holds the entry as it stood then.
    latest = {}
    for record in EntryRevision.objects.order_by("revision_id"):
        latest[record.entry_id] = record.revision_id
    versions = Version.objects.filter(revision_id__in=latest.values())
    assert versions.filter(revision__comment__startswith="Imported from").count() == len(versions)
    models, filed = set(), 0
    for version in versions:
        obj = version.object
        fields = _get_options(type(obj)).fields
        assert version.serialized_data == serializers.serialize("json", (obj,), fields=fields)
        assert version.object_repr == str(obj)
        models.add(type(obj).__name__)
        filed += len(version.field_dict.get("themes", []))
    assert models == {
        "Entry",
        "Alias",
        "Citation",
        "Work",
        "CrossReference",
        "Credit",
        "Contributor",
    }
    # Serge (two themes) and Radek (one theme), each in his latest revision.
    assert filed == (3 if themes else 0)
    # Serge's creation revision holds him as he stood before his alias raised his lock.
    earlier = Version.objects.get_for_model(Entry).exclude(revision_id__in=latest.values())
    for version in earlier:
        entry, fields = Entry.objects.get(pk=version.object_id), version.field_dict
        assert fields["lock_version"] == entry.lock_version - 1
        assert (fields["headword"], fields["body"], fields["slug"]) == (
            entry.headword,
            entry.body,
            entry.slug,
        )
    assert earlier.count() == 1


@pytest.mark.parametrize("in_bulk", [True, False], ids=["in bulk", "one by one"])
def test_a_see_documents_revision_holds_its_entry_as_it_stands(tmp_path, monkeypatch, in_bulk):
    """In bulk or one by one, the See file's revision records the alias and its entry with
    every row reversion follows from it, and the entry's first edition is at that revision."""
    if not in_bulk:

        def refuse(*args, **kwargs):
            raise DatabaseError("refused for the test")

        monkeypatch.setattr("editorial.importing.service.add_aliases_in_bulk", refuse)
    write_seeds(tmp_path)
    import_seed_documents(paths=[tmp_path], themes=parse_theme_list(THEME_LIST, name="t"))
    serge = Entry.objects.get(headword="Serge, Victor")
    revision = Revision.objects.get(comment="Imported from d.txt")
    recorded = {(v.content_type.model, v.object_id) for v in revision.version_set.all()}
    expected = {("entry", str(serge.pk))}
    expected |= {("alias", str(pk)) for pk in serge.aliases.values_list("pk", flat=True)}
    expected |= {("citation", str(c.pk)) for c in serge.citations.all()}
    expected |= {("work", str(c.work_id)) for c in serge.citations.all()}
    expected |= {("crossreference", str(r.pk)) for r in serge.outgoing_references.all()}
    expected |= {("credit", str(c.pk)) for c in serge.credits.all()}
    expected |= {("contributor", str(c.contributor_id)) for c in serge.credits.all()}
    assert {kind for kind, _pk in expected} >= {"credit", "contributor"}
    assert recorded == expected
    assert EntrySnapshot.of_revision(revision, serge.pk) == EntrySnapshot.of_entry(serge)
    edition = Edition.objects.get(entry=serge)
    assert (edition.number, edition.revision, edition.aliases) == (
        1,
        revision,
        ["Khibalchich, Victor"],
    )
    assert edition.change_summary == "First published."


@pytest.mark.parametrize("in_bulk", [True, False], ids=["in bulk", "one by one"])
def test_inline_references_are_the_same_in_bulk_and_one_by_one(tmp_path, monkeypatch, in_bulk):
    if not in_bulk:

        def refuse(*args, **kwargs):
            raise DatabaseError("refused for the test")

        monkeypatch.setattr("editorial.importing.service.create_entries_in_bulk", refuse)
    write_seeds(tmp_path)
    factories.write_seed(
        tmp_path, "e.txt", "Trotsky, Leon", "Read [[Serge,  Victor|Serge]] and [[Nobody Yet]]."
    )
    report = import_seed_documents(paths=[tmp_path], as_drafts=True)
    assert report.created == 4
    rows = CrossReference.objects.order_by("source__headword", "order")
    assert [
        (ref.source.headword, ref.order, ref.target_text, ref.target_key, str(ref.target))
        for ref in rows
    ] == [
        ("Serge, Victor", 0, "Zinoviev, Grigori", "zinoviev grigori", "Zinoviev, Grigori"),
        ("Trotsky, Leon", 0, "Serge, Victor", "serge victor", "Serge, Victor"),
        ("Trotsky, Leon", 1, "Nobody Yet", "nobody yet", "None"),
        ("Zinoviev, Grigori", 0, "Serge, Victor", "serge victor", "Serge, Victor"),
    ]


@pytest.mark.parametrize("files", [10, 40])
def test_published_imports_cost_a_fixed_number_of_queries_per_group(
    tmp_path, files, django_assert_max_num_queries
):
    for number in range(files):
        factories.write_seed(
            tmp_path,
            f"{number:03}.txt",
            f"Person{number}, Some",
            f"(1900–1950)Knew Some Person{(number + 1) % files}. Work{number} Book (1930).",
        )
    with django_assert_max_num_queries(45):  # not ~20 per file as publish_entry costs
        report = import_seed_documents(paths=[tmp_path])
    assert report.created == files
    assert Edition.objects.current().count() == files
    assert EntryWorkflow.objects.filter(state=State.PUBLISHED).count() == files


def test_the_garbage_collector_is_running_again_after_an_import(tmp_path):
    write_seeds(tmp_path)
    assert gc.isenabled()
    import_seed_documents(paths=[tmp_path])
    assert gc.isenabled()


@pytest.mark.parametrize("in_bulk", [True, False], ids=["in bulk", "one by one"])
def test_imported_entries_are_signed_by_their_sources_authors(tmp_path, monkeypatch, in_bulk):
    if not in_bulk:

        def refuse(*args, **kwargs):
            raise DatabaseError("refused for the test")

        monkeypatch.setattr("editorial.importing.service.create_entries_in_bulk", refuse)
    write_seeds(tmp_path)
    factories.write_seed(
        tmp_path,
        "e.txt",
        "Soviet posters",
        "A collection.",
        source="Posters. Museum of the Revolution . 1999.",
    )
    import_seed_documents(paths=[tmp_path])
    bylines = {
        edition.headword: [(item["display"], item["role"]) for item in edition.byline]
        for edition in Edition.objects.current()
    }
    signed = [("David Walker", "author"), ("Daniel Gray", "author")]
    assert bylines == {
        "Serge, Victor": signed,
        "Zinoviev, Grigori": signed,
        "Radek, Karl": signed,
        "Soviet posters": [("Museum of the Revolution", "author")],
    }
    # One contributor per person or body, however many entries they sign.
    assert sorted(str(person) for person in Contributor.objects.all()) == [
        "Daniel Gray",
        "David Walker",
        "Museum of the Revolution",
    ]
    museum = Contributor.objects.get(literal="Museum of the Revolution")
    assert (museum.family, museum.given) == ("", "")
    revision = Revision.objects.get(comment="Imported from e.txt")
    assert (
        EntrySnapshot.of_revision(revision, Entry.objects.get(headword="Soviet posters").pk).byline[
            0
        ]["display"]
        == "Museum of the Revolution"
    )


def test_a_reimport_keeps_the_credits_an_editor_gave(tmp_path, editor):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)A writer.")
    import_seed_documents(paths=[tmp_path])
    serge = Entry.objects.get()
    other = factories.make_contributor("Other", given="Ann")
    with factories.revising(serge, user=editor):
        serge.credits.all().delete()
        factories.credit(serge, other)
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)A writer, changed.")
    import_seed_documents(paths=[tmp_path], force=True)
    assert [str(c.contributor) for c in serge.credits.all()] == ["Ann Other"]


def test_aliases_are_added_in_bulk_only_to_entries_nobody_moved_since_the_run(editor):
    draft, submitted = factories.make_entry("Serge, Victor"), factories.make_entry("Radek, Karl")
    services.submit_for_review(entry=submitted, user=editor, message="Ready for review.")
    run = SimpleNamespace(user=None)

    def see(name):
        return SimpleNamespace(
            document=SimpleNamespace(headword=name), name=f"{name}.txt", digest=""
        )

    with pytest.raises(ValidationError), transaction.atomic():
        add_aliases_in_bulk(run, [see("Kibalchich"), see("Sobelsohn")], [draft.pk, submitted.pk])
    assert not Alias.objects.exists()  # nothing written: the files go one by one instead
    ((entry, revision),) = add_aliases_in_bulk(run, [see("Kibalchich")], [draft.pk])
    assert list(entry.aliases.values_list("name", flat=True)) == ["Kibalchich"]
    assert (
        entry.lock_version == draft.lock_version + 1
        and revision.comment == "Imported from Kibalchich.txt"
    )
