"""Laying editions out on a timeline: bar positions and axis ticks, as percentages.

The page places them with classes (``at-123`` is 12.3% from the left, ``span-45`` is 4.5%
wide) from static/chronology.css rather than style attributes, so the site's
Content-Security-Policy needs no 'unsafe-inline' for styles. A tenth of a percent is under a
pixel on any track a screen shows.
"""

from dataclasses import dataclass

from .dates import edtf_marks

# Tick spacings tried in turn until the axis has at most MAX_TICKS ticks.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
MAX_TICKS = 10
# Positions are classes in steps of 1/STEPS_PER_PERCENT of a percent.
STEPS_PER_PERCENT = 10


@dataclass(frozen=True)
class Bar:
    edition: object
    start: int
    end: int
    open_start: bool
    open_end: bool
    offset: float
    width: float
    # "?" in the EDTF form: an approximate, uncertain or alternative year at that end.
    uncertain_start: bool = False
    uncertain_end: bool = False

    @property
    def position(self) -> str:
        """The classes that place the bar; rounding both ends keeps neighbours aligned."""
        start = _steps(self.offset)
        return f"at-{start} span-{_steps(self.offset + self.width) - start}"


@dataclass(frozen=True)
class Tick:
    year: int
    offset: float

    @property
    def position(self) -> str:
        return f"at-{_steps(self.offset)}"


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    first_year: int
    last_year: int


def _steps(percent: float) -> int:
    return min(max(round(percent * STEPS_PER_PERCENT), 0), 100 * STEPS_PER_PERCENT)


def position_css() -> str:
    """The text of static/chronology.css: one rule per left offset and per width."""
    lines = ["/* Made by dictionary.chronology.position_css(); do not edit by hand. */"]
    for step in range(100 * STEPS_PER_PERCENT + 1):
        percent = f"{step / STEPS_PER_PERCENT:g}%"
        lines.append(f".at-{step}{{left:{percent}}}.span-{step}{{width:{percent}}}")
    return "\n".join(lines) + "\n"


def span_of(start: int | None, end: int | None, *, this_year: int) -> tuple[int, int, bool, bool]:
    """(start, end, open_start, open_end) of an entry; one missing year leaves that side open.

    "b. 1943" runs to this year; "d. 1921" is drawn as the death year alone.
    """
    if start is None:
        return end, end, True, False
    if end is None:
        return start, max(start, this_year), False, True
    return start, end, False, False


def _padded(low: int, high: int, step: int) -> tuple[int, int]:
    """The axis from low to high widened to whole steps (the end year's bar included)."""
    return (low // step) * step, -(-(high + 1) // step) * step


def _tick_step(low: int, high: int) -> int:
    for step in TICK_STEPS:
        first, last = _padded(low, high, step)
        if (last - first) // step <= MAX_TICKS:
            return step
    return TICK_STEPS[-1] * ((high - low) // (TICK_STEPS[-1] * MAX_TICKS) + 1)


def _percent(year: int, first: int, length: int) -> float:
    return round((year - first) * 100 / length, 3)


def _uncertain_ends(edition) -> tuple[bool, bool]:
    start, end = edtf_marks(getattr(edition, "dates_edtf", ""))
    return start == "?", end == "?"


def lay_out(editions, *, this_year: int) -> Timeline:
    """Place each edition that has a year on a common axis, padded to whole tick steps."""
    spans = [
        (edition, *span_of(edition.start_year, edition.end_year, this_year=this_year))
        for edition in editions
        if edition.start_year is not None or edition.end_year is not None
    ]
    if not spans:
        return Timeline([], [], this_year, this_year)
    low = min(span[1] for span in spans)
    high = max(span[2] for span in spans)
    step = _tick_step(low, high)
    first, last = _padded(low, high, step)
    length = last - first
    bars = [
        Bar(
            edition,
            start,
            end,
            open_start,
            open_end,
            _percent(start, first, length),
            max(_percent(end + 1, first, length) - _percent(start, first, length), 0.0),
            *_uncertain_ends(edition),
        )
        for edition, start, end, open_start, open_end in spans
    ]
    ticks = [Tick(year, _percent(year, first, length)) for year in range(first, last + 1, step)]
    return Timeline(bars, ticks, first, last)
