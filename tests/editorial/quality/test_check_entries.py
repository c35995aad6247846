"""``check_entries``: text and JSON output, the summary, progress, storing, chunks."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from editorial.quality.models import Finding
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    factories.make_entry("Communist Party of the Soviet Union (CPSU)")
    factories.make_entry("Serge, Victor", body="He left Stalin’s CSPU in 1927.")
    factories.make_entry("Serge, Viktor", body="Gray .")
    for number in range(5):
        factories.make_entry(f"Clean {number}", body="Nothing to see.")


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("check_entries", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_lists_each_finding_and_a_summary(entries):
    out, err = _run("--format", "json", "--chunk-size", "3")
    report = json.loads(out)
    found = {(item["entry"], item["check"]) for item in report["findings"]}
    assert found == {
        ("Serge, Victor", "abbreviation"),
        ("Serge, Viktor", "space-before-punctuation"),
        ("Serge, Viktor", "similar-headword"),
    }
    assert report["summary"]["entries"] == 8 and report["summary"]["findings"] == 3
    assert report["summary"]["by_check"]["abbreviation"] == 1
    assert "checked 3/8 entries" in err and "checked 8/8 entries" in err
    assert Finding.objects.count() == 3


def test_text_output_names_entry_place_and_fix(entries):
    out, _ = _run()
    assert "Serge, Victor [serge-victor] abbreviation: “He left Stalin’s CSPU in 1927.”" in out
    assert "8 entries checked, 3 findings" in out


def test_no_store_leaves_the_findings_alone(entries):
    _run("--no-store")
    assert not Finding.objects.exists()


def test_queries_grow_with_chunks_not_entries(entries, django_assert_max_num_queries):
    # Per chunk: entries, citations, references, published, dismissals, delete, insert.
    with django_assert_max_num_queries(8 * 3 + 6):
        _run("--chunk-size", "3")
