"""Reading seed documents: the real seed, every date form, encodings and malformed files."""

from pathlib import Path

import pytest

from dictionary.models import EntryType
from dictionary.seed_format import (
    SeedFormatError,
    find_works_by_subject,
    guess_entry_type,
    parse_seed_document,
    split_paragraphs,
)
from dictionary.theme_list import parse_theme_list

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_83003cf4bcb618d8.txt"


def parse(text: str, name: str = "seeds/x.txt"):
    return parse_seed_document(text.encode(), name=name)


def test_the_real_seed_document():
    document = parse_seed_document(SEED.read_bytes(), name=str(SEED))
    assert document.headword == "Serge, Victor"
    assert (document.dates.printed, document.dates.start_year, document.dates.end_year) == (
        "1890–1947",
        1890,
        1947,
    )
    assert len(document.paragraphs) == 2
    assert document.paragraphs[0].startswith("Born Victor Lvovich Khibalchich in Brussels")
    assert document.paragraphs[0].endswith("He died there in 1947.")
    assert document.paragraphs[1].startswith("Serge’s autobiography")
    assert "St. Petersburg" in document.paragraphs[0]
    assert document.source.title == "Historical dictionary of Marxism"
    assert document.source.authors == [
        {"given": "David", "family": "Walker"},
        {"given": "Daniel", "family": "Gray"},
    ]
    assert document.source.year == 2014
    assert [(work.title, work.year) for work in document.works_by_subject] == [
        ("The Case of Comrade Tulayev", 1950),
        ("Memoirs of a Revolutionary 1901–1941", 1980),
    ]
    assert document.see_target is None
    assert guess_entry_type(document) == EntryType.PERSON


@pytest.mark.parametrize(
    ("printed", "tidy", "start", "end"),
    [
        ("(1890–1947)", "1890–1947", 1890, 1947),
        ("(1890-1947)", "1890–1947", 1890, 1947),
        ("(b. 1943)", "b. 1943", 1943, None),
        ("(d. 1921)", "d. 1921", None, 1921),
        ("(c. 1820–1870)", "c. 1820–1870", 1820, 1870),
        ("(1919– present)", "1919–present", 1919, None),
        ("(fl. 1840s)", "fl. 1840s", 1840, 1849),
        ("", "", None, None),
    ],
)
def test_dates_glued_to_the_body(printed, tidy, start, end):
    document = parse(f"- Someone, Anyone\n- {printed}Born somewhere.\nA book. Ann Author. 2000.")
    assert document.dates.printed == tidy
    assert (document.dates.start_year, document.dates.end_year) == (start, end)
    assert document.paragraphs == ["Born somewhere."]


def test_unreadable_dates_are_kept_as_printed_with_a_warning_on_line_two():
    document = parse("- A, B\n- (1947–1890)Born.\nA book. Ann Author. 2000.")
    assert document.dates == ("1947–1890", None, None, "")
    assert document.paragraphs == ["Born."]
    assert document.warnings == [
        "seeds/x.txt, line 2: dates not understood, kept as printed: 1947–1890"
    ]


def test_a_bracket_without_digits_is_body_text():
    document = parse("- Comintern\n- (Third International) A body.\n")
    assert document.dates.printed == ""
    assert document.paragraphs == ["(Third International) A body."]


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf- Luk\xc3\xa1cs, Gy\xc3\xb6rgy\r\n"
        b"- (1885\xe2\x80\x931971)Born in Budapest.\r\nA book. Ann Author . 2000.\r\n",
        "- Lukács, György\n- (1885–1971)Born in Budapest.\nA book. Ann Author . 2000.\n".encode(),
        b"- Luk\xc3\xa1cs, Gy\xc3\xb6rgy\r- (1885\xe2\x80\x931971)Born in Budapest.\rA book. "
        b"Ann Author . 2000.",
    ],
    ids=["bom-crlf", "plain-lf", "old-mac-cr"],
)
def test_bom_and_line_endings_give_the_same_document(raw):
    document = parse_seed_document(raw, name="x.txt")
    assert document.headword == "Lukács, György"
    assert document.dates.printed == "1885–1971"
    assert document.paragraphs == ["Born in Budapest."]
    assert document.source.authors == [{"given": "Ann", "family": "Author"}]


def test_curly_quotes_and_diacritics_are_kept_as_typed():
    document = parse("- Lukács, György\n- He wrote “Soul and Form” in Hungary’s capital.\n")
    assert document.paragraphs == ["He wrote “Soul and Form” in Hungary’s capital."]


