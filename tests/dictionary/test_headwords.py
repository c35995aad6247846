"""Dates and other names printed inside a headword are moved out of it."""

import pytest

from dictionary.headwords import read_headword


@pytest.mark.parametrize(
    ("printed", "headword", "dates", "aliases"),
    [
        ("Vance, Edgar (1894–1936) .", "Vance, Edgar", "1894–1936", []),
        ("Ortiz, Paul (1883–) .", "Ortiz, Paul", "1883–", []),
        ("Weber, Anna (known as A. Lind, 1881–1945)", "Weber, Anna", "1881–1945", ["A. Lind"]),
        ("Marsh, Ida (also known as Ida Fenn)", "Marsh, Ida", "", ["Ida Fenn"]),
        ("Holt, Bram (c. 1820–?)", "Holt, Bram", "c. 1820–?", []),
        ("Rudd, Amos .", "Rudd, Amos", "", []),
        ("Workers’ League (WL)", "Workers’ League (WL)", "", []),
        ("Group of Nine (G9)", "Group of Nine (G9)", "", []),
        ("Carr, E. H.", "Carr, E. H.", "", []),
        ("Longman, Charles, 1839–1901", "Longman, Charles", "1839–1901", []),
        ("Longman, Charles, Jr.", "Longman, Charles, Jr.", "", []),
        ("Group of Nine, The", "Group of Nine, The", "", []),
    ],
)
def test_headwords(printed, headword, dates, aliases):
    assert read_headword(printed) == (headword, dates, aliases)
