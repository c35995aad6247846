"""Each quality rule on the faults it is for, and on text it must leave alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dictionary.models import Alias, AliasKind, CrossReference
from editorial.quality.models import Check
from editorial.quality.rules import one_edit_apart, quote
from editorial.quality.running import problems_of
from tests import factories

pytestmark = pytest.mark.django_db

SERGE = (
    "He joined the Communist Party of the Soviet Union (CPSU) in 1919. "
    "He was ejected from Stalin’s CSPU in 1927."
)


def _found(entry, rule: str) -> list:
    return [problem for problem in problems_of(entry) if problem.rule == rule]


def test_an_abbreviation_one_swap_from_a_defined_one_is_found_with_its_place():
    entry = factories.make_entry("Serge, Victor", body=SERGE)
    (problem,) = _found(entry, Check.ABBREVIATION)
    assert "CSPU" in problem.place and "Stalin’s CSPU in 1927" in problem.place
    assert "“CPSU”" in problem.suggestion


def test_an_abbreviation_known_from_another_entry_counts_as_known():
    factories.make_entry("Communist Party of the Soviet Union (CPSU)")
    other = factories.make_entry("Party", aliases=("SPD",))
    Alias.objects.filter(entry=other).update(kind=AliasKind.ABBREVIATION)
    entry = factories.make_entry("Serge", body="Stalin’s CSPU; the SDP and the SPD.")
    found = [problem.message for problem in _found(entry, Check.ABBREVIATION)]
    assert found == [
        "“CSPU” is not a known abbreviation, but “CPSU” is.",
        "“SDP” is not a known abbreviation, but “SPD” is.",
    ]  # "SPD" itself is known


def test_known_abbreviations_are_read_once_and_again_after_any_change_of_names():
    entry = factories.make_entry("Serge", body="Stalin’s CSPU in 1927.")
    assert _found(entry, Check.ABBREVIATION) == []
    with CaptureQueriesContext(connection) as queries:
        assert _found(entry, Check.ABBREVIATION) == []
    assert not [
        q
        for q in queries.captured_queries
        if "dictionary_alias" in q["sql"] and "UNION" in q["sql"]
    ]
    party = factories.make_entry("Party")  # a new entry: read again
    Alias.objects.create(entry=party, name="CPSU", kind=AliasKind.ABBREVIATION)  # a new alias
    (problem,) = _found(entry, Check.ABBREVIATION)
    assert problem.message == "“CSPU” is not a known abbreviation, but “CPSU” is."
    Alias.objects.filter(entry=party).delete()  # fewer aliases: read again
    assert _found(entry, Check.ABBREVIATION) == []


def test_unrelated_abbreviations_are_left_alone():
    factories.make_entry("Communist Party of the Soviet Union (CPSU)")
    entry = factories.make_entry("Serge", body="The USA, the USSR, the UK and the CPSU.")
    assert _found(entry, Check.ABBREVIATION) == []


def test_one_edit_apart():
    assert one_edit_apart("CSPU", "CPSU")
    assert one_edit_apart("CPU", "CPSU")
    assert one_edit_apart("CPSA", "CPSU")
    assert not one_edit_apart("CPSU", "CPSU")
    assert not one_edit_apart("SUPC", "CPSU")


def test_a_space_before_punctuation_is_found_and_an_ellipsis_is_not():
    entry = factories.make_entry("Gray", body="David Walker and Daniel Gray . 2014. Wait . . . and")
    (problem,) = _found(entry, Check.SPACE_BEFORE_PUNCTUATION)
    assert "Gray ." in problem.place
    assert problem.suggestion == "Write “Gray.”."


def test_a_sentence_glued_to_the_next_is_found_but_initials_are_not():
    entry = factories.make_entry(
        "Serge", body="He died there in 1947.Serge’s memoirs, by J.R.Smith, e.g.Hart, came out."
    )
    (problem,) = _found(entry, Check.GLUED_SENTENCE)
    assert "1947.Serge’s" in problem.place
    assert "1947. Serge’s" in problem.suggestion


def test_a_death_year_in_the_body_against_the_dates():
    entry = factories.make_entry("Serge", dates="1890–1946", body="He died there in 1947.")
    (problem,) = _found(entry, Check.DATES_IN_BODY)
    assert "died there in 1947" in problem.place
    assert "1946" in problem.message
    agreeing = factories.make_entry("Trotsky", dates="1879–1940", body="He died in 1940.")
    assert _found(agreeing, Check.DATES_IN_BODY) == []
    vague = factories.make_entry("Kropotkin", dates="c. 1842–1921", body="He died in 1920.")
    assert _found(vague, Check.DATES_IN_BODY) == []


@pytest.fixture
def zinoviev(db):
    return factories.make_entry("Zinoviev, Grigori", dates="1883–1936")


@pytest.mark.parametrize(
    ("body", "stated"),
    [
        ("Worked with [[Zinoviev, Grigori|Zinoviev]] (1883–1939) in Petrograd.", "1883–1939"),
        ("Worked with [[Zinoviev, Grigori]] (b. 1884).", "b. 1884"),
        ("Worked with [[Zinoviev, Grigori|Zinoviev]], who died in 1937, in Petrograd.", "1937"),
        ("Knew [[Zinoviev, Grigori|Zinoviev]], who was born in Kiev in 1880.", "1880"),
    ],
)
def test_dates_the_text_gives_a_linked_entry_against_its_own(zinoviev, body, stated):
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body=body)
    (problem,) = _found(entry, Check.DATES_OF_LINKED_ENTRY)
    assert stated in problem.message and "“Zinoviev, Grigori”" in problem.message
    assert "“1883–1936”" in problem.message
    assert "[[" not in problem.place and "Zinoviev" in problem.place and stated in problem.place
    assert problem.suggestion == (
        "Correct the dates here or in “Zinoviev, Grigori”, whichever is wrong."
    )


@pytest.mark.parametrize(
    "body",
    [
        "Worked with [[Zinoviev, Grigori|Zinoviev]] (1883–1936).",  # agrees
        "Worked with [[Zinoviev, Grigori]] (d. 1936); both were in Petrograd.",
        "Zinoviev was rehabilitated in 1988: see [[Zinoviev, Grigori]].",  # posthumous
        "[[Zinoviev, Grigori|Zinoviev]] met Trotsky, who died in 1940.",  # not its subject
        "In 1956 the congress spoke of [[Zinoviev, Grigori]] (1917) again.",  # a year alone
        "Met [[Trotsky, Leon]] (1879–1941).",  # a wanted entry has no dates to compare
    ],
)
def test_dates_near_a_link_that_are_no_claim_about_it_pass(zinoviev, body):
    entry = factories.make_entry("Serge, Victor", dates="1890–1947", body=body)
    assert _found(entry, Check.DATES_OF_LINKED_ENTRY) == []


def test_approximate_dates_of_a_linked_entry_are_not_compared():
    factories.make_entry("Kropotkin, Peter", dates="c. 1842–1921")
    entry = factories.make_entry("Serge", body="Read [[Kropotkin, Peter]] (1840–1920).")
    assert _found(entry, Check.DATES_OF_LINKED_ENTRY) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("He wrote (in exile a novel.", "The opening ( is never closed."),
        ("He wrote) a novel.", "The closing ) matches no opening one."),
        ("He called it “the betrayal.", "The opening “ is never closed."),
        ('He called it "the betrayal.', "An odd number"),
    ],
)
def test_unbalanced_brackets_and_quotes(body, message):
    entry = factories.make_entry("Serge", body=body)
    (problem,) = _found(entry, Check.UNBALANCED)
    assert problem.message.startswith(message)


def test_balanced_text_and_links_pass():
    entry = factories.make_entry("Serge", body="He (in “exile”) met [[Trotsky, Leon|Trotsky]].")
    assert _found(entry, Check.UNBALANCED) == []


def test_unconfirmed_citations_are_found_confirmed_ones_not():
    entry = factories.make_entry("Serge")
    factories.cite(entry, factories.make_work("Memoirs of a Revolutionary"), confirmed=False)
    factories.cite(entry, factories.make_work("Year One"), confirmed=True, role="source")
    (problem,) = _found(entry, Check.UNCONFIRMED_CITATION)
    assert problem.place.startswith("Memoirs of a Revolutionary")


def test_links_to_wanted_and_unpublished_entries():
    factories.make_entry("Kibalchich, Nikolai")  # exists, never published
    entry = factories.make_entry(
        "Serge", body="Son of [[Kibalchich, Nikolai]]; friend of [[Nobody, Known]]."
    )
    assert [p.place for p in _found(entry, Check.WANTED_LINK)] == ["Nobody, Known"]
    assert _found(entry, Check.UNPUBLISHED_LINK) == []  # Serge is not published either
    factories.publish(entry)
    assert [p.place for p in _found(entry, Check.UNPUBLISHED_LINK)] == ["Kibalchich, Nikolai"]
    assert CrossReference.objects.filter(source=entry, target__isnull=True).count() == 1


def test_a_headword_very_like_a_neighbours_but_not_a_homonym():
    factories.make_entry("Serge, Victor", dates="1890–1947")
    twin = factories.make_entry("Serge, Viktor", dates="1890–1947")
    (problem,) = _found(twin, Check.SIMILAR_HEADWORD)
    assert "Serge, Victor" in problem.message
    factories.make_entry("Smith, John", dates="1800–1850")
    homonym = factories.make_entry("Smith, John", dates="1900–1950")
    assert _found(homonym, Check.SIMILAR_HEADWORD) == []
    factories.make_entry("Amsterdam Congress of 1876")
    numbered = factories.make_entry("Amsterdam Congress of 1887")
    assert _found(numbered, Check.SIMILAR_HEADWORD) == []


def test_quote_keeps_whole_words_and_marks_cuts():
    text = "one two three four five six seven eight nine ten eleven twelve"
    start = text.index("six")
    quoted = quote(text, start, start + 3, margin=10)
    assert quoted.startswith("…") and quoted.endswith("…")
    assert "six" in quoted and "thr" not in quoted.split()
