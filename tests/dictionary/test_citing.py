"""Citations of an edition and of its works cited: styles, BibTeX, RIS and CSL-JSON."""

import json
from datetime import UTC, date, datetime
from pathlib import Path
from unittest.mock import patch

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from django.core.cache import cache

from dictionary import citing
from dictionary.citing import styles
from dictionary.models import Edition
from tests import factories

URL = "https://dictionary.example.org/entries/serge-victor/editions/2/"
ACCESSED = date(2026, 11, 25)
CSL_SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "csl-data.json").read_text())

WORKS = [
    {
        "role": "source",
        "locator": "pp. 3–5",
        "order": 0,
        "confirmed": False,
        "work_id": 3,
        "csl": {
            "id": "work-3",
            "type": "chapter",
            "title": "The Bolsheviks & Co.",
            "author": [{"family": "Weissman", "given": "Susan", "sequence": "first"}],
            "editor": [{"literal": "Institute of Social History"}],
            "container-title": "Essays on 100% of the Revolution",
            "issued": {"date-parts": [[1997]]},
            "page": "12-40",
        },
    },
    {
        "role": "by-subject",
        "locator": "",
        "order": 1,
        "confirmed": True,
        "work_id": 2,
        "csl": {
            "id": "work-2",
            "type": "article-journal",
            "title": "Marxism in our time",
            "author": [{"family": "Serge", "given": "Victor"}],
            "container-title": "Partisan Review",
            "volume": "5",
            "issue": "2",
            "issued": {"date-parts": [[1938, 7]]},
            "DOI": "10.1000/pr_5%2",
        },
    },
    {
        "role": "by-subject",
        "locator": "",
        "order": 0,
        "confirmed": True,
        "work_id": 1,
        "csl": {
            "id": "work-1",
            "type": "book",
            "title": "Mémoires d’un révolutionnaire",
            "author": [{"family": "Serge", "given": "Victor"}],
            "publisher": "Éditions du Seuil",
            "publisher-place": "Paris",
            "issued": {"date-parts": [[1951]]},
            "ISBN": "978-2-02-000000-0",
        },
    },
    {
        "role": "further-reading",
        "locator": "",
        "order": 0,
        "confirmed": True,
        "work_id": 1,
        "csl": {"id": "work-1", "type": "entry-encyclopedia", "title": "Serge", "URL": ""},
    },
]


VAN_GOGH = {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}
BEETHOVEN = {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}
KING = {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
INSTITUTE = {"literal": "Institute of Social History, Amsterdam"}

# One work by all four kinds of name, as an edition freezes it.
NAMED_WORK = {
    "role": "further-reading",
    "locator": "",
    "order": 0,
    "confirmed": True,
    "work_id": 9,
    "csl": {
        "id": "work-9",
        "type": "book",
        "title": "Letters",
        "author": [VAN_GOGH, BEETHOVEN, KING],
        "editor": [INSTITUTE],
        "issued": {"date-parts": [[1914, 3, 7]]},
    },
}


def build_edition(headword="Serge, Victor", *, number=2, citations=(), byline=()):
    """An unsaved edition: formatting reads only its fields."""
    return Edition(
        headword=headword,
        slug="serge-victor",
        number=number,
        published_at=datetime(2026, 3, 3, 10, 0, tzinfo=UTC),
        first_published_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
        citations=list(citations),
        byline=list(byline),
        fingerprint="0" * 63 + "f",
    )


def parse_bibtex(text, *, decode=False):
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware()] if decode else None
    )
    assert not library.failed_blocks, library.failed_blocks
    return library.entries


def fields(entry) -> dict:
    return {field.key: field.value for field in entry.fields}


def ris_lines(text):
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


def in_order(text: str, *parts: str) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


def cite(style, edition=None):
    edition = edition or build_edition()
    return citing.format_entry_citation(edition, style=style, url=URL, accessed=ACCESSED)


