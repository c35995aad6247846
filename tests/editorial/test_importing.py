"""The seed import service: entries, citations, aliases, history, conflicts, linking."""

from pathlib import Path

import pytest
import reversion
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version

from dictionary.models import (
    Alias,
    AliasKind,
    Citation,
    CitationRole,
    CrossReference,
    Edition,
    Entry,
    Work,
)
from editorial.importing import import_seed_documents
from editorial.services import publish_entry, publish_imported_entries
from tests import factories

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_83003cf4bcb618d8.txt"


def run(*paths, **options):
    return import_seed_documents(paths=list(paths), **options)


def content_counts() -> dict:
    models = [Entry, Alias, Work, Citation, CrossReference, Edition, Revision, Version]
    return {model.__name__: model.objects.count() for model in models}


def test_the_seed_document(chief):
    report = run(SEED, user=chief)
    assert (report.created, report.failed) == (1, 0)
    entry = Entry.objects.get()
    assert entry.headword == "Serge, Victor"
    assert (entry.dates, entry.start_year, entry.end_year) == ("1890–1947", 1890, 1947)
    paragraphs = entry.body.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[1].startswith("Serge’s autobiography")
    assert (entry.entry_type, entry.source_file) == ("person", SEED.name)
    source = entry.citations.get(role=CitationRole.SOURCE)
    assert (source.work.title, source.work.year, source.confirmed) == (
        "Historical dictionary of Marxism",
        2014,
        True,
    )
    assert source.work.authors == [
        {"given": "David", "family": "Walker"},
        {"given": "Daniel", "family": "Gray"},
    ]
    by_subject = entry.citations.filter(role=CitationRole.WORK_BY_SUBJECT).select_related("work")
    assert {(c.work.title, c.work.year, c.confirmed) for c in by_subject} == {
        ("Memoirs of a Revolutionary 1901–1941", 1980, False),
        ("The Case of Comrade Tulayev", 1950, False),
    }
    assert report.citations_extracted == 3
    revision = Version.objects.get_for_object(entry).get().revision
    assert (revision.comment, revision.user) == (f"Imported from {SEED.name}", chief)
    edition = Edition.objects.current().get(entry=entry)
    assert (edition.number, edition.without_review) == (1, True)
    assert len(edition.citations) == 3
    assert [item["display"] for item in edition.byline] == ["David Walker", "Daniel Gray"]
    assert [str(credit) for credit in entry.credits.all()] == [
        "David Walker (Author)",
        "Daniel Gray (Author)",
    ]