def test_stray_spaces_are_dropped():
    document = parse(
        "- X\n- A   body , with  spaces .\nA title. David Walker and Daniel Gray . 2014."
    )
    assert document.paragraphs == ["A body, with spaces."]
    assert document.source.title == "A title"
    assert document.source.year == 2014


@pytest.mark.parametrize(
    "text",
    [
        "Born in the U.S.A. in 1900.",
        "He read E. H. Carr and E.H. Carr closely.",
        "He lived in St. Petersburg and St.Petersburg alike.",
        "It was built c. 1900 by Dr. Smith and Dr.Jones.",
        "She joined the U.S.S.R. delegation.",
    ],
)
def test_abbreviations_and_initials_do_not_split_paragraphs(text):
    assert split_paragraphs(text) == [text]


def test_glued_sentence_ends_split_paragraphs():
    text = "He died in 1947.Serge’s book (1980).“Quoted” text!Next one?Last."
    assert split_paragraphs(text) == [
        "He died in 1947.",
        "Serge’s book (1980).",
        "“Quoted” text!",
        "Next one?",
        "Last.",
    ]


def test_lower_case_after_a_full_stop_is_not_a_paragraph():
    assert split_paragraphs("See p.5 and e.g.this.") == ["See p.5 and e.g.this."]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "for example The Case of Comrade Tulayev (1950).",
            [("The Case of Comrade Tulayev", 1950)],
        ),
        (
            "His autobiography, Memoirs of a Revolutionary 1901–1941 (1980), is long.",
            [("Memoirs of a Revolutionary 1901–1941", 1980)],
        ),
        ("In The Dilemmas of Lenin (2017) he argued.", [("The Dilemmas of Lenin", 2017)]),
        (
            "Hannah Arendt in The Origins of Totalitarianism (1951).",
            [("The Origins of Totalitarianism", 1951)],
        ),
        ("It ended in (1921) and in 1917 (1917).", []),
        ("The (1930) was short.", []),
        ("Stalin: A Political Biography (1949).", [("Stalin: A Political Biography", 1949)]),
    ],
)
def test_works_named_with_a_year(body, expected):
    assert [(work.title, work.year) for work in find_works_by_subject(body)] == expected


def test_a_see_document_names_its_target():
    document = parse("- Khibalchich, Victor\n- See Serge, Victor.\n")
    assert document.see_target == "Serge, Victor"
    assert document.paragraphs == []
    assert document.works_by_subject == []


def test_see_also_in_a_longer_body_is_an_ordinary_entry():
    document = parse("- Comintern\n- See also Fourth International. It was founded in 1919.\n")
    assert document.see_target is None


@pytest.mark.parametrize(
    ("raw", "line", "reason"),
    [
        (b"", 1, "the file is empty"),
        (b"  \r\n\n", 1, "the file is empty"),
        (b"- Serge, Victor\n", 2, "the body line is missing"),
        (b"- Serge, Victor\n\n", 2, "the body line is missing"),
        (b"- Serge, Victor\n- \nSource. A B. 2000.", 2, "the body is empty"),
        (b"Dear editor,\nplease find attached.\n", 1, "not a seed document"),
        (b"-\n- body\n", 1, "the headword is empty"),
        (b"- A\nno dash here\n", 2, 'should start with "- "'),
        (b"- A\n- Body.\nSource. A B. 2000.\nmore text\n", 4, "unexpected text"),
        (b"- Serge\n- Born in Brux\xe9lles.\n", 2, "not UTF-8 text (byte 0xE9 at offset 22)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not UTF-8"),
        (b"- A\x00B\n- body\n", 1, "binary data"),
    ],
    ids=[
        "empty",
        "blank",
        "no-body",
        "blank-body-line",
        "empty-body",
        "not-this-format",
        "empty-headword",
        "body-without-dash",
        "extra-line",
        "latin-1",
        "binary",
        "nul",
    ],
)
def test_malformed_documents_name_file_line_and_reason(raw, line, reason):
    with pytest.raises(SeedFormatError) as caught:
        parse_seed_document(raw, name="seeds/bad.txt")
    assert caught.value.name == "seeds/bad.txt"
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"seeds/bad.txt, line {line}: ")