# Names and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sorted_form", "display_form"),
    [
        (VAN_GOGH, "van Gogh, Vincent", "Vincent van Gogh"),
        (BEETHOVEN, "Beethoven, Ludwig van", "Ludwig van Beethoven"),
        (KING, "King, Martin Luther, Jr.", "Martin Luther King Jr."),
        (
            INSTITUTE,
            "Institute of Social History, Amsterdam",
            "Institute of Social History, Amsterdam",
        ),
        ({"literal": "Anon.", "family": "Ignored"}, "Anon.", "Anon."),
        ({"family": "Plato"}, "Plato", "Plato"),
        ({"given": "Madonna"}, "Madonna", "Madonna"),
        ({"family": "Beethoven", "dropping-particle": "van"}, "van Beethoven", "van Beethoven"),
        ("Plato", "Plato", "Plato"),  # a bare string is a literal name
        (
            {"family": " de  la Cruz ", "given": "Juana\nInés"},
            "de la Cruz, Juana Inés",
            "Juana Inés de la Cruz",
        ),
        (
            {
                "given": "Charles",
                "dropping-particle": "de",
                "non-dropping-particle": "La",
                "family": "Fontaine",
            },
            "La Fontaine, Charles de",
            "Charles de La Fontaine",
        ),
    ],
)
def test_names_keep_their_particles_in_both_forms(name, sorted_form, display_form):
    assert citing.sorted_name(name) == sorted_form
    assert citing.display_name(name) == display_form


@pytest.mark.parametrize(
    ("issued", "parts"),
    [
        ({"date-parts": [[1951]]}, (1951,)),
        ({"date-parts": [["1938", "7"]]}, (1938, 7)),
        ({"date-parts": [[1914, 3, 7, 12]]}, (1914, 3, 7)),
        ({"date-parts": [[]]}, ()),
        ({"date-parts": ["1951"]}, ()),  # not a list of parts: not read digit by digit
        ({"date-parts": [["circa 1900"]]}, ()),
        ({"literal": "Spring 1900"}, ()),
        (None, ()),
    ],
)
def test_issued_parts_reads_only_a_usable_date(issued, parts):
    assert citing.issued_parts({"issued": issued}) == parts


def test_issued_parts_of_an_undated_item_is_empty():
    assert citing.issued_parts({"title": "Undated"}) == ()


# Styles -------------------------------------------------------------------------------


def test_styles_are_chicago_mla_apa():
    assert citing.CITATION_STYLES == (("chicago", "Chicago"), ("mla", "MLA"), ("apa", "APA"))


WALKER = {"contributor_id": 1, "name": {"family": "Walker", "given": "David"}, "role": "author"}
GRAY = {"contributor_id": 2, "name": {"family": "Gray", "given": "Daniel"}, "role": "co-author"}
REVISER = {"contributor_id": 3, "name": {"family": "Lee", "given": "Ann"}, "role": "reviser"}


@pytest.fixture
def work(settings):
    settings.HEADWORD_TITLE = "Headword Historical Dictionary"
    settings.HEADWORD_PUBLISHER = "The Headword editors"
    settings.HEADWORD_EDITORS = "Ann Lee and Tom Roe"


def signed(number=2):
    return build_edition(number=number, byline=[WALKER, GRAY, REVISER])


# Expected texts, written from each manual's rule for an entry in an online reference work
# (edition = version, permanent URL, access date); a reviser is not an author.


def test_chicago_signed_entry(work):
    # CMOS 17, 14.233 with 14.103-14.108 (a signed contribution to an edited work): authors
    # inverted for the first only, entry title in quotation marks with the full stop inside,
    # "In" the italic work, version, "edited by", publisher and date, access date, URL.
    assert cite("chicago", signed()) == (
        "Walker, David, and Daniel Gray. “Serge, Victor.” In <i>Headword Historical "
        "Dictionary</i>, version 2, edited by Ann Lee and Tom Roe. The Headword editors, "
        f"March 3, 2026. Accessed November 25, 2026. {URL}."
    )


