"""Printed date forms parse into the years the filters use."""

import pytest

from dictionary.dates import DateFormatError, parse_dates


@pytest.mark.parametrize(
    ("printed", "tidy", "start", "end"),
    [
        ("1890–1947", "1890–1947", 1890, 1947),
        ("1890-1947", "1890–1947", 1890, 1947),
        ("b. 1943", "b. 1943", 1943, None),
        ("d. 1921", "d. 1921", None, 1921),
        ("c. 1820–1870", "c. 1820–1870", 1820, 1870),
        ("1919– present", "1919–present", 1919, None),
        ("1919–", "1919–", 1919, None),
        ("fl. 1840s", "fl. 1840s", 1840, 1849),
        ("fl.1840s–1860s", "fl. 1840s–1860s", 1840, 1869),
        ("c. 500 BC", "c. 500 BC", -500, -500),
        ("", "", None, None),
    ],
)
def test_printed_forms(printed, tidy, start, end):
    assert parse_dates(printed) == (tidy, start, end)


@pytest.mark.parametrize("printed", ["1947–1890", "sometime", "19th century", "1890–1947–1950"])
def test_unreadable_or_reversed_dates_are_refused_with_the_text(printed):
    with pytest.raises(DateFormatError, match=printed.split("–")[0][:4]):
        parse_dates(printed)
