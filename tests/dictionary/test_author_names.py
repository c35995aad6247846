"""Reading the authors a source line names (issue 11, item 4), and what a seed makes of them."""

import pytest

from dictionary.citing.csl_names import parse_name_list
from dictionary.seed_format import parse_seed_document

WALKER = {"given": "David", "family": "Walker"}
GRAY = {"given": "Daniel", "family": "Gray"}


@pytest.mark.parametrize(
    "text, names",
    [
        ("David Walker and Daniel Gray", [WALKER, GRAY]),
        ("David Walker & Daniel Gray", [WALKER, GRAY]),
        (
            "David Walker, Daniel Gray and Ann Lee",
            [WALKER, GRAY, {"given": "Ann", "family": "Lee"}],
        ),
        (
            "David Walker, Daniel Gray, and Ann Lee",
            [WALKER, GRAY, {"given": "Ann", "family": "Lee"}],
        ),
        (
            "Walker, David; Gray, Daniel",
            [{"family": "Walker", "given": "David"}, {"family": "Gray", "given": "Daniel"}],
        ),
        (
            "Walker, David and Gray, Daniel",
            [{"family": "Walker", "given": "David"}, {"family": "Gray", "given": "Daniel"}],
        ),
        (
            "Walker, David, Gray, Daniel",
            [{"family": "Walker", "given": "David"}, {"family": "Gray", "given": "Daniel"}],
        ),
        (
            "E. H. Carr and R. W. Davies",
            [{"given": "E. H.", "family": "Carr"}, {"given": "R. W.", "family": "Davies"}],
        ),
        (
            "Ludwig van Beethoven",
            [{"given": "Ludwig", "family": "Beethoven", "non-dropping-particle": "van"}],
        ),
        (
            "Pierre de la Tour",
            [{"given": "Pierre", "family": "Tour", "non-dropping-particle": "de la"}],
        ),
        (
            "van Gogh, Vincent",
            [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}],
        ),
        (
            "Martin Luther King, Jr.",
            [{"given": "Martin Luther", "family": "King", "suffix": "Jr."}],
        ),
        ("Robert Service", [{"given": "Robert", "family": "Service"}]),
        ("Museum of the Revolution", [{"literal": "Museum of the Revolution"}]),
        ("The Headword editors", [{"literal": "The Headword editors"}]),
        ("Oxford University Press", [{"literal": "Oxford University Press"}]),
        ("Daniel Gray .", [GRAY]),
    ],
)
def test_names_are_read_as_scholars_print_them(text, names):
    parsed = parse_name_list(text)
    assert parsed.names == names
    assert not parsed.editors and not parsed.more


def test_et_al_keeps_the_named_authors_and_says_there_are_more():
    assert parse_name_list("John Smith et al.") == (
        [{"given": "John", "family": "Smith"}],
        False,
        True,
    )
    assert parse_name_list("Smith et al.").names == [{"family": "Smith"}]


@pytest.mark.parametrize(
    "text",
    [
        "David Walker and Daniel Gray, eds.",
        "David Walker and Daniel Gray (eds.)",
        "Edited by David Walker and Daniel Gray",
        "David Walker and Daniel Gray, editors",
    ],
)
def test_eds_makes_the_names_editors(text):
    parsed = parse_name_list(text)
    assert parsed.names == [WALKER, GRAY] and parsed.editors


def _source(line):
    return parse_seed_document(f"- X\n- Body.\n{line}".encode(), name="x.txt").source


def test_the_seed_source_line_drops_the_stray_space_and_reads_both_authors():
    source = _source("Historical dictionary of Marxism. David Walker and Daniel Gray . 2014.")
    assert (source.title, source.authors, source.year) == (
        "Historical dictionary of Marxism",
        [WALKER, GRAY],
        2014,
    )


def test_a_corporate_source_author_stays_whole():
    source = _source("Guide to the collections. Museum of the Revolution . 1999.")
    assert source.authors == [{"literal": "Museum of the Revolution"}]


def test_a_source_line_with_editors_gives_the_work_editors_not_authors():
    source = _source("Historical dictionary of Marxism. David Walker and Daniel Gray, eds. 2014.")
    assert (source.title, source.authors, source.editors) == (
        "Historical dictionary of Marxism",
        [],
        [WALKER, GRAY],
    )


def test_a_source_line_with_particles_and_et_al():
    source = _source("A history. Jan van der Berg, Pierre de la Tour et al. 2001.")
    assert source.authors == [
        {"given": "Jan", "family": "Berg", "non-dropping-particle": "van der"},
        {"given": "Pierre", "family": "Tour", "non-dropping-particle": "de la"},
    ]