def test_chicago_unsigned_entry_keeps_sub_verbo(work):
    # CMOS 17, 14.233: an alphabetical reference work without a named author is cited by its
    # title with "s.v."; online, with the date of revision, the access date and the URL.
    assert cite("chicago") == (
        "<i>Headword Historical Dictionary</i>, s.v. “Serge, Victor,” version 2, "
        f"last modified March 3, 2026, accessed November 25, 2026, {URL}."
    )
    assert "published March 3, 2026," in cite("chicago", build_edition(number=1))


def test_mla_signed_entry(work):
    # MLA 9: author(s) (first inverted, "and"), "Title of Source." in quotation marks, the
    # italic container, other contributors ("edited by"), version, publisher, date, location
    # (URL), then the optional access date for a work that changes.
    assert cite("mla", signed()) == (
        "Walker, David, and Daniel Gray. “Serge, Victor.” <i>Headword Historical "
        "Dictionary</i>, edited by Ann Lee and Tom Roe, Version 2, The Headword editors, "
        f"3 Mar. 2026, {URL}. Accessed 25 Nov. 2026."
    )


def test_mla_unsigned_entry_starts_with_its_title(work):
    # MLA 9: with no author, the entry begins with the title of the source.
    assert cite("mla") == (
        "“Serge, Victor.” <i>Headword Historical Dictionary</i>, edited by Ann Lee and Tom "
        f"Roe, Version 2, The Headword editors, 3 Mar. 2026, {URL}. Accessed 25 Nov. 2026."
    )


def test_apa_signed_entry(work):
    # APA 7, 10.3 (entry in a reference work): surnames and initials with "&", year, entry
    # title in plain type, "In" editors "(Eds.)", italic work "(Version 2)", publisher,
    # and a retrieval date because the work is updated over time.
    assert cite("apa", signed()) == (
        "Walker, D., &amp; Gray, D. (2026). Serge, Victor. In A. Lee &amp; T. Roe (Eds.), "
        "<i>Headword Historical Dictionary</i> (Version 2). The Headword editors. "
        f"Retrieved November 25, 2026, from {URL}"
    )


def test_apa_unsigned_entry_has_the_publisher_as_group_author_once(work):
    # APA 7, 9.7-9.12: a group author; the publisher is omitted when it is the author.
    assert cite("apa") == (
        "The Headword editors. (2026). Serge, Victor. In A. Lee &amp; T. Roe (Eds.), "
        "<i>Headword Historical Dictionary</i> (Version 2). "
        f"Retrieved November 25, 2026, from {URL}"
    )


def test_a_fixed_version_is_cited_without_an_access_date(work):
    # An edition's permanent page is cached for a year, so a day printed there would go
    # stale; the manuals ask for an access date only for what may change (CMOS 17, 14.12;
    # APA 7, 9.16; MLA 9 calls it optional). Each style keeps everything else.
    def fixed(style, edition):
        return citing.format_entry_citation(edition, style=style, url=URL, accessed=None)

    assert fixed("chicago", signed()) == (
        "Walker, David, and Daniel Gray. “Serge, Victor.” In <i>Headword Historical "
        "Dictionary</i>, version 2, edited by Ann Lee and Tom Roe. The Headword editors, "
        f"March 3, 2026. {URL}."
    )
    assert fixed("chicago", build_edition()) == (
        "<i>Headword Historical Dictionary</i>, s.v. “Serge, Victor,” version 2, "
        f"last modified March 3, 2026, {URL}."
    )
    assert fixed("mla", signed()) == cite("mla", signed()).removesuffix(" Accessed 25 Nov. 2026.")
    assert fixed("apa", signed()) == (
        "Walker, D., &amp; Gray, D. (2026). Serge, Victor. In A. Lee &amp; T. Roe (Eds.), "
        f"<i>Headword Historical Dictionary</i> (Version 2). The Headword editors. {URL}"
    )
    assert "Y2  -" not in citing.edition_as_ris(build_edition(), url=URL, accessed=None)
    assert "accessed" not in citing.edition_as_bibtex(build_edition(), url=URL, accessed=None)
    assert "urldate" not in citing.edition_as_biblatex(build_edition(), url=URL, accessed=None)
    assert "accessed" not in citing.edition_as_csl(build_edition(), url=URL, accessed=None)
    # The dated and the undated renderings are cached apart: neither answers for the other.
    assert "Accessed November 25, 2026" in cite("chicago", signed())


