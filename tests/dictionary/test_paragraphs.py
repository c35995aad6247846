"""Paragraph breaks a scraped body lost are restored, and only where they were."""

import re

import pytest

from dictionary.paragraphs import escape_markup, split_paragraphs, strip_boilerplate


@pytest.mark.parametrize(
    ("body", "paragraphs"),
    [
        # a sentence end glued to the next capital
        ("He left in 1931.His sister stayed.", ["He left in 1931.", "His sister stayed."]),
        # a heading glued to its first sentence, at the start and after a break
        ("Early yearsEdward was born in Leeds.", ["Early years", "Edward was born in Leeds."]),
        (
            "He wrote.Later lifeIn 1950 he moved.",
            ["He wrote.", "Later life", "In 1950 he moved."],
        ),
        # a colon glued to a quotation
        ("She wrote:The masses will rise.", ["She wrote:", "The masses will rise."]),
        # no break inside these
        ("She took a Ph.D. at Leeds.", ["She took a Ph.D. at Leeds."]),
        ("She took a Ph.D.In 1950 she left.", ["She took a Ph.D.In 1950 she left."]),
        ("Under Charles I.He was loyal.", ["Under Charles I.He was loyal."]),
        ("Under Henry VIII.He was loyal.", ["Under Henry VIII.He was loyal."]),
        ("He visited the U.S.S.R. twice.", ["He visited the U.S.S.R. twice."]),
        ("Read E.H. Carr and St.Petersburg news.", ["Read E.H. Carr and St.Petersburg news."]),
        ("He met McDonald there.", ["He met McDonald there."]),
        ("MacArthur came.", ["MacArthur came."]),
        ("YouTube came.", ["YouTube came."]),
        # a closing quote stays with its sentence; an opening one goes with the next
        ("He said “never.”Then he left.", ["He said “never.”", "Then he left."]),
        ('He said "never."Then he left.', ['He said "never."', "Then he left."]),
        ("It ended.“Go,” he said.", ["It ended.", "“Go,” he said."]),
        ('It ended."Go," he said.', ["It ended.", '"Go," he said.']),
    ],
)
def test_split_paragraphs(body, paragraphs):
    assert split_paragraphs(body) == paragraphs


def test_literal_markup_characters_are_escaped_but_a_whole_cross_reference_stays():
    text = "A *star*, a_b, [1917] and [[Stalin, Josef|Stalin]]."
    assert escape_markup(text) == r"A \*star\*, a\_b, \[1917\] and [[Stalin, Josef|Stalin]]."


def test_trailing_boilerplate_is_cut_and_returned():
    patterns = [re.compile(r"\s*Index of the Letter [A-Z]\b.{0,200}$")]
    text, cut = strip_boilerplate("He died.Index of the Letter V | Glossary", patterns)
    assert (text, cut) == ("He died.", ["Index of the Letter V | Glossary"])
    assert strip_boilerplate("He died.", patterns) == ("He died.", [])