def test_source_lines():
    cases = {
        "Stalin. E. H. Carr and R. W. Davies. 1970.": (
            "Stalin",
            [{"given": "E. H.", "family": "Carr"}, {"given": "R. W.", "family": "Davies"}],
        ),
        "Lenin. A Biography. Robert Service. 2000.": (
            "Lenin. A Biography",
            [{"given": "Robert", "family": "Service"}],
        ),
        "A history. Walker, David; Gray, Daniel . 2014.": (
            "A history",
            [{"family": "Walker", "given": "David"}, {"family": "Gray", "given": "Daniel"}],
        ),
        "Demo dictionary. The Headword editors . 2026.": (
            "Demo dictionary",
            [{"literal": "The Headword editors"}],
        ),
    }
    for line, (title, authors) in cases.items():
        source = parse(f"- X\n- Body.\n{line}").source
        assert (source.title, source.authors) == (title, authors), line


def test_a_missing_source_line_is_a_warning_not_an_error():
    document = parse("- X\n- Body.\n")
    assert document.source is None
    assert document.warnings == ["seeds/x.txt, line 3: no source line"]


@pytest.mark.parametrize(
    ("headword", "body", "expected"),
    [
        ("Serge, Victor", "(1890–1947)Born in Brussels.", EntryType.PERSON),
        ("Baron, Fanya", "Born in Vilnius.", EntryType.PERSON),
        ("Left Opposition", "A grouping.", EntryType.ORGANIZATION),
        ("Communist International (Comintern)", "(1919–1943)Founded.", EntryType.ORGANIZATION),
        ("Mensheviks", "The Mensheviks were the faction of the party.", EntryType.ORGANIZATION),
        ("Moscow Trials", "(1936–1938)Three show trials.", EntryType.EVENT),
        ("Kronstadt Rebellion", "A rising.", EntryType.EVENT),
        (
            "Pravda",
            "(1912– present)Pravda first appeared as a daily in 1912.",
            EntryType.PUBLICATION,
        ),
        ("New Left Review", "A journal.", EntryType.PUBLICATION),
        ("Totalitarianism", "The term arose in Italy.", EntryType.CONCEPT),
    ],
)
def test_entry_type_guess(headword, body, expected):
    assert guess_entry_type(parse(f"- {headword}\n- {body}\n")) == expected


# Theme lists ------------------------------------------------------------------------------

THEME_LIST = """# Themes of a small dictionary.

The Russian Revolution
    Lenin, Vladimir
    Serge,   Victor

# People who wrote about it.
Historians
\tCarr, E. H.
    Serge, Victor
The Russian Revolution
    Lenin, Vladimir
    Kollontai, Alexandra
"""


def test_a_theme_list_keeps_file_order_and_where_each_headword_was_filed():
    themes = parse_theme_list(THEME_LIST.encode(), name="seeds/themes.list")
    assert themes == {
        "The Russian Revolution": ["Lenin, Vladimir", "Serge, Victor", "Kollontai, Alexandra"],
        "Historians": ["Carr, E. H.", "Serge, Victor"],
    }
    assert list(themes) == ["The Russian Revolution", "Historians"]
    assert themes.where("Historians", "Serge, Victor") == "seeds/themes.list, line 10"
    assert themes.where("The Russian Revolution", "Kollontai, Alexandra") == (
        "seeds/themes.list, line 13"
    )


def test_a_theme_list_with_bom_and_crlf_reads_the_same():
    plain = parse_theme_list(THEME_LIST.encode(), name="t.list")
    windows = THEME_LIST.replace("\n", "\r\n").encode("utf-8-sig")
    assert windows.startswith(b"\xef\xbb\xbf")
    themes = parse_theme_list(windows, name="t.list")
    assert themes == plain
    assert themes.lines == plain.lines


@pytest.mark.parametrize(
    ("raw", "line", "reason"),
    [
        (b"# themes\n  Lenin, Vladimir\nRevolution\n", 2, "an indented headword comes before"),
        (b"Revolution\n    Lenin\n\xe9\n", 3, "not UTF-8 text (byte 0xE9 at offset 21)"),
        (b"Revolution\n    Lenin\n# none yet\nHistorians\n\nPeople\n  Carr\n", 4, "Historians"),
        (
            b"Revolution\n    Lenin\nHistorians\n",
            3,
            "the theme “Historians” has no",
        ),
        (b"\xef\xbb\xbf\r\n", 1, "the file is empty"),
        ("T" * 121 + "\n  Lenin\n", 1, "longer than 120 characters"),
    ],
)
def test_a_bad_theme_list_names_the_file_line_and_reason(raw, line, reason):
    raw = raw.encode() if isinstance(raw, str) else raw
    with pytest.raises(SeedFormatError) as caught:
        parse_theme_list(raw, name="seeds/themes.list")
    assert (caught.value.name, caught.value.line) == ("seeds/themes.list", line)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"seeds/themes.list, line {line}: ")


