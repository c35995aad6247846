"""OAI-PMH 2.0: the six verbs, oai_dc records of current editions, tokens and errors."""

import pytest
from lxml import etree

from dictionary.oai import views
from tests import factories

pytestmark = pytest.mark.django_db

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}


def harvest(client, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_code(root) -> str | None:
    element = root.find("o:error", NS)
    return None if element is None else element.get("code")


@pytest.fixture
def dictionary(db):
    theme = factories.make_theme("Labour movement")
    serge = factories.make_published(
        "Serge, Victor", dates="1890–1947", body="A revolutionary.", themes=[theme]
    )
    factories.make_published("Zinoviev, Grigori", dates="1883–1936")
    factories.make_entry("Draft, Person", body="Unpublished.")
    return serge


def test_identify_names_the_repository(client, dictionary, settings):
    root = harvest(client, verb="Identify")
    assert root.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"
    assert root.findtext("o:Identify/o:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert root.findtext("o:Identify/o:repositoryName", namespaces=NS) == settings.HEADWORD_TITLE
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_and_sets(client, dictionary):
    root = harvest(client, verb="ListMetadataFormats")
    prefixes = root.xpath("//o:metadataPrefix/text()", namespaces=NS)
    assert prefixes == ["oai_dc"]
    root = harvest(client, verb="ListSets")
    assert root.xpath("//o:setSpec/text()", namespaces=NS) == ["labour-movement"]


def test_get_record_is_the_current_edition_in_dublin_core(client, dictionary):
    factories.revise(dictionary, user=None, body="An unpublished change.")
    identifier = f"oai:headword:entry/{dictionary.pk}"
    root = harvest(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == "Serge, Victor"
    assert dc.findtext("dc:description", namespaces=NS) == "A revolutionary."
    assert dc.findtext("dc:subject", namespaces=NS) == "Labour movement"
    assert dc.findtext("dc:identifier", namespaces=NS).endswith("/entries/serge-victor/")
    assert root.findtext(".//o:header/o:setSpec", namespaces=NS) == "labour-movement"


def test_lists_hold_only_current_editions_and_resume_with_tokens(client, db, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for number in range(5):
        factories.make_published(f"Person {number}")
    factories.make_entry("Draft, Person")
    seen, token, pages = [], None, 0
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        root = harvest(client, verb="ListRecords", **params)
        seen += root.xpath("//dc:title/text()", namespaces=NS)
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        pages += 1
        if not token:
            break
    assert sorted(seen) == [f"Person {number}" for number in range(5)] and pages == 3
    identifiers = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert len(identifiers.findall(".//o:header", NS)) == 2


def test_lists_filter_by_set_and_dates(client, dictionary):
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="labour-movement")
    assert root.xpath("//o:identifier/text()", namespaces=NS) == [
        f"oai:headword:entry/{dictionary.pk}"
    ]
    stamp = root.findtext(".//o:datestamp", namespaces=NS)
    same = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=stamp)
    assert len(same.findall(".//o:header", NS)) >= 1
    later = harvest(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2999-01-01"}
    )
    assert error_code(later) == "noRecordsMatch"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "resumptionToken": "garbage!"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "x:1", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "nothing"}, "noRecordsMatch"),
    ],
)  # fmt: skip
def test_errors_are_oai_errors(client, dictionary, params, code):
    root = harvest(client, **params)
    assert error_code(root) == code


def test_a_draft_is_no_record(client, dictionary):
    from dictionary.models import Entry

    draft = Entry.objects.get(headword="Draft, Person")
    root = harvest(
        client,
        verb="GetRecord",
        identifier=f"oai:headword:entry/{draft.pk}",
        metadataPrefix="oai_dc",
    )
    assert error_code(root) == "idDoesNotExist"


def test_harvesters_may_post(client, dictionary):
    response = client.post("/oai/", {"verb": "Identify"})
    assert b"<protocolVersion>2.0</protocolVersion>" in response.content


def test_list_records_query_count(client, dictionary, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
