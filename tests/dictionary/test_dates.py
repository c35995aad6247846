"""Printed date forms parse into the years the filters use and an EDTF normal form."""

import pytest

from dictionary.dates import (
    DateFormatError,
    check_edtf,
    edtf_marks,
    parse_dates,
    read_dates,
)


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
    assert parse_dates(printed)[:3] == (tidy, start, end)


# Every form the issue lists, with our own years: (printed, start, end, EDTF).
FORMS = [
    # abbreviated end years
    ("1805-72", 1805, 1872, "1805/1872"),
    ("1899-1901", 1899, 1901, "1899/1901"),
    ("1895-05", 1895, 1905, "1895/1905"),
    # unknown ends
    ("1872-?", 1872, None, "1872/"),
    ("?–1949", None, 1949, "/1949"),
    ("? - 1996", None, 1996, "/1996"),
    ("-1856", None, 1856, "/1856"),
    # uncertain
    ("1873-1941?", 1873, 1941, "1873/1941?"),
    ("1891[93?]–1965", 1891, 1965, "1891?/1965"),
    ("1923–present?", 1923, None, "1923/.."),
    # approximate
    ("c. 1820", 1820, 1820, "1820~"),
    ("ca. 1820", 1820, 1820, "1820~"),
    ("~1856 – ?", 1856, None, "1856~/"),
    ("circa 1820", 1820, 1820, "1820~"),
    # before the common era (EDTF counts 1 BC as year 0)
    ("95-46 B.C.", -95, -46, "-0094/-0045"),
    ("c. 600–c. 450 BCE", -600, -450, "-0599~/-0449~"),
    ("428/427–348/347 BC", -428, -347, "-0427?/-0347?"),
    # full dates
    ("March 21, 1887–January 25, 1954", 1887, 1954, "1887-03-21/1954-01-25"),
    ("23.7.1854–26.11.1925", 1854, 1925, "1854-07-23/1925-11-26"),
    ("d. January 20 1794", None, 1794, "/1794-01-20"),
    ("Dec. 14, 1852 – May 11, 1914", 1852, 1914, "1852-12-14/1914-05-11"),
    ("12 June 1901–1960", 1901, 1960, "1901-06-12/1960"),
    # words
    ("born 1844", 1844, None, "1844/.."),
    ("died 1921", None, 1921, "/1921"),
    ("active 1840s", 1840, 1849, "184X"),
    ("fl. 12th century", 1100, 1199, "11XX"),
    ("18th century", 1700, 1799, "17XX"),
    # a place after the year, alternatives, a Windows-1252 en dash read as U+0096
    ("b. 1908, Ohio", 1908, None, "1908/.."),
    ("1873 or 1874", 1873, 1874, "[1873,1874]"),
    ("1854\x961920", 1854, 1920, "1854/1920"),
    ("1850 to 1860", 1850, 1860, "1850/1860"),
    # more shapes seen in scraped glossaries
    ("c1820", 1820, 1820, "1820~"),
    ("late 19th century", 1800, 1899, "18XX~"),
    ("b. 1943 in Lahore", 1943, None, "1943/.."),
    ("died c. 1794", None, 1794, "/1794~"),
    ("1820/21–1870", 1820, 1870, "1820?/1870"),
    ("1847–1913/14", 1847, 1914, "1847/1913?"),
    ("1950s", 1950, 1959, "195X"),
]


@pytest.mark.parametrize(("printed", "start", "end", "edtf"), FORMS)
def test_every_printed_form_gives_years_and_valid_edtf(printed, start, end, edtf):
    dates = parse_dates(printed)
    assert (dates.start_year, dates.end_year, dates.edtf) == (start, end, edtf)
    check_edtf(dates.edtf)  # the edtf package reads it


def test_the_printed_form_is_kept_with_spacing_and_dashes_tidied():
    assert parse_dates("1854\x961920").printed == "1854–1920"
    assert parse_dates("? - 1996").printed == "?–1996"
    assert parse_dates("95-46 B.C.").printed == "95–46 B.C."
    assert parse_dates("1891[93?]–1965").printed == "1891[93?]–1965"


@pytest.mark.parametrize("printed", ["1947–1890", "sometime", "1890–1947–1950", "?", "present"])
def test_unreadable_or_reversed_dates_are_refused_with_the_text(printed):
    with pytest.raises(DateFormatError, match=printed.split("–")[0][:4].replace("?", r"\?")):
        parse_dates(printed)


@pytest.mark.parametrize("printed", ["1947–1890", "sometime  soon", "Easter\x961916"])
def test_read_dates_never_refuses_and_keeps_the_form_as_printed(printed):
    dates, read = read_dates(printed)
    assert not read
    assert (dates.start_year, dates.end_year, dates.edtf) == (None, None, "")
    assert dates.printed == " ".join(printed.replace("\x96", "–").split())


@pytest.mark.parametrize(
    ("edtf", "marks"),
    [
        ("1890/1947", ("", "")),
        ("1873/1941?", ("", "?")),
        ("1820~/1870", ("?", "")),
        ("/1949", ("unknown", "")),
        ("1872/", ("", "unknown")),
        ("1923/..", ("", "open")),
        ("184X", ("?", "?")),
        ("[1873,1874]", ("?", "?")),
        ("1908", ("", "")),
        ("", ("", "")),
    ],
)
def test_edtf_marks_say_how_sure_each_end_is(edtf, marks):
    assert edtf_marks(edtf) == marks


def test_check_edtf_refuses_what_is_not_edtf():
    with pytest.raises(DateFormatError):
        check_edtf("1890 to 1947")
