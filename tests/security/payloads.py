"""Hostile text typed into every field an editor controls, and the checks that it stays text.

Each payload holds ``TAG``, replaced per payload and field (``p03hw``: payload 3, headword),
so a leak says which field it came from. ``build_dictionary`` enters each payload through
the services the admin uses and publishes it through review; ``problems_in`` says what a
response did wrong.
"""

import json
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from lxml import etree

from dictionary.models import Alias, CitationRole, Contributor, Entry, Theme, Work
from editorial import services
from tests import factories

PAYLOADS = [
    "<script>alert('TAG')</script>",
    "<img src=x onerror=alert('TAG')>",
    '"><svg onload=alert("TAG")>',
    "' onmouseover='alert(1)' data-x='TAG",
    "javascript:alert('TAG')",
    "[TAG](javascript:alert(1))",
    "[[TAG|<b onclick=alert(1)>x</b>]]",
    "[[javascript:alert('TAG')]] [[TAG|[[nested]]]]",
    "*<i onclick=alert(1)>TAG</i>*",
    "</title><script>alert('TAG')</script>",
    "</script><script>alert('TAG')</script>",
    "]]></content><script>alert('TAG')</script>",
    "&lt;script&gt;alert('TAG')&lt;/script&gt;",
    "TAG\u202egpj.exe \u2066x\u2069",
    "\u200bTAG\ufeff \u2028 \u2029",
    "<a href=\"javascript:alert('TAG')\">x</a>",
    "<iframe srcdoc=\"<script>alert('TAG')</script>\"></iframe>",
    '{{ TAG }}{% now "Y" %}${TAG}',
    "<style>@import 'https://evil.example/TAG';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('TAG')>",
    "\\*TAG\\* [[ ]] [[|]] [[TAG|]] [TAG]: javascript:alert(1)",
    # A URL the URL validator accepts (a work's link), breaking out of an href.
    "https://evil.example/?\"><svg/onload=alert('TAG')>",
]

# Where each field is set, by a short code used in the tags.
ENTRY_FIELDS = {"hw": "headword", "dt": "dates", "bd": "body"}
THEME_FIELDS = {"tn": "name", "td": "description"}
WORK_FIELDS = {
    "wt": "title",
    "wp": "publisher",
    "wl": "place",
    "wc": "container_title",
    "wv": "volume",
    "wi": "issue",
    "wg": "pages",
    "wd": "doi",
    "wb": "isbn",
    "wu": "url",
    "wn": "note",
}
CONTRIBUTOR_FIELDS = {"cf": "family", "cg": "given", "ca": "affiliation", "cb": "biography"}
OTHER_FIELDS = {
    "al": (Alias, "name"),
    "wa": (Work, "title"),  # a CSL author's name: free text like a title
    "lc": (None, "locator"),
    "sm": (None, "summary"),
    "ms": (None, "message"),
    "rc": (None, "comment"),
}


@dataclass
class Planted:
    """One payload's dictionary: the values that were accepted, by tag, and the addresses."""

    values: dict[str, str]
    entry: Entry
    theme: Theme
    contributor: Contributor
    work: Work


def _accepted(model, field_name: str, value: str) -> bool:
    """Whether the admin's form would take the value (length, URL and text validators)."""
    if model is None:
        return True
    try:
        model._meta.get_field(field_name).clean(value, None)
    except ValidationError:
        return False
    return True


def _values(index: int, payload: str, codes: dict[str, tuple]) -> dict[str, str]:
    values = {}
    for code, (model, field_name) in codes.items():
        tag = f"p{index:02d}{code}"
        value = payload.replace("TAG", tag)
        if _accepted(model, field_name, value):
            values[tag] = value
    return values


def _field(values: dict[str, str], index: int, code: str, default: str = "") -> str:
    return values.get(f"p{index:02d}{code}", default)


def _all_codes() -> dict[str, tuple]:
    codes = {code: (Entry, name) for code, name in ENTRY_FIELDS.items()}
    codes |= {code: (Theme, name) for code, name in THEME_FIELDS.items()}
    codes |= {code: (Work, name) for code, name in WORK_FIELDS.items()}
    codes |= {code: (Contributor, name) for code, name in CONTRIBUTOR_FIELDS.items()}
    return codes | OTHER_FIELDS


