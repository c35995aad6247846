"""The XML of OAI-PMH answers: the envelope, headers, and oai_dc records of editions."""

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from lxml import etree

from ..models.contributors import AUTHOR_ROLES
from ..publication import absolute_url

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
ID_PREFIX = "oai:headword:entry/"


def oai(name: str) -> str:
    return f"{{{OAI_NS}}}{name}"


def datestamp(moment: datetime) -> str:
    """A UTC datestamp at the repository's granularity, seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def identifier(entry_id: int) -> str:
    """The record's OAI identifier: the entry's id, which a rename does not change."""
    return f"{ID_PREFIX}{entry_id}"


def envelope(request, arguments: dict) -> tuple[etree._Element, etree._Element]:
    """The <OAI-PMH> root with responseDate and request; returns (root, request element)."""
    root = etree.Element(oai("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    etree.SubElement(root, oai("responseDate")).text = datestamp(datetime.now(UTC))
    asked = etree.SubElement(root, oai("request"), arguments)
    asked.text = request.build_absolute_uri(request.path)
    return root, asked


def error(root, code: str, message: str) -> None:
    etree.SubElement(root, oai("error"), code=code).text = message


def header(parent, edition, theme_slugs: list[str]) -> None:
    element = etree.SubElement(parent, oai("header"))
    etree.SubElement(element, oai("identifier")).text = identifier(edition.entry_id)
    etree.SubElement(element, oai("datestamp")).text = datestamp(edition.published_at)
    for slug in theme_slugs:
        etree.SubElement(element, oai("setSpec")).text = slug


def record(parent, edition, themes: list) -> None:
    """A <record>: its header, and the edition in Dublin Core."""
    element = etree.SubElement(parent, oai("record"))
    header(element, edition, [theme.slug for theme in themes])
    metadata = etree.SubElement(element, oai("metadata"))
    metadata.append(dublin_core(edition, themes))


def _credit_element(item: dict) -> str:
    """Authors are creators; revisers and translators are contributors."""
    return "creator" if item.get("role") in AUTHOR_ROLES else "contributor"


def dublin_core(edition, themes: list) -> etree._Element:
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    url = absolute_url(reverse("dictionary:entry_detail", kwargs={"slug": edition.slug}))
    fields = [
        ("title", edition.headword),
        *((_credit_element(item), item.get("display", "")) for item in edition.byline),
        ("type", "Text"),
        ("type", f"Encyclopedia entry: {edition.get_entry_type_display().lower()}"),
        ("description", edition.summary),
        ("coverage", edition.dates),
        ("publisher", settings.HEADWORD_PUBLISHER),
        ("date", edition.published_at.date().isoformat()),
        ("identifier", url),
        ("source", settings.HEADWORD_TITLE),
        ("language", "en"),
        *(("subject", theme.name) for theme in themes),
        *(("relation", f"Also known as: {alias}") for alias in edition.aliases),
    ]
    for name, value in fields:
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
    return root