@pytest.mark.parametrize(
    "body",
    [
        "See Serge, Victor.",
        "See: Serge, Victor",
        "See Serge, Victor",
        "see Serge, Victor.",
        "See Serge, Victor. Text by the editors of this site.",
    ],
)
def test_every_see_variant_names_its_target(body):
    assert parse(f"- Khibalchich, Victor\n- {body}\n").see_target == "Serge, Victor"


def test_a_see_target_with_initials_keeps_them():
    assert parse("- Carr, Ted\n- See Carr, E. H.\n").see_target == "Carr, E. H."


def test_dates_printed_in_the_headword_move_to_the_dates():
    document = parse(
        "- Weber, Anna (known as A. Lind, 1881–1945)\n- Born in Ulm.\nA book. Ann Author. 2000."
    )
    assert (document.headword, document.dates.printed) == ("Weber, Anna", "1881–1945")
    assert (document.dates.start_year, document.dates.end_year) == (1881, 1945)
    assert document.aliases == ["A. Lind"]
    document = parse("- Vance, Edgar (1894–1936) .\n- Born.\n")
    assert (document.headword, document.dates.edtf) == ("Vance, Edgar", "1894/1936")


def test_windows_1252_controls_become_the_quotes_and_dashes_they_were():
    document = parse("- Holt, Bram\n- (1820\x961870)He said \x93no\x94 \x96 twice.\n")
    assert document.dates.printed == "1820–1870"
    assert document.paragraphs == ["He said “no” – twice."]


def test_literal_markup_in_a_seed_is_escaped():
    document = parse("- Holt, Bram\n- He *starred* in [Act I].\n")
    assert document.paragraphs == [r"He \*starred\* in \[Act I\]."]


def test_trailing_boilerplate_is_stripped_and_reported():
    raw = (
        "- Holt, Bram\n- He died.Index of the Letter H | Glossary home\n"
        "A book. Ann Author. 2000.\nCompiled by Site Staff.\n"
    )
    document = parse(raw)
    assert document.paragraphs == ["He died."]
    assert document.source.title == "A book"
    assert document.warnings == [
        "seeds/x.txt, line 4: boilerplate stripped: Compiled by Site Staff.",
        "seeds/x.txt, line 2: boilerplate stripped: Index of the Letter H | Glossary home",
    ]


def test_no_space_is_left_before_the_full_stop_at_a_restored_break():
    document = parse("- Holt, Bram\n- He died in 1947 .His son stayed , and wrote .")
    assert document.paragraphs == ["He died in 1947.", "His son stayed, and wrote."]


def test_an_opening_bracket_that_is_text_stays_in_the_body():
    document = parse("- Workers’ League\n- (WL, founded 1912) was a league.\n")
    assert document.dates.printed == ""
    assert document.paragraphs == ["(WL, founded 1912) was a league."]
    assert document.warnings == ["seeds/x.txt, line 3: no source line"]
    document = parse("- Holt, Bram\n- (1873–1941) was a printer.\n")
    assert (document.dates.printed, document.paragraphs) == ("1873–1941", ["was a printer."])


def test_punctuation_between_the_dates_and_the_body_goes_with_the_dates():
    document = parse("- Holt, Bram\n- (1873–1941).Born in Leeds.\n")
    assert (document.dates.printed, document.paragraphs) == ("1873–1941", ["Born in Leeds."])


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("- Serge\x1b, Victor\n- Born.\n", 1, "U+001B (ESC) at character 8"),
        ("- Serge, Victor\n- Born\x07 in Brussels.\n", 2, "U+0007 (a control character)"),
        ("- Serge, Victor\n- Born.\nA source\x02. 2014.\n", 3, "U+0002"),
    ],
)
def test_control_characters_are_refused_naming_file_line_and_character(text, line, problem):
    with pytest.raises(SeedFormatError) as raised:
        parse(text)
    assert (raised.value.name, raised.value.line) == ("seeds/x.txt", line)
    assert f"an invisible control character, {problem}" in raised.value.reason


def test_a_vertical_tab_from_a_word_processor_becomes_a_space():
    document = parse("- Serge,\x0bVictor\n- Born in\x0bBrussels.\x0cHe wrote.\n")
    assert document.headword == "Serge, Victor"
    assert document.paragraphs == ["Born in Brussels. He wrote."]


@pytest.mark.parametrize("headword", ["—", "?!", "* * *"])
def test_a_headword_without_a_letter_or_digit_is_refused(headword):
    with pytest.raises(SeedFormatError, match="line 1: the headword has no letter or digit"):
        parse(f"- {headword}\n- Born.\n")