@pytest.mark.parametrize("style", ["chicago", "mla", "apa"])
def test_styles_escape_html_in_headwords_and_names(style):
    evil = {"contributor_id": 9, "name": {"literal": "AT&T <b>x</b>"}, "role": "author"}
    for edition in (build_edition("AT&T <script>x</script>"), build_edition(byline=[evil])):
        text = cite(style, edition)
        assert "<script>" not in text and "<b>" not in text
    assert "AT&amp;T &lt;script&gt;" in cite(style, build_edition("AT&T <script>x</script>"))


def test_an_unknown_style_is_refused_by_name():
    with pytest.raises(ValueError, match="'harvard'.*chicago, mla, apa"):
        cite("harvard")


def test_format_entry_citations_gives_every_style_in_order():
    rows = citing.format_entry_citations(build_edition(), url=URL, accessed=ACCESSED)
    assert [(key, label) for key, label, _html in rows] == list(citing.CITATION_STYLES)
    assert rows[1][2] == cite("mla")


# BibTeX -------------------------------------------------------------------------------


def test_edition_biblatex_is_an_inreference_record(settings):
    settings.HEADWORD_TITLE = "Headword Historical Dictionary"
    settings.HEADWORD_PUBLISHER = "The Headword editors"
    text = citing.edition_as_biblatex(build_edition(), url=URL, accessed=ACCESSED)
    [entry] = parse_bibtex(text, decode=True)
    values = fields(entry)
    assert entry.entry_type == "inreference"
    assert entry.key == "serge-victor-ed2"
    assert values["title"] == "Serge, Victor"
    assert values["booktitle"] == "Headword Historical Dictionary"
    assert values["publisher"] == "The Headword editors"
    assert values["date"] == "2026-03-03"
    assert values["version"] == "2"
    assert values["url"] == URL
    assert values["urldate"] == "2026-11-25"


@pytest.mark.parametrize(
    "headword",
    [
        "Lukács, György",
        "AT&T 100% {x}_y",
        "Łuxemburg, Róża",
        "Price in $ and # of items",
        "Back\\slash {nested {braces}}",
    ],
)
def test_tricky_headwords_round_trip_through_a_bibtex_parser(headword):
    text = citing.edition_as_bibtex(build_edition(headword), url=URL, accessed=ACCESSED)
    [entry] = parse_bibtex(text, decode=True)
    assert fields(entry)["title"] == headword


def test_non_ascii_stays_utf8_in_bibtex():
    text = citing.edition_as_bibtex(build_edition("Lukács, György"), url=URL, accessed=ACCESSED)
    assert "title = {{Lukács, György}}," in text


