"""The chronology: bar layout for open and closed ranges, and the timeline page."""

from types import SimpleNamespace

import pytest
from django.conf import settings

from dictionary.chronology import lay_out, position_css, span_of
from tests import factories


def edition(start, end, name="x"):
    return SimpleNamespace(start_year=start, end_year=end, headword=name)


def test_spans_of_open_ranges():
    assert span_of(1890, 1947, this_year=2026) == (1890, 1947, False, False)
    assert span_of(1943, None, this_year=2026) == (1943, 2026, False, True)
    assert span_of(None, 1921, this_year=2026) == (1921, 1921, True, False)


def test_layout_places_bars_on_a_padded_axis():
    timeline = lay_out(
        [edition(1890, 1947), edition(1943, None), edition(None, 1921)], this_year=2026
    )
    assert (timeline.first_year, timeline.last_year) == (1880, 2040)
    assert [tick.year for tick in timeline.ticks] == list(range(1880, 2041, 20))
    serge, davis, zinoviev = timeline.bars
    assert serge.offset == pytest.approx((1890 - 1880) / 160 * 100, abs=0.01)
    assert serge.width == pytest.approx(58 / 160 * 100, abs=0.01)
    assert davis.open_end and davis.end == 2026
    assert zinoviev.open_start and zinoviev.width == pytest.approx(1 / 160 * 100, abs=0.01)
    assert all(
        0 <= bar.offset <= 100 and bar.offset + bar.width <= 100.001 for bar in timeline.bars
    )


def test_layout_skips_undated_and_handles_nothing():
    assert lay_out([edition(None, None)], this_year=2026).bars == []
    one = lay_out([edition(1917, 1917)], this_year=2026)
    assert len(one.bars) == 1 and one.ticks


def test_layout_of_a_long_span_keeps_ticks_few():
    timeline = lay_out([edition(-500, 2000)], this_year=2026)
    assert len(timeline.ticks) <= 11


@pytest.mark.django_db
def test_chronology_page_links_bars_and_filters(client):
    exile = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", dates="1890–1947", themes=[exile])
    factories.make_published("Comintern", dates="1919–1943", entry_type="organization")
    factories.make_published("Undated, Idea", entry_type="concept")
    factories.make_entry("Draft, Person", dates="1900–1950")
    page = client.get("/chronology/").content.decode()
    assert page.index('href="/entries/serge-victor/"') < page.index('href="/entries/comintern/"')
    assert "Undated" not in page and "Draft" not in page
    assert 'class="bar at-' in page and "style=" not in page
    filtered = client.get("/chronology/?type=organization").content.decode()
    assert "/entries/comintern/" in filtered and "/entries/serge-victor/" not in filtered
    themed = client.get("/chronology/?theme=exile").content.decode()
    assert "/entries/serge-victor/" in themed and "/entries/comintern/" not in themed
    assert client.get("/chronology/?type=dragon").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_chronology_queries_do_not_grow(client, django_assert_max_num_queries, size):
    for number in range(size):
        factories.make_published(f"Person {number:03d}", dates=f"{1800 + number}–{1850 + number}")
    with django_assert_max_num_queries(4):
        response = client.get("/chronology/?type=person")
    assert len(response.context["timeline"].bars) == size


@pytest.mark.django_db
def test_chronology_and_entry_page_show_uncertain_and_unknown_ends(client):
    factories.make_published("Holt, Bram", dates="1873–1941?")
    factories.make_published("Rudd, Amos", dates="?–1949")
    page = client.get("/chronology/").content.decode()
    assert 'class="bar uncertain-end at-' in page
    assert 'class="bar open-start at-' in page
    assert "1873–1941?" in page
    holt = client.get("/entries/holt-bram/").content.decode()
    assert 'data-edtf="1873/1941?"' in holt and "dates: end uncertain" in holt
    rudd = client.get("/entries/rudd-amos/").content.decode()
    assert "dates: start unknown" in rudd


def test_bars_take_their_uncertain_ends_from_the_edtf_form():
    item = SimpleNamespace(start_year=1820, end_year=1870, headword="x", dates_edtf="1820~/1870")
    (bar,) = lay_out([item], this_year=2026).bars
    assert (bar.uncertain_start, bar.uncertain_end) == (True, False)


def test_bars_and_ticks_are_placed_by_classes_to_a_tenth_of_a_percent():
    items = [
        SimpleNamespace(start_year=1890, end_year=1947, dates_edtf=""),
        SimpleNamespace(start_year=None, end_year=1921, dates_edtf=""),
    ]
    timeline = lay_out(items, this_year=2026)
    serge, zinoviev = timeline.bars
    # The axis runs 1890-1950 in steps of 10: 1921 is 51.67% along, its year ends at 53.33%.
    assert serge.position == "at-0 span-967"
    assert zinoviev.position == "at-517 span-16"
    assert [tick.position for tick in timeline.ticks][:3] == ["at-0", "at-167", "at-333"]


def test_the_static_position_sheet_is_the_one_the_code_makes():
    sheet = settings.BASE_DIR / "static" / "chronology.css"
    assert sheet.read_text() == position_css()
    assert ".at-1000{left:100%}.span-1000{width:100%}" in position_css()