def test_one_revision_per_file_covering_entry_citations_and_works(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Kamenev, Lev", "(1883–1936)Born. He wrote X Y (1920).")
    run(tmp_path, as_drafts=True)
    revision = Revision.objects.get()
    models = {version.content_type.model for version in revision.version_set.all()}
    assert models == {"entry", "citation", "work", "credit", "contributor"}
    assert revision.comment == "Imported from a.txt"


def test_reuses_a_work_with_the_same_title_and_year(tmp_path):
    existing = factories.make_work("Historical Dictionary of Marxism", year=2014)
    factories.write_seed(tmp_path, "a.txt", "Kamenev, Lev", "(1883–1936)Born in Moscow.")
    factories.write_seed(tmp_path, "b.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    run(tmp_path)
    assert Work.objects.get() == existing
    assert Citation.objects.filter(work=existing, role=CitationRole.SOURCE).count() == 2


def test_see_documents_become_redirect_aliases(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Khibalchich, Victor", "See Serge, Victor.")
    factories.write_seed(tmp_path, "b.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    report = run(tmp_path)
    assert (report.created, report.aliases, report.failed) == (1, 1, 0)
    alias = Alias.objects.get()
    assert (alias.name, alias.kind, alias.entry.headword) == (
        "Khibalchich, Victor",
        AliasKind.REDIRECT,
        "Serge, Victor",
    )
    assert Entry.objects.count() == 1
    assert Revision.objects.filter(comment="Imported from a.txt").count() == 1
    # The entry waits for its alias, so its first edition already carries it.
    edition = Edition.objects.get(entry=alias.entry)
    assert (edition.number, edition.aliases) == (1, ["Khibalchich, Victor"])
    # Readers see a sentence, never the seed file's name (the revision keeps it).
    assert edition.change_summary == "First published."
    assert run(tmp_path).unchanged == 2


def test_an_entry_waiting_for_a_failed_see_document_is_published_all_the_same(
    tmp_path, monkeypatch
):
    factories.write_seed(tmp_path, "a.txt", "Khibalchich, Victor", "See Serge, Victor.")
    factories.write_seed(tmp_path, "b.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")

    def refuse(*args, **fields):
        raise DatabaseError("refused for the test")

    monkeypatch.setattr(Alias.objects, "create", refuse)  # one by one
    monkeypatch.setattr(Alias.objects, "bulk_create", refuse)  # in bulk
    report = run(tmp_path)
    assert (report.created, report.failed) == (1, 1)
    assert list(Edition.objects.current().values_list("headword", "number")) == [
        ("Serge, Victor", 1)
    ]


def test_a_row_the_database_refuses_in_bulk_fails_only_its_file(tmp_path, monkeypatch):
    """Another writer takes a new entry's slug after the run read the slugs: the bulk
    insert is refused by the database itself, and the group is written file by file."""
    from editorial.importing.known import RunIndex

    factories.make_entry("Unrelated", slug="taken-meanwhile")
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(tmp_path, "b.txt", "Trotsky, Leon", "(1879–1940)Born in Yanovka.")
    unused_slug = RunIndex.unused_slug

    def slug_taken_for_trotsky(index, headword, *year):
        if headword.startswith("Trotsky"):
            return "taken-meanwhile"
        return unused_slug(index, headword, *year)

    monkeypatch.setattr(RunIndex, "unused_slug", slug_taken_for_trotsky)
    report = run(tmp_path)

    assert (report.created, report.failed) == (1, 1)
    assert "b.txt" in report.errors[0]
    assert list(Edition.objects.current().values_list("headword", flat=True)) == ["Serge, Victor"]


def test_a_see_document_with_an_unknown_target_fails_and_names_the_file(tmp_path):
    path = factories.write_seed(tmp_path, "a.txt", "Khibalchich, Victor", "See Nobody, At All.")
    report = run(tmp_path)
    assert report.failed == 1
    assert report.errors == [
        f"{path}, line 2: “Nobody, At All” is not an entry, so this See "
        "document cannot become its alias"
    ]
    assert Alias.objects.count() == 0


def test_a_see_document_with_an_unknown_target_names_the_closest_headwords(tmp_path):
    factories.make_entry("Serge, Victor", dates="1890–1947")
    factories.write_seed(tmp_path, "a.txt", "Sergei, Viktor", "(1890–1950)Born.")
    path = factories.write_seed(tmp_path, "b.txt", "Khibalchich, Victor", "See Serge, Viktor.")
    report = run(tmp_path)
    assert report.errors == [
        f"{path}, line 2: “Serge, Viktor” is not an entry, so this See document cannot "
        "become its alias; closest headwords: Sergei, Viktor; Serge, Victor"
    ]


def test_malformed_files_are_reported_and_the_good_ones_imported(tmp_path):
    (tmp_path / "1-empty.txt").write_bytes(b"")
    (tmp_path / "2-nobody.txt").write_bytes(b"- Serge, Victor\n")
    (tmp_path / "3-latin1.txt").write_bytes("- Lukács\n- Né à Budapest.\n".encode("latin-1"))
    (tmp_path / "4-garbage.txt").write_bytes(b"\x00\x01 just bytes")
    factories.write_seed(tmp_path, "5-good.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    report = run(tmp_path)
    assert (report.created, report.failed) == (1, 4)
    assert report.errors == [
        f"{tmp_path / '1-empty.txt'}, line 1: the file is empty",
        f"{tmp_path / '2-nobody.txt'}, line 2: the body line is missing",
        f"{tmp_path / '3-latin1.txt'}, line 1: not UTF-8 text (byte 0xE1 at offset 5)",
        f"{tmp_path / '4-garbage.txt'}, line 1: not a seed document (binary data)",
    ]
    assert list(Entry.objects.values_list("headword", flat=True)) == ["Radek, Karl"]


def test_a_file_whose_publication_fails_writes_nothing(tmp_path, monkeypatch):
    from editorial.importing import service as importing

    def refuse_radek(*, entry, **options):
        if entry.headword == "Radek, Karl":
            raise ValidationError("Publishing refused.")
        return publish_entry(entry=entry, **options)

    def refuse_groups_with_radek(*, items, **options):
        if any(item.entry.headword == "Radek, Karl" for item in items):
            raise ValidationError("Publishing refused.")
        return publish_imported_entries(items=items, **options)

    monkeypatch.setattr(importing, "publish_entry", refuse_radek)
    monkeypatch.setattr(importing, "publish_imported_entries", refuse_groups_with_radek)
    factories.write_seed(tmp_path, "a.txt", "Radek, Karl", "Born. Wrote Big Book (1920).")
    factories.write_seed(tmp_path, "b.txt", "Kamenev, Lev", "Born. With Grigori Zinoviev.")
    factories.write_seed(tmp_path, "c.txt", "Zinoviev, Grigori", "Born.")
    report = run(tmp_path)
    assert (report.created, report.failed) == (2, 1)
    assert report.errors == [f"{tmp_path / 'a.txt'}: Publishing refused."]
    assert not Entry.objects.filter(headword="Radek, Karl").exists()
    assert not Work.objects.filter(title="Big Book").exists()
    # The group was rolled back, then written file by file: same result as in bulk.
    kamenev = Entry.objects.get(headword="Kamenev, Lev")
    assert kamenev.slug == "kamenev-lev"
    assert kamenev.body == "Born. With [[Zinoviev, Grigori|Grigori Zinoviev]]."
    assert kamenev.outgoing_references.get().target.headword == "Zinoviev, Grigori"
    revision = Version.objects.get_for_object(kamenev).get().revision
    assert revision.comment == "Imported from b.txt"
    recorded = {version.content_type.model for version in revision.version_set.all()}
    assert recorded == {"entry", "citation", "work", "crossreference", "credit", "contributor"}
    assert Revision.objects.count() == 2


def test_dry_run_reports_and_writes_nothing(tmp_path):
    factories.write_seed(
        tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born. The Case of Comrade Tulayev (1950)."
    )
    factories.write_seed(tmp_path, "b.txt", "Khibalchich, Victor", "See Serge, Victor.")
    before = content_counts()
    report = run(tmp_path, dry_run=True)
    assert (report.created, report.aliases, report.citations_extracted) == (1, 1, 2)
    assert content_counts() == before


def test_rerunning_unchanged_files_adds_no_revision(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(tmp_path, "b.txt", "Khibalchich, Victor", "See Serge, Victor.")
    run(tmp_path)
    before = content_counts()
    report = run(tmp_path)
    assert (report.unchanged, report.created, report.updated) == (2, 0, 0)
    assert content_counts() == before


def test_changed_files_read_the_works_they_cite_in_one_query(tmp_path):
    """Files written one by one (updates) find their works in what the run read up front."""
    for number in range(6):
        factories.write_seed(tmp_path, f"{number}.txt", f"Person{number}, Some", "Born.")
    run(tmp_path)
    for number in range(6):
        body = f"(1900–1950)Born. Wrote Book{number} Title (193{number})."
        factories.write_seed(tmp_path, f"{number}.txt", f"Person{number}, Some", body)
    with CaptureQueriesContext(connection) as context:
        report = run(tmp_path)
    assert report.updated == 6 and report.failed == 0
    lookups = [q for q in context.captured_queries if '"title_key" IN' in q["sql"]]
    assert len(lookups) == 1  # by title key, for every file at once
    assert Citation.objects.filter(role=CitationRole.WORK_BY_SUBJECT).count() == 6


def test_a_changed_file_updates_its_entry_as_a_new_revision_and_edition(tmp_path):
    path = factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born. X Y (1950).")
    run(tmp_path)
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    report = run(path)
    assert report.updated == 1
    entry = Entry.objects.get()
    assert entry.body == "Born in Brussels."
    assert Version.objects.get_for_object(entry).count() == 2
    assert list(entry.editions.values_list("number", flat=True)) == [1, 2]
    assert not entry.citations.filter(role=CitationRole.WORK_BY_SUBJECT).exists()


def test_an_edited_entry_is_not_overwritten_and_force_applies_revertibly(tmp_path, editor):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    run(tmp_path)
    entry = Entry.objects.get()
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Fixed the birthplace")
        entry.body = "Born in Ixelles, Brussels."
        entry.save()
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Belgium.")
    report = run(tmp_path)
    assert (report.conflicts, report.updated) == (1, 0)
    assert "a.txt" in report.conflict_notes[0] and "Serge, Victor" in report.conflict_notes[0]
    entry.refresh_from_db()
    assert entry.body == "Born in Ixelles, Brussels."
    report = run(tmp_path, force=True)
    assert report.updated == 1
    entry.refresh_from_db()
    assert entry.body == "Born in Belgium."
    editor_version = Version.objects.get_for_object(entry)[1]
    editor_version.revision.revert(delete=True)
    entry.refresh_from_db()
    assert entry.body == "Born in Ixelles, Brussels."


def test_an_entry_with_the_same_headword_made_by_an_editor_is_a_conflict(tmp_path):
    factories.make_entry("Serge, Victor", body="Typed by hand.")
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    report = run(tmp_path)
    assert report.conflicts == 1
    assert Entry.objects.get().body == "Typed by hand."


def test_drafts_are_not_published(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    run(tmp_path, as_drafts=True)
    assert Entry.objects.count() == 1
    assert Edition.objects.count() == 0


def test_published_imports_have_a_current_edition(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(tmp_path, "b.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    run(tmp_path)
    assert Edition.objects.current().count() == 2
    assert set(Edition.objects.values_list("change_summary", flat=True)) == {"First published."}
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels, 1890.")
    run(tmp_path)
    serge = Edition.objects.current().get(headword="Serge, Victor")
    assert (serge.number, serge.change_summary) == (2, "Revised from an updated source text.")
    assert not Edition.objects.filter(change_summary__contains=".txt").exists()


def test_linking_pass_links_first_mentions_and_resolves_later_entries(tmp_path):
    factories.write_seed(
        tmp_path,
        "a.txt",
        "Serge, Victor",
        "(1890–1947)Born. Alongside Grigori Zinoviev he joined the Communist International "
        "(Comintern). Grigori Zinoviev again. Victor Serge wrote of the Comintern.",
    )
    factories.write_seed(tmp_path, "b.txt", "Zinoviev, Grigori", "(1883–1936)He met Victor Serge.")
    factories.write_seed(tmp_path, "c.txt", "Communist International (Comintern)", "Founded 1919.")
    run(tmp_path)
    serge = Entry.objects.get(headword="Serge, Victor")
    assert serge.body == (
        "Born. Alongside [[Zinoviev, Grigori|Grigori Zinoviev]] he joined the "
        "[[Communist International (Comintern)]]. Grigori Zinoviev again. "
        "Victor Serge wrote of the Comintern."
    )
    references = serge.outgoing_references.order_by("order")
    assert [(ref.target.headword, ref.kind) for ref in references] == [
        ("Zinoviev, Grigori", "inline"),
        ("Communist International (Comintern)", "inline"),
    ]
    zinoviev = Entry.objects.get(headword="Zinoviev, Grigori")
    assert zinoviev.body == "He met [[Serge, Victor|Victor Serge]]."
    assert zinoviev.outgoing_references.get().target == serge
    revision = Version.objects.get_for_object(serge).get().revision
    recorded = {version.content_type.model for version in revision.version_set.all()}
    assert recorded == {"entry", "citation", "work", "crossreference", "credit", "contributor"}


@pytest.mark.parametrize("files_per_commit", [1, 2, 100])
def test_mentions_of_entries_imported_later_resolve(tmp_path, monkeypatch, files_per_commit):
    from editorial.importing import service

    monkeypatch.setattr(service, "COMMIT_EVERY", files_per_commit)
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)With Grigori Zinoviev.")
    factories.write_seed(tmp_path, "b.txt", "Radek, Karl", "(1885–1939)With [[Zinoviev, Grigori]].")
    factories.write_seed(tmp_path, "c.txt", "Zinoviev, Grigori", "(1883–1936)Born in 1883.")
    run(tmp_path)
    zinoviev = Entry.objects.get(headword="Zinoviev, Grigori")
    assert CrossReference.objects.filter(target=zinoviev).count() == 2
    assert not CrossReference.objects.filter(target__isnull=True).exists()


def test_two_files_with_one_headword_conflict_instead_of_duplicating(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(tmp_path, "b.txt", "Serge, Victor", "(1890–1947)Born in Belgium.")
    report = run(tmp_path)
    assert (report.created, report.conflicts) == (1, 1)
    assert report.outcomes[str(tmp_path / "b.txt")] == "conflict"
    assert Entry.objects.get().body == "Born in Brussels."


def test_linking_uses_existing_entries_and_aliases_and_respects_markup(tmp_path):
    cpsu = factories.make_entry(
        "Communist Party of the Soviet Union", aliases=("CPSU",), dates="1912–1991"
    )
    stalin = factories.make_entry("Stalin, Josef", dates="1878–1953")
    factories.write_seed(
        tmp_path,
        "a.txt",
        "Trotsky, Leon",
        "(1879–1940)Expelled from the CPSU by [[Stalin, Josef|Stalin]]; Josef Stalin won.",
    )
    run(tmp_path)
    trotsky = Entry.objects.get(headword="Trotsky, Leon")
    assert trotsky.body == (
        "Expelled from the [[Communist Party of the Soviet Union|CPSU]] by "
        "[[Stalin, Josef|Stalin]]; Josef Stalin won."
    )
    assert {ref.target for ref in trotsky.outgoing_references.all()} == {cpsu, stalin}


def test_a_name_two_entries_share_is_not_linked(tmp_path):
    factories.make_entry("Zinoviev, Grigori", aliases=("Zinoviev",))
    factories.make_entry("Zinoviev, Other", aliases=("Zinoviev",))
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Zinoviev met him.")
    run(tmp_path)
    assert Entry.objects.get(headword="Serge, Victor").body == "Zinoviev met him."


def test_progress_is_reported_per_file(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born.")
    (tmp_path / "b.txt").write_bytes(b"")
    seen = []
    run(tmp_path, progress=lambda done, total, path, outcome: seen.append((done, total, outcome)))
    assert seen == [(1, 2, "failed"), (2, 2, "created")]


def _write_people(folder: Path, numbers: range) -> Path:
    folder.mkdir()
    for number in numbers:
        factories.write_seed(
            folder,
            f"{number:03}.txt",
            f"Person{number}, Some",
            f"(1900–1950)Born. Knew Some Person{number + 1}. Work{number} Book (1930).",
        )
    return folder


def test_new_documents_are_inserted_in_bulk(tmp_path):
    """A group of new files costs the same queries whatever its size: none per file."""
    run(_write_people(tmp_path / "warm", range(100, 102)), as_drafts=True)  # caches filled
    queries = []
    for name, numbers in [("ten", range(0, 10)), ("twenty", range(10, 30))]:
        with CaptureQueriesContext(connection) as context:
            report = run(_write_people(tmp_path / name, numbers), as_drafts=True)
        assert report.created == len(numbers)
        # SQLite caps a statement's parameters, so Django splits a large insert of history
        # versions (nine a file, with the credits) in two: a batch, not a query per file.
        sql = [query["sql"] for query in context.captured_queries]
        versions = [text for text in sql if text.startswith('INSERT INTO "reversion_version"')]
        assert len(versions) <= 2
        queries.append(len(sql) - len(versions))
    assert queries[0] == queries[1] <= 24
    assert Revision.objects.count() == 32
    # Each person links the next one if already known: 100→101, 0→…→9, 10→…→29.
    assert CrossReference.objects.filter(target__isnull=False).count() == 1 + 9 + 19


def test_publishing_stays_within_a_fixed_number_of_queries_per_document(
    tmp_path, django_assert_max_num_queries
):
    for number in range(20):
        factories.write_seed(tmp_path, f"{number:03}.txt", f"Person{number}, Some", "Born.")
    with django_assert_max_num_queries(20 * 25):
        report = run(tmp_path)
    assert report.created == 20


def test_a_new_entry_takes_the_next_free_slug(tmp_path):
    factories.make_entry("Victor Serge's paper", slug="serge-victor")
    factories.make_entry("Victor Serge's other paper", slug="serge-victor-2")
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born.")
    run(tmp_path)
    assert Entry.objects.get(headword="Serge, Victor").slug == "serge-victor-3"


def test_two_new_headwords_with_one_slug_skip_a_numbered_slug_already_taken(tmp_path):
    factories.make_entry("Another entry", slug="abc-2")  # a slug an editor chose
    factories.write_seed(tmp_path, "a.txt", "Abc", "One.")
    factories.write_seed(tmp_path, "b.txt", "A.B.C", "Two.")
    report = run(tmp_path)
    assert (report.created, report.failed) == (2, 0)
    assert sorted(Entry.objects.values_list("slug", flat=True)) == ["abc", "abc-2", "abc-3"]


def test_linking_follows_a_rename_and_new_aliases(tmp_path):
    serge = factories.make_entry("Kibalchich, Victor")
    factories.revise(serge, user=None, headword="Serge, Victor")
    with factories.revising(serge):
        Alias.objects.create(entry=serge, name="Le Rétif")
    factories.write_seed(
        tmp_path, "a.txt", "Zinoviev, Grigori", "Victor Kibalchich, or Le Rétif, met him."
    )
    run(tmp_path)
    assert Entry.objects.get(headword="Zinoviev, Grigori").body == (
        "Victor Kibalchich, or [[Serge, Victor|Le Rétif]], met him."
    )


def test_a_run_reads_only_what_its_documents_can_touch(tmp_path):
    """No query of a run reads every entry, alias, name or work: what it loads is in
    proportion to its documents, not to the dictionary (checked on the SQL it sends)."""
    factories.make_entry("Trotsky, Leon", aliases=("Bronstein, Lev",))
    factories.make_work("The Revolution Betrayed", year=1936)
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "Met Leon Trotsky.")
    factories.write_seed(tmp_path, "b.txt", "Zinoviev, Grigori", "Met Victor Serge.")
    with CaptureQueriesContext(connection) as queries:
        report = run(tmp_path)
    assert report.created == 2
    assert "[[Trotsky, Leon|Leon Trotsky]]" in Entry.objects.get(headword="Serge, Victor").body
    tables = ("entry", "alias", "entryname", "work")
    unbounded = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT")
        and "WHERE" not in query["sql"]
        and any(f'FROM "dictionary_{table}"' in query["sql"] for table in tables)
    ]
    assert unbounded == []


def test_an_entry_whose_publication_is_refused_stays_a_draft_and_is_reported(tmp_path, monkeypatch):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(tmp_path, "b.txt", "Radek, Karl", "(1885–1939)Born in Lviv.")
    factories.write_seed(tmp_path, "c.txt", "Khibalchich, Victor", "See Serge, Victor.")

    def refusing_serge(publish, entries_of):
        def refuse(**kwargs):
            if "Serge, Victor" in [entry.headword for entry in entries_of(kwargs)]:
                raise DatabaseError("refused for the test")
            return publish(**kwargs)

        return refuse

    # Serge waits for his alias, then is published in bulk or, failing that, alone.
    in_bulk = refusing_serge(publish_imported_entries, lambda kw: [i.entry for i in kw["items"]])
    alone = refusing_serge(publish_entry, lambda kw: [kw["entry"]])
    monkeypatch.setattr("editorial.importing.service.publish_imported_entries", in_bulk)
    monkeypatch.setattr("editorial.importing.service.publish_entry", alone)
    report = run(tmp_path)
    assert (report.created, report.aliases, report.unpublished, report.ok) == (2, 1, 1, False)
    assert report.errors == [
        f"{tmp_path / 'a.txt'}: imported, but it could not be published: "
        "the database refused it (refused for the test)"
    ]
    serge = Entry.objects.get(headword="Serge, Victor")
    assert list(serge.aliases.values_list("name", flat=True)) == ["Khibalchich, Victor"]
    assert not serge.editions.exists()
    assert Edition.objects.current().get().headword == "Radek, Karl"  # published in bulk
    assert "1 imported but not published." in report.summary()


def test_control_characters_and_headwords_without_letters_fail_their_file(tmp_path):
    factories.write_seed(tmp_path, "1-esc.txt", "Serge, Victor", "Born\x1b in Brussels.")
    factories.write_seed(tmp_path, "2-dash.txt", "—", "A dash.")
    factories.write_seed(tmp_path, "3-tab.txt", "Radek, Karl", "Born\x0bin Lviv.")
    report = run(tmp_path)
    assert (report.created, report.failed) == (1, 2)
    assert report.errors == [
        f"{tmp_path / '1-esc.txt'}, line 2: an invisible control character, "
        "U+001B (ESC) at character 7",
        f"{tmp_path / '2-dash.txt'}, line 1: the headword has no letter or digit",
    ]
    assert Entry.objects.get().body == "Born in Lviv."


def test_the_linking_pass_uses_only_the_names_a_published_entry_was_published_with(
    tmp_path, editor
):
    stalin = factories.make_published("Stalin, Joseph")
    with factories.revising(stalin, user=editor):
        stalin.aliases.create(name="Koba")  # only in the draft
    trotsky = factories.make_published("Trotsky, Leon")
    factories.revise(trotsky, user=editor, headword="Bronstein, Lev")  # only in the draft
    factories.make_entry("Radek, Karl", aliases=("Sobelsohn",))  # never published: its names
    factories.write_seed(
        tmp_path,
        "a.txt",
        "Serge, Victor",
        "Met Koba, Lev Bronstein and Joseph Stalin; wrote to Sobelsohn.",
    )
    run(tmp_path)
    body = Entry.objects.get(headword="Serge, Victor").body
    assert "Koba" in body and "[[Stalin, Joseph|Koba]]" not in body
    assert "Bronstein, Lev" not in body.replace("Lev Bronstein", "")
    assert "[[Stalin, Joseph|Joseph Stalin]]" in body
    assert "[[Radek, Karl|Sobelsohn]]" in body  # shown as a link once Radek is published
