"""import_dictionary: an export read back into an empty database gives the same export and
the same public pages; a database with content is refused, or merged into without losing
anything; a bad file is refused with where and why."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import CommandError, call_command

from dictionary.models import (
    CitationRole,
    Contributor,
    CreditRole,
    Edition,
    Entry,
    ReferenceKind,
    Theme,
    ThemeListing,
    Work,
    WorkType,
)
from editorial.models import EntryWorkflow, State
from tests import factories

# The export's time is the one thing two exports of the same content cannot share.
UNCOMPARABLE = ("exported_at",)
OAI_RESPONSE_DATE = re.compile(r"<responseDate>[^<]*</responseDate>")


def build_dictionary() -> dict:
    """Published, revised, withdrawn and draft entries; signed, cited, cross-referenced."""
    factories.make_roles()
    chief = factories.make_user("chief", role="Editors-in-chief")
    theme = factories.make_theme("Russian Revolution", description="1917 and after.")
    factories.make_theme("Unused theme")
    lee = factories.make_contributor("Lee", given="Ann", orcid="0000-0002-1825-0097")
    museum = factories.make_contributor(literal="Museum of the Revolution", biography="A body.")
    zinoviev = factories.make_published("Zinoviev, Grigori", dates="1883–1936", themes=[theme])
    serge = factories.make_entry(
        "Serge, Victor",
        dates="c. 1890–1947",
        body="A *revolutionary*; see [[Zinoviev, Grigori|Zinoviev]] and [[Wanted, Person]].",
        aliases=("Kibalchich, Viktor",),
    )
    with factories.revising(serge):
        serge.themes.add(theme)
        factories.credit(serge, lee, order=0)
        factories.credit(serge, museum, role=CreditRole.TRANSLATOR, order=1)
        memoirs = factories.make_work(
            "Memoirs", work_type=WorkType.BOOK, year=1951, note="Translated.",
            authors=[{"family": "Serge", "given": "Victor"}], url="https://example.org/m",
        )  # fmt: skip
        factories.cite(serge, memoirs, role=CitationRole.WORK_BY_SUBJECT, locator="p. 3")
        factories.cite(serge, factories.make_work("Unconfirmed", year=1990), confirmed=False)
        serge.outgoing_references.create(target_text="Radek, Karl", kind=ReferenceKind.SEE_ALSO)
    factories.publish(serge, user=chief, summary="First")
    factories.republish(serge, summary="Second", body="A *revolutionary*, [[Zinoviev, Grigori]].")
    with factories.revising(serge):  # unpublished changes to the working copy
        serge.body += " Unpublished sentence."
        serge.save()
    withdrawn = factories.make_published("Withdrawn, Anna", dates="b. 1901")
    from editorial.services import unpublish

    unpublish(entry=withdrawn, user=chief, reason="Legal advice")
    draft = factories.make_entry("Draft, Person", dates="fl. 1840s", body="See [[Serge, Victor]].")
    # Homonyms: a name two entries share leads to neither, unless an editor points it.
    factories.make_entry("Longman, Charles", dates="1809–1873")
    younger = factories.make_entry("Longman, Charles", dates="1852–1934")
    draft.outgoing_references.create(target_text="Longman, Charles", target=younger)
    # "fl. 1840s" as an older reading of dates left it (unread): kept as stored.
    Entry.objects.filter(pk=draft.pk).update(dates_edtf="", start_year=None, end_year=None)
    return {"serge": serge, "zinoviev": zinoviev, "withdrawn": withdrawn}


PAGES = (
    "/", "/entries/", "/entries/?theme=russian-revolution", "/contributors/",
    "/contributors/ann-lee/", "/contributors/museum-of-the-revolution/",
    "/entries/serge-victor/", "/entries/serge-victor/editions/",
    "/entries/serge-victor/editions/1/", "/entries/zinoviev-grigori/",
    "/entries/kibalchich-viktor/",
    "/entries/withdrawn-anna/", "/entries/withdrawn-anna/editions/1/", "/entries/draft-person/",
    "/entries/?q=revolutionary", "/entries/?sort=revised", "/chronology/", "/feed/",
    "/sitemap-entries.xml", "/entries/serge-victor/cite.json", "/api/v1/entries/serge-victor/",
    "/api/v1/entries/serge-victor/editions/1/", "/oai/?verb=GetRecord&metadataPrefix=oai_dc"
    "&identifier=oai:headword:entry/{serge}",
)  # fmt: skip


def pages(client) -> dict[str, tuple[int, str]]:
    cache.clear()  # rendered afresh from this database
    serge = Entry.objects.get(slug="serge-victor").pk
    return {url: _page(client, url.format(serge=serge)) for url in PAGES}


def _page(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    # OAI-PMH dates its answers: the one part that must differ.
    return response.status_code, OAI_RESPONSE_DATE.sub("", response.content.decode())


def export(tmp_path, name: str) -> bytes:
    out = tmp_path / name
    call_command("export_dictionary", str(out), "--format", "json")
    return out.read_bytes()


def comparable(exported: bytes) -> dict:
    document = json.loads(exported)
    for name in UNCOMPARABLE:
        document.pop(name)
    return document


def empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    cache.clear()


def import_file(path, *options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_dictionary", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_the_same_export_and_the_same_pages(tmp_path, client):
    build_dictionary()
    before, first = pages(client), export(tmp_path, "first.json")
    withdrawn = {"/entries/withdrawn-anna/": 410, "/entries/withdrawn-anna/editions/1/": 410}
    gone = {**withdrawn, "/entries/draft-person/": 404, "/entries/kibalchich-viktor/": 301}
    assert {url: before[url][0] for url in PAGES} == {url: gone.get(url, 200) for url in PAGES}
    assert "Ann Lee" in before["/entries/serge-victor/"][1]
    empty_database()
    assert not User.objects.exists()
    import_file(tmp_path / "first.json")
    second = export(tmp_path, "second.json")
    # Byte for byte, but for the export's own time in the first line.
    first_lines, second_lines = first.split(b"\n"), second.split(b"\n")
    assert first_lines[1:] == second_lines[1:]
    assert comparable(first) == comparable(second)
    after = pages(client)
    for url in PAGES:
        assert after[url] == before[url], url


@pytest.mark.django_db(transaction=True)
def test_import_restores_editions_workflows_and_approvers(tmp_path):
    built = build_dictionary()
    serge_editions = list(built["serge"].editions.values_list("fingerprint", "published_at"))
    states_before = dict(EntryWorkflow.objects.values_list("entry__slug", "state"))
    # A contributor's slug changed since the bylines froze it.
    Contributor.objects.filter(slug="museum-of-the-revolution").update(slug="museum")
    export(tmp_path, "first.json")
    empty_database()
    output = import_file(tmp_path / "first.json")
    assert (
        "'chief', who approved editions or saved revisions in the file, was not a user here: "
        in output
    )
    serge = Entry.objects.get(slug="serge-victor")
    assert list(serge.editions.values_list("fingerprint", "published_at")) == serge_editions
    current = serge.editions.get(is_current=True)
    assert current.number == 2 and current.approved_by is None  # republished by no one
    first = serge.editions.get(number=1)
    assert first.approved_by.username == "chief" and not first.approved_by.is_active
    assert not first.approved_by.has_usable_password()
    assert [c["display"] for c in first.byline] == ["Ann Lee", "Museum of the Revolution"]
    assert [item["slug"] for item in first.byline] == ["ann-lee", "museum-of-the-revolution"]
    assert sorted(first.credits.values_list("contributor__slug", flat=True)) == [
        "ann-lee", "museum",
    ]  # fmt: skip
    states = dict(EntryWorkflow.objects.values_list("entry__slug", "state"))
    assert states == states_before
    # Serge was changed after its current edition: a draft, as the edit left it.
    assert states["serge-victor"] == State.DRAFT and states["draft-person"] == State.DRAFT
    assert states["zinoviev-grigori"] == State.PUBLISHED
    assert states["withdrawn-anna"] == State.UNPUBLISHED
    assert ThemeListing.objects.filter(edition__is_current=True).count() == 2
    assert not ThemeListing.objects.filter(edition__is_current=False).exists()
    assert "Unpublished sentence" in serge.body and Edition.objects.current().count() == 2
    revision = serge.revision_records.get().revision  # one creation revision, by the import
    assert revision.get_comment() == f"Imported from {tmp_path / 'first.json'}"
    # New rows after the import take ids past those it kept (PostgreSQL's sequences moved).
    kept_entry, kept_work = (
        max(Entry.objects.values_list("pk", flat=True)),
        max(Work.objects.values_list("pk", flat=True)),
    )
    assert factories.make_entry("New, Entry").pk > kept_entry
    assert factories.make_work("New work").pk > kept_work


@pytest.mark.django_db
def test_import_refuses_a_database_with_content(tmp_path):
    build_dictionary()
    export(tmp_path, "first.json")
    counts = (Entry.objects.count(), Edition.objects.count(), Work.objects.count())
    with pytest.raises(CommandError, match="not empty .*6 entries.*--merge.*Nothing was imported"):
        import_file(tmp_path / "first.json")
    assert (Entry.objects.count(), Edition.objects.count(), Work.objects.count()) == counts


@pytest.mark.django_db
def test_merge_adds_what_is_missing_and_reports_what_differs(tmp_path):
    built = build_dictionary()
    export(tmp_path, "first.json")
    document = json.loads((tmp_path / "first.json").read_text())
    draft = next(r for r in document["entries"] if r["entry"]["slug"] == "draft-person")
    # Since the export: an editor revised Serge; a draft, a theme were deleted; a work changed.
    serge = built["serge"]
    factories.revise(serge, user=None, body="An editor's newer text.")
    Entry.objects.filter(slug="draft-person").delete()
    Theme.objects.filter(slug="unused-theme").delete()
    Work.objects.filter(title="Unconfirmed").update(publisher="Changed here")
    output = import_file(tmp_path / "first.json", "--merge")
    assert "entry 'serge-victor': body, cross_references differ here; kept" in output
    assert "work 'Unconfirmed': publisher differs here; kept as it is here." in output
    assert output.count("differs: ") == 2
    serge.refresh_from_db()
    assert serge.body == "An editor's newer text."  # never overwritten
    assert serge.editions.count() == 2
    restored = Entry.objects.get(slug="draft-person")
    assert restored.body == draft["entry"]["body"] and restored.pk != draft["id"]
    targets = dict(restored.outgoing_references.values_list("target_text", "target__slug"))
    # Resolved to the entry here, and to the homonym the export names.
    assert targets == {"Serge, Victor": "serge-victor", "Longman, Charles": "longman-charles-1852"}
    assert Theme.objects.filter(slug="unused-theme").exists()
    assert Work.objects.filter(title="Unconfirmed").count() == 1  # found by its key, not added
    assert Contributor.objects.count() == 2
    assert "Imported 1 entries" in output and "5 entries already here" in output


def write(tmp_path, text: str):
    path = tmp_path / "bad.json"
    path.write_text(text)
    return path


@pytest.mark.django_db
def test_bad_files_are_refused_saying_where(tmp_path):
    build_dictionary()
    export(tmp_path, "first.json")
    good = (tmp_path / "first.json").read_text()
    empty_database_keeping_nothing = Entry.objects.count()
    with pytest.raises(CommandError, match=r"bad.json: not valid JSON \(line 2, column"):
        import_file(write(tmp_path, good.replace('"themes": [', '"themes": [,', 1)))
    document = json.loads(good)
    document["version"] = 1
    with pytest.raises(CommandError, match="format version 1; this Headword reads version 2"):
        import_file(write(tmp_path, json.dumps(document)))
    document = json.loads(good)
    serge = next(
        i for i, r in enumerate(document["entries"]) if r["entry"]["slug"] == "serge-victor"
    )
    document["entries"][serge]["entry"]["entry_type"] = "dragon"
    with pytest.raises(
        CommandError,
        match=rf"at entries\[{serge}\]\.entry\.entry_type \(entry id \d+, 'serge-victor'\): "
        "'dragon' is not one of",
    ):
        import_file(write(tmp_path, json.dumps(document)))
    document = json.loads(good)
    document["entries"][serge]["entry"]["credits"][0]["contributor"] = "nobody"
    with pytest.raises(CommandError, match="entry 'serge-victor': names the contributor 'nobody'"):
        import_file(write(tmp_path, json.dumps(document)))
    document = json.loads(good)
    document["entries"][serge]["editions"][1]["content"]["body"] = "Line\u000bbreak"
    with pytest.raises(
        CommandError,
        match=rf"at entries\[{serge}\]\.editions\[1\]\.content\.body \(entry id \d+, "
        r"'serge-victor'\): an invisible control character, U\+000B",
    ):
        import_file(write(tmp_path, json.dumps(document)))
    document = json.loads(good)
    document["published_only"] = True
    with pytest.raises(CommandError, match="published-only export holds no working copies"):
        import_file(write(tmp_path, json.dumps(document)))
    assert Entry.objects.count() == empty_database_keeping_nothing


@pytest.mark.django_db(transaction=True)
def test_a_changed_edition_is_refused_and_nothing_is_written(tmp_path):
    build_dictionary()
    export(tmp_path, "first.json")
    document = json.loads((tmp_path / "first.json").read_text())
    record = next(r for r in document["entries"] if r["entry"]["slug"] == "serge-victor")
    record["editions"][0]["content"]["body"] = "Tampered with."
    empty_database()
    with pytest.raises(CommandError, match="Edition 1 of “Serge, Victor” does not give back"):
        import_file(write(tmp_path, json.dumps(document)))
    assert not Entry.objects.exists() and not Work.objects.exists() and not Theme.objects.exists()
    assert not User.objects.exists()  # the approver made on the way was rolled back too


@pytest.mark.django_db
def test_merge_finds_a_theme_by_name_and_refuses_a_row_that_conflicts(tmp_path):
    build_dictionary()
    export(tmp_path, "first.json")
    Theme.objects.filter(slug="russian-revolution").update(slug="revolution-1917")
    Entry.objects.filter(slug="draft-person").delete()
    output = import_file(tmp_path / "first.json", "--merge")
    assert "theme 'russian-revolution': slug differs here; kept as it is here." in output
    assert list(Theme.objects.values_list("slug", flat=True)) == ["revolution-1917", "unused-theme"]
    # A hand-edited file crediting someone twice in the same role: refused, nothing written.
    document = json.loads((tmp_path / "first.json").read_text())
    Entry.objects.filter(slug="draft-person").delete()
    draft = next(r for r in document["entries"] if r["entry"]["slug"] == "draft-person")
    draft["entry"]["credits"] = [
        {"contributor": "ann-lee", "role": "author", "order": n} for n in (0, 1)
    ]
    with pytest.raises(CommandError, match="a row conflicts with one here .*Nothing was imported"):
        import_file(write(tmp_path, json.dumps(document)), "--merge")
    assert not Entry.objects.filter(slug="draft-person").exists()


@pytest.mark.django_db(transaction=True)
def test_merge_gives_added_rows_new_ids_and_frozen_citations_the_works_here(tmp_path, client):
    build_dictionary()
    export(tmp_path, "first.json")
    document = json.loads((tmp_path / "first.json").read_text())
    zinoviev = next(r for r in document["entries"] if r["entry"]["slug"] == "zinoviev-grigori")
    zinoviev["workflow"] = "in_review"  # a review thread the export does not carry
    (tmp_path / "first.json").write_text(json.dumps(document))
    empty_database()
    factories.make_work("Memoirs", work_type=WorkType.BOOK, year=1951)  # the same work, by key
    factories.make_work("Older work")
    factories.make_entry("Older, Entry")
    output = import_file(tmp_path / "first.json", "--merge")
    assert "Imported 6 entries" in output and "0 entries already here" in output
    assert "work 'Memoirs': authors, note, url differ here" in output
    memoirs = Work.objects.get(title="Memoirs")
    serge = Entry.objects.get(slug="serge-victor")
    assert serge.editions.count() == 2
    cited = serge.editions.get(number=1).citations
    assert [c["work_id"] for c in cited if c["csl"]["title"] == "Memoirs"] == [memoirs.pk]
    assert {c["csl"]["id"] for c in cited} == {f"work-{c['work_id']}" for c in cited}
    assert client.get("/entries/serge-victor/editions/1/").status_code == 200
    assert EntryWorkflow.objects.get(entry__slug="zinoviev-grigori").state == State.DRAFT
    assert client.get("/entries/zinoviev-grigori/").status_code == 200  # still published


def _queries_to_import(tmp_path, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    empty_database()
    theme, person = factories.make_theme("Theme"), factories.make_contributor("Lee")
    for number in range(count):
        entry = factories.make_entry(f"Person {number}", body=f"See [[Person {number + 1}]].")
        with factories.revising(entry):
            entry.themes.add(theme)
            factories.credit(entry, person)
            factories.cite(entry, factories.make_work(f"Book {number}"))
        factories.publish(entry)
    export(tmp_path, f"{count}.json")
    empty_database()
    with CaptureQueriesContext(connection) as queries:
        import_file(tmp_path / f"{count}.json")
    return len(queries)


@pytest.mark.django_db(transaction=True)
def test_import_reads_and_writes_a_batch_at_a_time_not_row_by_row(tmp_path):
    assert _queries_to_import(tmp_path, 5) == _queries_to_import(tmp_path, 15)


@pytest.mark.django_db
def test_merging_an_export_into_its_own_database_changes_and_reports_nothing(tmp_path):
    build_dictionary()
    out = tmp_path / "history.json"
    call_command("export_dictionary", str(out), "--with-history")
    counts = (Entry.objects.count(), Edition.objects.count(), Work.objects.count())
    output = import_file(out, "--merge")
    assert "differs" not in output and "0 differences reported" in output
    assert (
        "Imported 0 entries, 0 editions, 0 works, 0 contributors, 0 themes and 0 history " in output
    )
    assert "history revisions were not imported (a merge imports none)" in output
    assert (Entry.objects.count(), Edition.objects.count(), Work.objects.count()) == counts


def _export_of_many(tmp_path, count: int):
    """An export of ``count`` entries (copies of Serge under new ids and slugs), written as
    export_dictionary writes: an item a line."""
    document = json.loads((tmp_path / "first.json").read_text())
    serge = next(r for r in document["entries"] if r["entry"]["slug"] == "serge-victor")
    path = tmp_path / f"many-{count}.json"
    head = {key: value for key, value in document.items() if key != "entries"}
    with path.open("w") as out:
        out.write(json.dumps(head)[:-1] + ', "entries": [')
        for number in range(count):
            copy = json.loads(json.dumps(serge))
            copy["id"], copy["entry"]["slug"] = 100_000 + number, f"serge-{number}"
            out.write(("\n" if number == 0 else ",\n") + json.dumps(copy))
        out.write("\n]}\n")
    return path


def _peak_memory(read) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_checking_and_reading_an_export_holds_one_entry_at_a_time_not_the_file(
    tmp_path, monkeypatch
):
    from editorial.loading import check_export, entry_records, reading, streaming

    monkeypatch.setattr(streaming, "CHUNK", 1 << 16)  # the file is read in many chunks
    build_dictionary()
    export(tmp_path, "first.json")
    small, large = _export_of_many(tmp_path, 100), _export_of_many(tmp_path, 1000)
    monkeypatch.setattr(reading, "PROGRESS_STEP", 250)
    told = []
    outline = check_export(large, progress=told.append)
    assert outline.entries == 1000 and not hasattr(outline, "document")
    assert told == [250, 500, 750]  # entries checked, as the pass goes
    records = entry_records(large)
    assert next(records)["entry"]["slug"] == "serge-0"  # read lazily, one by one
    assert next(records)["entry"]["slug"] == "serge-1"
    grown = large.stat().st_size - small.stat().st_size
    for read in (check_export, lambda path: sum(1 for _record in entry_records(path))):
        peak_small = _peak_memory(lambda read=read: read(small))
        peak_large = _peak_memory(lambda read=read: read(large))
        print(peak_small, peak_large, small.stat().st_size, large.stat().st_size)
        # The file grew tenfold; what is held grows by the entries' keys only (json.load
        # would hold several times the file).
        assert peak_large < large.stat().st_size / 4
        assert peak_large - peak_small < grown / 20


@pytest.mark.django_db(transaction=True)
def test_a_file_bad_at_its_last_entry_writes_nothing_and_names_the_place(tmp_path):
    build_dictionary()
    export(tmp_path, "first.json")
    document = json.loads((tmp_path / "first.json").read_text())
    last = len(document["entries"]) - 1
    record = document["entries"][last]
    record["editions"] = [json.loads(json.dumps(e)) for e in next(
        r for r in document["entries"] if r["entry"]["slug"] == "serge-victor"
    )["editions"]]  # fmt: skip
    del record["editions"][0]["content"]["byline"][1]["role"]
    path = _export_layout(tmp_path, document)
    empty_database()
    with pytest.raises(
        CommandError,
        match=rf"at entries\[{last}\]\.editions\[0\]\.content\.byline\[1\] \(entry id "
        rf"{record['id']}, '{record['entry']['slug']}'\): 'role' is a required property",
    ):
        import_file(path)
    assert not Entry.objects.exists() and not Work.objects.exists() and not Theme.objects.exists()


def _export_layout(tmp_path, document: dict):
    """``document`` written as export_dictionary writes it, an item a line."""
    path = tmp_path / "edited.json"
    head = {key: value for key, value in document.items() if key != "entries"}
    lines = [json.dumps(record) for record in document["entries"]]
    path.write_text(json.dumps(head)[:-1] + ', "entries": [\n' + ",\n".join(lines) + "\n]}\n")
    return path


def _working_copies() -> dict[str, dict]:
    from dictionary.exporting.batches import WorkingRows
    from dictionary.exporting.json_format import working_copy

    entries = list(Entry.objects.all())
    rows = WorkingRows({"entry_id__in": [entry.pk for entry in entries]})
    copies = {entry.slug: working_copy(entry, rows) for entry in entries}
    for copy in copies.values():
        copy.pop("updated_at")  # a revert saves the entry: its time is now
    return copies


def _revert_second(slug: str) -> dict[str, dict]:
    """Revert the entry's second revision with reversion's own API (the first, which had no
    credits, would delete its contributors, which editions protect); the working copies
    after."""
    from reversion.models import Version

    entry = Entry.objects.get(slug=slug)
    Version.objects.get_for_object(entry).order_by("revision_id")[1].revision.revert(delete=True)
    return _working_copies()


@pytest.mark.django_db(transaction=True)
def test_history_is_imported_and_reversion_reverts_it_as_it_did_where_it_was_made(tmp_path):
    from reversion.models import Version

    from editorial.models import EntryRevision

    build_dictionary()
    out = tmp_path / "history.json"
    call_command("export_dictionary", str(out), "--with-history")
    first = json.loads(out.read_text())
    serge = Entry.objects.get(slug="serge-victor")
    saved = [
        (version.field_dict["body"], version.revision.get_comment(), version.revision.user)
        for version in Version.objects.get_for_object(serge).order_by("revision_id")
    ]
    assert len(saved) >= 3  # created, revised (themes, credits, citations), published twice, ...
    # What reverting its second revision gives where the history was made.
    expected = _revert_second("serge-victor")
    assert expected["serge-victor"]["body"] == saved[1][0] != serge.body
    empty_database()
    output = import_file(out)
    revisions = sum(len(record["history"]) for record in first["entries"])
    assert f"and {revisions} history revisions in" in output
    assert "were not imported" not in output
    # The export again: each entry's history is the file's, then the import's own revision.
    call_command("export_dictionary", str(tmp_path / "again.json"), "--with-history")
    again = json.loads((tmp_path / "again.json").read_text())
    assert [record["id"] for record in again["entries"]] == [r["id"] for r in first["entries"]]
    for before, after in zip(first["entries"], again["entries"], strict=True):
        assert after["history"][:-1] == before["history"]
        assert after["history"][-1]["comment"] == f"Imported from {out}"
        assert {key: value for key, value in after.items() if key != "history"} == {
            key: value for key, value in before.items() if key != "history"
        }
    # Reversion's API reads the imported revisions: the same saves, by the same people.
    serge = Entry.objects.get(slug="serge-victor")
    versions = list(Version.objects.get_for_object(serge).order_by("revision_id"))
    assert [
        (
            v.field_dict["body"],
            v.revision.get_comment(),
            v.revision.user and v.revision.user.username,
        )
        for v in versions[:-1]
    ] == [(body, comment, user and user.username) for body, comment, user in saved]
    assert versions[-1].revision.get_comment() == f"Imported from {out}"  # the latest
    assert all(
        EntryRevision.objects.get(revision=v.revision).entry_id == serge.pk for v in versions
    )
    # Reverting the second revision here gives what it gave where it was made (the body and
    # inline references of then), and changes no other entry.
    assert _revert_second("serge-victor") == expected
    # New rows take ids past those the history's rows kept: a later revert cannot take them.
    highest = max(
        row["pk"]
        for record in first["entries"]
        for revision in record["history"]
        for row in revision["followed"]
        if row["model"] == "dictionary.crossreference"
    )
    new = factories.make_entry("New, Entry", body="See [[Serge, Victor]].")
    assert new.outgoing_references.get().pk > highest


@pytest.mark.django_db(transaction=True)
def test_works_sharing_a_title_and_year_are_each_imported_and_cited_as_they_were(tmp_path):
    entry = factories.make_entry("Serge, Victor")
    ours = factories.make_work("Memoirs", year=1951, place="Paris")
    theirs = factories.make_work("Memoirs", year=1951, place="London")
    with factories.revising(entry):
        factories.cite(entry, theirs)
    first = export(tmp_path, "first.json")
    empty_database()
    import_file(tmp_path / "first.json")
    assert sorted(Work.objects.values_list("pk", "place")) == [
        (ours.pk, "Paris"),
        (theirs.pk, "London"),
    ]
    assert Entry.objects.get().citations.get().work.place == "London"
    assert export(tmp_path, "second.json").split(b"\n")[1:] == first.split(b"\n")[1:]
