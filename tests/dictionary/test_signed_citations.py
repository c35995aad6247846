"""The seed's Serge entry, signed by its source's authors, on its page and in every format;
the BibTeX downloads read by bibtexparser 1.x and 2.x and pybtex, CSL-JSON by its schema."""

import json
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import jsonschema
import pybtex.database
import pytest
from django.utils import timezone

from editorial.importing import import_seed_documents

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_83003cf4bcb618d8.txt"
CSL_SCHEMA = json.loads((ROOT / "tests" / "data" / "csl-data.json").read_text())
# Installed by the Makefile beside the virtualenv (bibtexparser 2.x has the same name).
BIBTEXPARSER1 = ROOT / ".venv" / "bibtexparser1"


@pytest.fixture
def serge(settings):
    settings.HEADWORD_EDITORS = "Ann Lee and Tom Roe"
    import_seed_documents(paths=[SEED])


def download(client, name):
    response = client.get(f"/entries/serge-victor/{name}")
    assert response.status_code == 200, name
    return response.content.decode()


def test_the_page_is_signed_by_david_walker_and_daniel_gray(client, serge):
    page = download(client, "")
    byline = re.search(r'<p class="byline">(.*?)</p>', page).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "By David Walker and Daniel Gray"
    cite = re.sub(r"<[^>]+>", "", page[page.index('id="cite"') :])
    assert cite.count("Walker, David, and Daniel Gray. “Serge, Victor.”") == 2  # Chicago, MLA
    assert "Walker, D., &amp; Gray, D." in cite  # APA


def test_bibtex_names_both_authors_and_every_reader_accepts_it(client, serge):
    text = download(client, "cite.bib")
    assert "author = {Walker, David and Gray, Daniel}" in text
    assert "editor = {Lee, Ann and Roe, Tom}" in text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "incollection"
    assert {"year", "author", "booktitle", "editor", "publisher", "url", "note"} <= set(
        entry.fields_dict
    )
    parsed = pybtex.database.parse_string(text, "bibtex")
    [(key, record)] = parsed.entries.items()
    assert [str(person) for person in record.persons["author"]] == [
        "Walker, David",
        "Gray, Daniel",
    ]
    assert record.fields["year"] == str(timezone.localdate().year)
    old = _bibtexparser1_reads(text)
    assert (old["ENTRYTYPE"], old["ID"], old["author"]) == (
        "incollection",
        key,
        "Walker, David and Gray, Daniel",
    )
    assert old["year"] == record.fields["year"] and old["url"] == record.fields["url"]


def _bibtexparser1_reads(text: str) -> dict:
    """The record as bibtexparser 1.x reads it, in a process of its own (the two versions
    share a module name)."""
    assert (BIBTEXPARSER1 / "bibtexparser").is_dir(), "run make test (it installs 1.x)"
    script = (
        "import json, sys, bibtexparser\n"
        "assert bibtexparser.__version__.startswith('1.'), bibtexparser.__version__\n"
        "entries = bibtexparser.loads(sys.stdin.read()).entries\n"
        "print(json.dumps(entries))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=text,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(BIBTEXPARSER1)},
        check=True,
    )
    [entry] = json.loads(result.stdout)
    return entry


def test_biblatex_ris_and_csl_json_name_both_authors(client, serge):
    biblatex = download(client, "cite.biblatex")
    assert (
        biblatex.startswith("@inreference{")
        and "author = {Walker, David and Gray, Daniel}" in biblatex
    )
    ris = download(client, "cite.ris").split("\r\n")
    assert [line for line in ris if line[:2] in ("AU", "A2")] == [
        "AU  - Walker, David",
        "AU  - Gray, Daniel",
        "A2  - Lee, Ann",
        "A2  - Roe, Tom",
    ]
    items = json.loads(download(client, "cite.json"))
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["author"] == [
        {"family": "Walker", "given": "David"},
        {"family": "Gray", "given": "Daniel"},
    ]
    assert items[0]["editor"] == [
        {"family": "Lee", "given": "Ann"},
        {"family": "Roe", "given": "Tom"},
    ]


def test_every_download_carries_the_editions_fingerprint(client, serge):
    from dictionary.models import Edition

    fingerprint = Edition.objects.get().fingerprint
    for name in ("cite.bib", "cite.biblatex", "cite.ris", "cite.json"):
        assert fingerprint in download(client, name), name


def test_the_page_head_has_highwire_dublin_core_and_json_ld_authors(client, serge):
    page = download(client, "")
    meta = re.findall(r'<meta name="([^"]+)" content="([^"]*)">', page)
    assert ("citation_title", "Serge, Victor") in meta
    assert [content for name, content in meta if name == "citation_author"] == [
        "Walker, David",
        "Gray, Daniel",
    ]
    assert [content for name, content in meta if name == "DC.creator"] == [
        "Walker, David",
        "Gray, Daniel",
    ]
    names = {name for name, _content in meta}
    assert {
        "citation_publication_date",
        "citation_online_date",
        "citation_publisher",
        "citation_inbook_title",
        "citation_public_url",
        "DC.date",
        "DC.publisher",
    } <= names
    assert ("citation_public_url", "http://testserver/entries/serge-victor/editions/1/") in meta
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(raw)["author"] == [
        {"@type": "Person", "name": "David Walker"},
        {"@type": "Person", "name": "Daniel Gray"},
    ]


def test_the_atom_feed_names_every_author(client, serge):
    feed = client.get("/feed/").content.decode()
    assert re.findall(r"<author><name>([^<]+)</name></author>", feed) == [
        "David Walker",
        "Daniel Gray",
    ]