def test_escape_latex_handles_every_special_character_once():
    assert citing.escape_latex("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert citing.escape_latex("two\n lines") == "two lines"


def test_verbatim_url_keeps_percent_signs_but_not_braces():
    url = "https://example.org/a%20b/{x}"
    text = citing.edition_as_bibtex(build_edition(), url=url, accessed=ACCESSED)
    [entry] = parse_bibtex(text)
    assert fields(entry)["url"] == "https://example.org/a%20b/%7Bx%7D"


def test_works_biblatex_maps_types_and_keeps_reading_order():
    text = citing.works_as_biblatex(build_edition(citations=WORKS))
    entries = parse_bibtex(text, decode=True)
    assert [(entry.entry_type, entry.key) for entry in entries] == [
        ("book", "work-1"),
        ("article", "work-2"),
        ("inreference", "work-1-further-reading"),
        ("incollection", "work-3"),
    ]
    book, article, _entry, chapter = (fields(entry) for entry in entries)
    assert book["author"] == "Serge, Victor"
    assert book["publisher"] == "Éditions du Seuil" and book["location"] == "Paris"
    assert book["keywords"] == "by-subject" and book["note"] == "Work by the subject"
    assert article["journaltitle"] == "Partisan Review" and article["date"] == "1938-07"
    # DOI and URL are verbatim fields in biblatex: read them raw, not LaTeX-decoded.
    assert fields(parse_bibtex(text)[1])["doi"] == "10.1000/pr_5%2"
    assert chapter["booktitle"] == "Essays on 100% of the Revolution"
    assert chapter["editor"] == "Institute of Social History"
    assert chapter["pages"] == "12–40"  # "12--40" decoded: a proper range
    assert chapter["note"] == "Source; cited at pp. 3–5; not yet confirmed by an editor"


def test_works_bibtex_of_an_edition_without_works_is_empty():
    assert citing.works_as_bibtex(build_edition()) == ""
    assert citing.works_as_biblatex(build_edition()) == ""


def test_works_bibtex_is_classic_bibtex():
    text = citing.works_as_bibtex(build_edition(citations=WORKS + [NAMED_WORK]))
    entries = parse_bibtex(text, decode=True)
    assert [entry.entry_type for entry in entries] == [
        "book",
        "article",
        "incollection",
        "book",
        "incollection",
    ]
    book, article, *_rest, chapter = (fields(entry) for entry in entries)
    assert book["year"] == "1951" and book["address"] == "Paris" and "date" not in book
    assert article["journal"] == "Partisan Review" and article["year"] == "1938"
    assert chapter["booktitle"] == "Essays on 100% of the Revolution"
    assert "King, Jr., Martin Luther" in text


def test_works_biblatex_names_split_into_von_last_jr_first():
    text = citing.works_as_biblatex(build_edition(citations=[NAMED_WORK]))
    assert (
        "author = {van Gogh, Vincent and Beethoven, Ludwig van and King, Jr., Martin Luther}"
        in text
    )
    assert "editor = {{Institute of Social History, Amsterdam}}" in text
    library = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    [entry] = library.entries
    authors = [(n.von, n.last, n.jr, n.first) for n in entry.fields_dict["author"].value]
    assert authors == [
        (["van"], ["Gogh"], [], ["Vincent"]),
        ([], ["Beethoven"], [], ["Ludwig", "van"]),
        ([], ["King"], ["Jr."], ["Martin", "Luther"]),
    ]
    [editor] = entry.fields_dict["editor"].value
    assert (editor.last, editor.first) == (["{Institute of Social History, Amsterdam}"], [])
    assert fields(entry)["date"] == "1914-03-07"


# RIS ----------------------------------------------------------------------------------


def test_edition_ris_is_an_encyc_record_with_crlf_lines(settings):
    settings.HEADWORD_TITLE = "Headword Historical Dictionary"
    lines = ris_lines(citing.edition_as_ris(build_edition(), url=URL, accessed=ACCESSED))
    assert lines[0] == "TY  - ENCYC"
    assert lines[-1] == "ER  - "
    assert "TI  - Serge, Victor" in lines
    assert "T2  - Headword Historical Dictionary" in lines
    assert "DA  - 2026/03/03" in lines and "PY  - 2026" in lines
    assert "Y2  - 2026/11/25" in lines
    assert f"UR  - {URL}" in lines
    assert "ET  - 2" in lines


def test_ris_values_never_span_lines():
    edition = build_edition("Two\nlines")
    lines = ris_lines(citing.edition_as_ris(edition, url=URL, accessed=ACCESSED))
    assert "TI  - Two lines" in lines


def test_works_ris_maps_types_authors_pages_and_roles():
    text = citing.works_as_ris(build_edition(citations=WORKS))
    lines = ris_lines(text)
    assert [line for line in lines if line.startswith("TY")] == [
        "TY  - BOOK",
        "TY  - JOUR",
        "TY  - ENCYC",
        "TY  - CHAP",
    ]
    assert lines.count("ER  - ") == 4
    assert "AU  - Weissman, Susan" in lines and "ED  - Institute of Social History" in lines
    assert "SP  - 12" in lines and "EP  - 40" in lines
    assert "KW  - Work by the subject" in lines and "KW  - Source" in lines
    assert "PY  - 1938" in lines and "DA  - 1938/07" in lines


def test_works_ris_names_keep_particles_suffixes_and_literals():
    lines = ris_lines(citing.works_as_ris(build_edition(citations=[NAMED_WORK])))
    assert [line for line in lines if line[:2] in ("AU", "ED")] == [
        "AU  - van Gogh, Vincent",
        "AU  - Beethoven, Ludwig van",
        "AU  - King, Martin Luther, Jr.",
        "ED  - Institute of Social History, Amsterdam",
    ]
    assert "PY  - 1914" in lines and "DA  - 1914/03/07" in lines


# CSL-JSON -----------------------------------------------------------------------------


def test_edition_csl_is_a_valid_entry_encyclopedia(settings):
    settings.HEADWORD_TITLE = "Headword Historical Dictionary"
    item = citing.edition_as_csl(build_edition("Lukács, György"), url=URL, accessed=ACCESSED)
    jsonschema.validate([item], CSL_SCHEMA)
    assert item["type"] == "entry-encyclopedia"
    assert item["title"] == "Lukács, György"
    assert item["container-title"] == "Headword Historical Dictionary"
    assert item["issued"] == {"date-parts": [[2026, 3, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 25]]}
    assert item["URL"] == URL and item["version"] == "2"


def test_works_csl_is_valid_ordered_by_role_and_notes_the_role():
    items = citing.works_as_csl(build_edition(citations=WORKS))
    jsonschema.validate(items, CSL_SCHEMA)
    assert [item["id"] for item in items] == [
        "work-1",
        "work-2",
        "work-1-further-reading",
        "work-3",
    ]
    assert [item["keyword"] for item in items] == [
        "Work by the subject",
        "Work by the subject",
        "Further reading",
        "Source",
    ]
    # A stray key stored with a name would break the schema; only CSL's name parts remain.
    assert items[3]["author"] == [{"family": "Weissman", "given": "Susan"}]


def test_the_schema_rejects_what_csl_does_not_define():
    """The vendored schema is strict enough to catch a wrong export."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "encyclopedia-entry"}], CSL_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "book", "keywords": ["a"]}], CSL_SCHEMA)


@pytest.mark.django_db
def test_the_cite_box_reads_its_styles_from_the_cache_in_one_round_trip():
    entry = factories.make_published("Serge, Victor", body="A novelist.")
    edition = Edition.objects.get(entry=entry, is_current=True)
    first = citing.format_entry_citations(edition, url=URL, accessed=ACCESSED)
    with (
        patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        patch.object(cache, "set_many", wraps=cache.set_many) as set_many,
        patch.object(styles, "_rendered", wraps=styles._rendered) as rendered,
    ):
        again = citing.format_entry_citations(edition, url=URL, accessed=ACCESSED)
    assert again == first
    assert get_many.call_count == 1 and not set_many.called and not rendered.called
    # Each style is kept on its own: one asked alone is found too.
    assert (
        citing.format_entry_citation(edition, style="apa", url=URL, accessed=ACCESSED)
        == first[2][2]
    )
