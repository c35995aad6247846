"""Works named in a body with their year: titles found, look-alikes refused."""

import pytest

from dictionary.works_in_text import find_works_by_subject


def found(body):
    return [(work.title, work.year) for work in find_works_by_subject(body)]


@pytest.mark.parametrize(
    ("body", "works"),
    [
        ("He wrote The Long Winter of Ashby (1931).", [("The Long Winter of Ashby", 1931)]),
        ("Her study Cotton and Empire (1962) sold.", [("Cotton and Empire", 1962)]),
        ("His Notes from a Quiet Harbour (1950) ...", [("Notes from a Quiet Harbour", 1950)]),
        ("Rudd’s History of the Weavers (1930).", [("History of the Weavers", 1930)]),
        ("In The Salt Road (1977) she argued.", [("The Salt Road", 1977)]),
        ("a reply, “Against the Stream” (1941).", [("Against the Stream", 1941)]),
        ("Her novel Harvest (1933) was banned.", [("Harvest", 1933)]),
        ("the pamphlet Fire and Bread (1911–12).", [("Fire and Bread", 1911)]),
        ("Her study The Twenty Years’ Harvest (1939).", [("The Twenty Years’ Harvest", 1939)]),
        ("His memoir, My Life at Sea (1930).", [("My Life at Sea", 1930)]),
    ],
)
def test_titles_are_found(body, works):
    assert found(body) == works


@pytest.mark.parametrize(
    "body",
    [
        "He was made Vice-Chairman (1958).",  # a role
        "He became General Secretary (1922).",
        "It led to the General Strike (1926).",  # an event
        "She joined the Labour Party (1900).",  # a body
        "He met Hitler (1936).",  # a lone name
        "It was printed in Paris (1936).",
        "It moved to the Office of (1950).",  # a fragment cut at a small word
        "See Revolution: Lenin] (1967).",  # a stray bracket
        "He wrote Stateâ€™s Power (1950).",  # mojibake
    ],
)
def test_look_alikes_are_refused(body):
    assert found(body) == []


def test_a_bracketed_translation_becomes_the_note():
    (work,) = find_works_by_subject("She wrote Der Lange Weg [The Long Way] (1921).")
    assert (work.title, work.year, work.note) == ("Der Lange Weg", 1921, "The Long Way")
    (work,) = find_works_by_subject("He wrote La Terre Promise (The Promised Land) (1907).")
    assert (work.title, work.note) == ("La Terre Promise", "The Promised Land")


def test_each_title_once():
    assert found("Red Dawn Rising (1920). Again Red Dawn Rising (1920).") == [
        ("Red Dawn Rising", 1920)
    ]
