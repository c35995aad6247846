"""export_dictionary: JSON valid against its schema, CSV a row per entry, TEI valid Lex-0."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from lxml import etree

from dictionary.exporting import json_format
from dictionary.models import CitationRole, Entry, ReferenceKind, Theme, Work, WorkType
from tests import factories
from tests.dictionary.test_no_leak import SECRETS, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).parents[3]
SCHEMA = json.loads(json_format.SCHEMA_PATH.read_text())
LEX0 = etree.RelaxNG(etree.parse(str(ROOT / "tests" / "data" / "TEILex0.rng")))
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


def export(tmp_path, *options) -> bytes:
    out = tmp_path / "export.out"
    call_command("export_dictionary", str(out), *options)
    return out.read_bytes()


def valid(document: dict) -> dict:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.validate(document, SCHEMA, format_checker=checker)
    return document


@pytest.fixture
def serge(db, editor):
    theme = factories.make_theme("Russian Revolution")
    factories.make_published("Zinoviev, Grigori", dates="1883–1936")
    entry = factories.make_entry(
        "Serge, Victor",
        dates="c. 1890–1947",
        body="A *revolutionary*; see [[Zinoviev, Grigori|Zinoviev]] and [[Wanted, Person]].",
        aliases=("Kibalchich, Viktor",),
    )
    entry.themes.add(theme)
    memoirs = factories.make_work(
        "Memoirs",
        work_type=WorkType.BOOK,
        authors=[{"family": "Serge", "given": "Victor"}],
        year=1951,
        url="https://example.org/memoirs",
    )
    factories.cite(entry, memoirs, role=CitationRole.WORK_BY_SUBJECT, locator="p. 3")
    entry.outgoing_references.create(target_text="Radek, Karl", kind=ReferenceKind.SEE_ALSO)
    factories.publish(entry, user=editor, summary="First")
    factories.republish(entry, summary="Second", body="A *revolutionary*, [[Zinoviev, Grigori]].")
    return entry


def test_json_export_is_valid_and_keeps_every_field(tmp_path, serge):
    document = valid(json.loads(export(tmp_path, "--format", "json")))
    assert document["format"] == "headword-dictionary" and document["version"] == 2
    record = next(e for e in document["entries"] if e["id"] == serge.pk)
    copy = record["entry"]
    assert copy["headword"] == "Serge, Victor" and copy["dates"] == "c. 1890–1947"
    assert copy["aliases"] == [{"name": "Kibalchich, Viktor", "slug": "kibalchich-viktor",
                                "kind": "variant"}]  # fmt: skip
    assert copy["themes"] == ["russian-revolution"]
    work = document["works"][0]
    assert work["title"] == "Memoirs" and copy["citations"][0]["work"] == work["id"]
    targets = {(ref["target"], ref["target_slug"]) for ref in copy["cross_references"]}
    assert ("Zinoviev, Grigori", "zinoviev-grigori") in targets  # resolved
    assert ("Radek, Karl", None) in targets  # wanted
    first, second = record["editions"]
    assert (first["number"], first["is_current"], first["approved_by"]) == (1, False, "editor")
    assert second["is_current"] and second["change_summary"] == "Second"
    assert first["content"]["body"].endswith("[[Wanted, Person]].")
    assert "history" not in record


def test_json_export_with_history_carries_the_revisions(tmp_path, serge):
    document = valid(json.loads(export(tmp_path, "--with-history")))
    record = next(e for e in document["entries"] if e["id"] == serge.pk)
    assert len(record["history"]) >= 2
    assert record["history"][0]["data"][0]["model"] == "dictionary.entry"
    # Each revision lists the rows it recorded with the entry, which a revert writes back.
    latest = record["history"][-1]
    followed = {(row["model"], row["pk"]) for row in latest["followed"]}
    rows = [("alias", serge.aliases), ("crossreference", serge.outgoing_references)]
    rows += [("citation", serge.citations), ("work", Work.objects.filter(citations__entry=serge))]
    for model, queryset in rows:
        stored = {(f"dictionary.{model}", pk) for pk in queryset.values_list("pk", flat=True)}
        assert stored and stored <= followed, model
    assert len(followed) == len(latest["followed"])
    assert "dictionary.entry" not in {model for model, _pk in followed}
    # The history names themes by id: the export gives them.
    assert [theme["id"] for theme in document["themes"]] == list(
        Theme.objects.values_list("pk", flat=True)
    )


def test_published_only_export_holds_nothing_unpublished(tmp_path, world):  # noqa: F811
    for fmt in ("json", "csv", "tei"):
        text = export(tmp_path, "--format", fmt, "--published-only").decode()
        for secret in SECRETS:
            assert secret not in text, (fmt, secret)
    document = valid(json.loads(export(tmp_path, "--published-only")))
    assert {record["entry"] for record in document["entries"]} == {None}
    assert sorted(r["editions"][0]["content"]["slug"] for r in document["entries"]) == [
        "other-entry", "public-entry", "revised-person",
    ]  # fmt: skip
    public = next(r for r in document["entries"] if r["id"] == world["public"].pk)
    assert "a colleague" in public["editions"][0]["content"]["body"]
    assert public["editions"][0]["approved_by"] is None


def test_csv_export_is_a_row_per_entry(tmp_path, serge):
    factories.make_entry("Draft, Person")
    rows = list(csv.DictReader(io.StringIO(export(tmp_path, "--format", "csv").decode())))
    assert [row["headword"] for row in rows] == ["Zinoviev, Grigori", "Serge, Victor",
                                                 "Draft, Person"]  # fmt: skip
    serge_row = rows[1]
    assert serge_row["dates"] == "c. 1890–1947" and serge_row["start_year"] == "1890"
    assert serge_row["aliases"] == "Kibalchich, Viktor" and serge_row["current_edition"] == "2"
    assert serge_row["url"].endswith("/entries/serge-victor/")
    assert rows[2]["current_edition"] == "" and rows[2]["url"] == ""


def test_tei_export_is_valid_tei_lex0(tmp_path, serge):
    root = etree.fromstring(export(tmp_path, "--format", "tei"))
    assert LEX0.validate(root), LEX0.error_log
    entries = root.findall(".//tei:entry", TEI)
    assert len(entries) == 2
    ref = root.find(".//tei:entry[@{http://www.w3.org/XML/1998/namespace}id='entry-serge-victor']"
                    "//tei:def/tei:ref", TEI)  # fmt: skip
    assert ref.get("target") == "#entry-zinoviev-grigori"
    bibl = root.find(".//tei:listBibl[@type='by-subject']/tei:bibl", TEI)
    assert bibl.findtext("tei:title", namespaces=TEI) == "Memoirs"
    assert bibl.findtext("tei:citedRange", namespaces=TEI) == "p. 3"


def test_tei_export_of_the_demo_seeds_and_a_generated_dictionary_is_valid(tmp_path, db):
    call_command("import_seeds", str(ROOT / "seeds"), themes=str(ROOT / "seeds" / "themes.list"))
    demo = etree.fromstring(export(tmp_path, "--format", "tei"))
    assert LEX0.validate(demo), LEX0.error_log
    demo_count = len(demo.findall(".//tei:entry", TEI))
    assert demo_count == Entry.objects.filter(editions__is_current=True).count() > 30
    call_command("generate_entries", "1000", "--revisions", "1")
    generated = etree.fromstring(export(tmp_path, "--format", "tei"))
    assert LEX0.validate(generated), LEX0.error_log
    assert len(generated.findall(".//tei:entry", TEI)) >= demo_count + 900


def test_export_reads_in_batches_not_per_entry(tmp_path, db, django_assert_max_num_queries):
    theme = factories.make_theme("Theme")
    for number in range(30):
        factories.make_published(f"Person {number}", aliases=(f"Alias {number}",), themes=[theme])
        factories.make_entry(f"Draft {number}", aliases=(f"Draft alias {number}",))
    with django_assert_max_num_queries(20):
        export(tmp_path, "--format", "json")
    with django_assert_max_num_queries(21):
        export(tmp_path, "--format", "json", "--with-history")
    for fmt in ("csv", "tei"):
        with django_assert_max_num_queries(20):
            export(tmp_path, "--format", fmt)


def test_schema_names_this_version():
    assert SCHEMA["properties"]["version"]["const"] == json_format.FORMAT_VERSION


def test_json_export_carries_contributors_credits_and_edtf_dates(tmp_path, serge):
    person = factories.make_contributor("Lee", given="Ann", orcid="0000-0002-1825-0097")
    with factories.revising(serge):
        factories.credit(serge, person, role="reviser", order=2)
    factories.publish(serge, summary="Signed")
    document = valid(json.loads(export(tmp_path, "--format", "json")))
    assert document["contributors"] == [
        {"id": person.pk, "slug": "ann-lee", "given": "Ann", "family": "Lee", "particle": "",
         "suffix": "", "literal": "", "orcid": "0000-0002-1825-0097", "affiliation": "",
         "biography": ""},
    ]  # fmt: skip
    record = next(e for e in document["entries"] if e["id"] == serge.pk)
    copy, third = record["entry"], record["editions"][2]
    assert copy["credits"] == [{"contributor": "ann-lee", "role": "reviser", "order": 2}]
    assert copy["dates_edtf"] == "1890~/1947" and third["content"]["dates_edtf"] == "1890~/1947"
    assert third["content"]["byline"] == [
        {"contributor": "ann-lee", "slug": "ann-lee", "name": {"family": "Lee", "given": "Ann"},
         "display": "Ann Lee", "inverted": "Lee, Ann", "role": "reviser"},
    ]  # fmt: skip
    assert third["fingerprint"] == serge.editions.get(number=3).fingerprint
    zinoviev = next(r for r in third["content"]["references"] if r["target"] == "Zinoviev, Grigori")
    assert zinoviev["target_slug"] == "zinoviev-grigori"
    assert record["withdrawn_at"] is None


def test_csv_export_reads_only_current_editions(serge):
    from dictionary.exporting.batches import entry_batches

    (batch,) = entry_batches(published_only=False, current_only=True)
    assert [e.number for e in batch.editions[serge.pk]] == [2]
    (batch,) = entry_batches(published_only=False)
    assert [e.number for e in batch.editions[serge.pk]] == [1, 2]
