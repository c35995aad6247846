"""Signed entries leave whole: the byline in the API, OAI-PMH, JSON, CSV and TEI."""

import csv
import io
import json

import pytest
from lxml import etree

from dictionary.models.contributors import CreditRole
from tests import factories
from tests.dictionary.exporting.test_export import LEX0, TEI, export, valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(db):
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body="A revolutionary.")
    factories.credit(entry, factories.make_contributor("Lee", given="Ann"), order=0)
    translator = factories.make_contributor("Roe", given="Tom")
    factories.credit(entry, translator, role=CreditRole.TRANSLATOR, order=1)
    factories.publish(entry)
    return entry


def test_the_api_gives_the_frozen_byline(client, signed):
    byline = client.get("/api/v1/entries/serge-victor/").json()["byline"]
    assert [(item["display"], item["role"]) for item in byline] == [
        ("Ann Lee", "author"),
        ("Tom Roe", "translator"),
    ]
    assert client.get("/api/v1/entries/", {"contributor": byline[0]["slug"]}).json()["count"] == 1


def test_oai_names_authors_as_creators(client, signed):
    root = etree.fromstring(
        client.get(
            "/oai/",
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": f"oai:headword:entry/{signed.pk}",
            },  # fmt: skip
        ).content
    )
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert root.xpath("//dc:creator/text()", namespaces=dc) == ["Ann Lee"]
    assert root.xpath("//dc:contributor/text()", namespaces=dc) == ["Tom Roe"]


def test_exports_carry_the_byline(tmp_path, signed):
    document = valid(json.loads(export(tmp_path, "--format", "json")))
    byline = document["entries"][0]["editions"][0]["content"]["byline"]
    assert [item["role"] for item in byline] == ["author", "translator"]
    rows = list(csv.DictReader(io.StringIO(export(tmp_path, "--format", "csv").decode())))
    assert rows[0]["authors"] == "Ann Lee (author); Tom Roe (translator)"
    root = etree.fromstring(export(tmp_path, "--format", "tei"))
    assert LEX0.validate(root), LEX0.error_log
    assert root.findtext(".//tei:bibl[@type='byline']/tei:author", namespaces=TEI) == "Ann Lee"


def test_about_page_links_the_downloads_api_and_oai(client, db):
    page = client.get("/about/").content.decode()
    assert "/downloads/" in page and "/api/v1/docs/" in page and "/oai/?verb=Identify" in page