def plant(index: int, payload: str, *, editor, reviewer) -> Planted:
    """Enter one payload everywhere an editor types, then submit, comment and approve."""
    values = _values(index, payload, _all_codes())

    def value(code: str, default: str = "") -> str:
        return _field(values, index, code, default)

    theme = factories.make_theme(
        value("tn", f"Theme {index}"), slug=f"theme-{index}", description=value("td")
    )
    contributor = factories.make_contributor(
        value("cf", f"Writer{index}"),
        given=value("cg", "Ada"),
        affiliation=value("ca"),
        biography=value("cb"),
    )
    work_fields = {name: value(code) for code, name in WORK_FIELDS.items() if code != "wt"}
    work = factories.make_work(
        value("wt", f"Work {index}"),
        year=1950,
        authors=[{"family": value("wa", "Author"), "given": "Ann"}],
        **work_fields,
    )
    entry = factories.make_entry(
        value("hw", f"Entry {index}"),
        user=editor,
        dates=value("dt", "1890–1947"),
        body=value("bd", "A body."),
        aliases=(value("al", f"Alias {index}"),),
    )
    with factories.revising(entry, user=editor, comment="Signed and cited"):
        entry.themes.add(theme)
        factories.credit(entry, contributor)
        factories.cite(entry, work, role=CitationRole.FURTHER_READING, locator=value("lc"))
    services.submit_for_review(entry=entry, user=editor, message=value("ms", "Ready"))
    services.comment_on_review(entry=entry, user=reviewer, body=value("rc", "Comment"))
    services.approve_and_publish(
        entry=entry, user=reviewer, message="Approved", public_summary=value("sm", "First")
    )
    entry.refresh_from_db()
    return Planted(values, entry, theme, contributor, work)


# Checking responses ------------------------------------------------------------------------

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
_FOREIGN_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "style", "frame"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_OUR_DATA_URLS = {"data:,"}  # the empty favicon in base.html


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each inline script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _FOREIGN_TAGS:
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")
        if tag == "script":
            self._check_script(attributes)

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on") or name in ("style", "srcdoc"):
            self.problems.append(f"<{tag} {name}=...>")
        elif name in _URL_ATTRIBUTES:
            url = "".join(char for char in value if char > " ").lower()
            if url.startswith(_BAD_SCHEMES) and url not in _OUR_DATA_URLS:
                self.problems.append(f"<{tag} {name}={value!r}>")

    def _check_script(self, attributes: dict) -> None:
        source = attributes.get("src") or ""
        self._script_type = attributes.get("type")
        if source:
            if not source.startswith("/static/"):
                self.problems.append(f"a script from {source!r}")
        elif self._script_type != "application/ld+json":
            self.problems.append("an inline script")

    def handle_data(self, data):
        if self._script_type == "application/ld+json" and self.lasttag == "script":
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("JSON-LD that is not JSON")
            self._script_type = None


def html_problems(text: str) -> list[str]:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser.problems


def raw_leaks(text: str, values: dict[str, str], special: str) -> list[str]:
    """The tags of values holding one of ``special`` that appear in ``text`` as typed."""
    return [
        f"{tag} unescaped"
        for tag, value in values.items()
        if any(char in value for char in special) and value in text
    ]


def _xml_problems(content: bytes, values: dict[str, str]) -> list[str]:
    try:
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    problems = [f"<{element.tag}> in XML" for element in root.iter("{*}script", "script")]
    # An Atom feed's HTML content is rendered by feed readers: it must be clean HTML too.
    for element in root.iter("{http://www.w3.org/2005/Atom}content"):
        if element.get("type") == "html":
            problems += html_problems(element.text or "")
    return problems + raw_leaks(content.decode(), values, "<")


def _json_problems(content: bytes, values: dict[str, str]) -> list[str]:
    try:
        document = json.loads(content)
    except ValueError:
        return ["not JSON"]
    problems = []
    for key, text in _strings(document):
        if key == "snippet":  # the one field documented as HTML (<mark> around matches)
            problems += html_problems(text)
            problems += [leak + " in a snippet" for leak in raw_leaks(text, values, "<>")]
    return problems


def _strings(node, key=None):
    if isinstance(node, dict):
        for name, child in node.items():
            yield from _strings(child, name)
    elif isinstance(node, list):
        for child in node:
            yield from _strings(child, key)
    elif isinstance(node, str):
        yield key, node


def problems_in(response, values: dict[str, str]) -> list[str]:
    """What is wrong with a response, given every value planted (by tag)."""
    kind = response["Content-Type"].split(";")[0].strip()
    content = response.content
    if response.get("X-Content-Type-Options") != "nosniff":
        return ["no X-Content-Type-Options: nosniff"]
    if kind == "text/html":
        text = content.decode()
        return html_problems(text) + raw_leaks(text, values, "<>")
    if kind.endswith("xml"):
        return _xml_problems(content, values)
    if kind.endswith("json"):
        return _json_problems(content, values)
    if kind == "text/css":  # the print running head: every value inside its CSS string
        return raw_leaks(content.decode(), values, '"\\\n')
    # A citation file (BibTeX, RIS): never shown as a page, always a download.
    if not response.get("Content-Disposition", "").startswith("attachment"):
        return [f"a {kind} response that is not an attachment"]
    return []
