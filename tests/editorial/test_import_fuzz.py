"""The seed importer fuzzed: mangled seed documents are imported or reported, never half-written.

Hypothesis builds seed documents (headword, dates glued to the body, source line) and
mangles them: control characters, a huge line, missing or extra lines, odd Unicode, stray
markup, other encodings and invalid bytes. Each example imports two files, the mangled one
and one in the seed shape, through the service ``import_seeds`` uses, inside a transaction
rolled back afterwards. The budget is small and fixed (derandomized), so CI runs the same
examples in a few seconds.
"""

import itertools
from contextlib import contextmanager

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from reversion.models import Revision

from dictionary.models import (
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Edition,
    Entry,
    EntryName,
    Work,
)
from editorial.importing import import_seed_documents
from editorial.models import EntryWorkflow, State
from tests.factories import SEED_SOURCE

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
COUNTED = (
    Entry,
    Alias,
    EntryName,
    Work,
    Citation,
    CrossReference,
    Edition,
    Credit,
    Contributor,
    EntryWorkflow,
    Revision,
)
_runs = itertools.count()

HEADWORDS = [
    "Serge, Victor",
    "Zinoviev, Grigori",
    "Communist International (Comintern)",
    "CPSU",
    "Luxemburg, Rosa (1871–1919)",
    "Lind, Anna, known as A. Lind",
    "Ng",
]
DATES = ["(1890–1947)", "(b. 1943)", "(?–1949)", "(c. 1820–1870)", "(95-46 B.C.)", "(1919–)"]
BROKEN_DATES = ["(", "()", "(1890–", "(—)", "(0000–9999)", "(1890–1947)(1890–1947)", ""]
SENTENCES = [
    "Born in Brussels.",
    "He wrote The Case of Comrade Tulayev (1950).",
    "Worked with Grigori Zinoviev and the CPSU.",
    "See Serge, Victor.",
    "See also Zinoviev.",
    "She took a Ph.D. at Ghent.",
    "Text by A. Writer.",
]
STRAY = [
    "[[",
    "]]",
    "[[Serge, Victor|",
    "*",
    "**",
    "\\",
    "<script>alert(1)</script>",
    "&amp;",
    "- ",
    "[x](javascript:alert(1))",
    "| |",
]
ODD_CHARACTERS = [
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\U0001f600",
    "e\u0301",
    "\u0130",
    "\u00df",
    "\t",
    "\r",
]

lines_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60
)
piece = st.one_of(
    st.sampled_from(SENTENCES), st.sampled_from(STRAY), st.sampled_from(ODD_CHARACTERS), lines_text
)


@st.composite
def seed_lines(draw) -> list[str]:
    """A seed document's lines, before mangling: mostly well formed, sometimes not."""
    headword = draw(st.one_of(st.sampled_from(HEADWORDS), lines_text))
    dates = draw(st.sampled_from(DATES + BROKEN_DATES))
    body = "".join(draw(st.lists(piece, min_size=1, max_size=6)))
    source = draw(st.sampled_from([SEED_SOURCE, "Garbage . 20144.", "", ". 2014."]))
    return [f"- {headword}", f"- {dates}{body}", source]


def _insert(text: str, position: int, addition: str) -> str:
    position %= len(text) + 1
    return text[:position] + addition + text[position:]


MANGLINGS = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 400), st.sampled_from(ODD_CHARACTERS + STRAY)),
    st.tuples(st.just("huge"), st.integers(0, 2), st.integers(5_000, 40_000)),
    st.tuples(st.just("drop"), st.integers(0, 2), st.none()),
    st.tuples(st.just("extra"), st.integers(0, 3), lines_text),
    st.tuples(st.just("dash"), st.integers(0, 2), st.none()),
)


def _mangle(lines: list[str], manglings) -> str:
    lines = list(lines)
    for kind, where, what in manglings:
        index = where % len(lines) if lines else 0
        if kind == "insert" and lines:
            lines[index] = _insert(lines[index], where, what)
        elif kind == "huge" and lines:
            lines[index] += " Word" * (what // 5)
        elif kind == "drop" and lines:
            del lines[index]
        elif kind == "extra":
            lines.insert(min(where, len(lines)), what)
        elif kind == "dash" and lines:
            lines[index] = lines[index].removeprefix("- ")
    return "\n".join(lines)


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16", "bad"])


def _encode(text: str, encoding: str, newline: str) -> bytes:
    text = text.replace("\n", newline)
    if encoding == "bad":  # valid UTF-8 cut by an invalid byte and a lone continuation byte
        return text.encode() + b"\xff\x80" + text[:5].encode()
    return text.encode(encoding, errors="replace")


NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
# Half the documents keep their shape (odd text in well-placed lines, so the writing side
# is exercised), half are mangled (mostly refused while reading).
documents = st.one_of(
    st.builds(
        lambda lines, newline: _encode("\n".join(lines), "utf-8", newline), seed_lines(), NEWLINES
    ),
    st.builds(
        lambda lines, manglings, encoding, newline: _encode(
            _mangle(lines, manglings), encoding, newline
        ),
        seed_lines(),
        st.lists(MANGLINGS, min_size=1, max_size=3),
        ENCODINGS,
        NEWLINES,
    ),
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _orphans() -> dict[str, int]:
    """Rows no import should leave behind: a work nothing cites, a contributor who signs
    nothing, a revision with no version, an entry without a workflow row, and a published
    workflow without an edition."""
    return {
        "works not cited": Work.objects.filter(citations__isnull=True).count(),
        "contributors without credits": Contributor.objects.filter(credits__isnull=True).count(),
        "revisions without versions": Revision.objects.filter(version__isnull=True).count(),
        "entries without workflow": Entry.objects.filter(workflow__isnull=True).count(),
        "published without edition": EntryWorkflow.objects.filter(
            state=State.PUBLISHED, entry__editions__isnull=True
        ).count(),
    }


@contextmanager
def _rolled_back():
    """Each example starts from the same empty dictionary."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@EXAMPLES
@given(mangled=documents, other=seed_lines())
def test_any_seed_document_is_imported_or_reported_and_never_half_written(tmp_path, mangled, other):
    folder = tmp_path / f"run{next(_runs)}"
    folder.mkdir()
    mangled_path, other_path = folder / "a-mangled.txt", folder / "b-other.txt"
    mangled_path.write_bytes(mangled)
    other_path.write_bytes("\n".join(other).encode())
    before = _counts()
    with _rolled_back():
        report = import_seed_documents(paths=[folder])
        after = _counts()
        assert _orphans() == dict.fromkeys(_orphans(), 0)
    outcome = report.outcomes[str(mangled_path)]
    # Seen with --hypothesis-show-statistics: how often each outcome was exercised.
    event(f"mangled file {outcome}")
    for error in report.errors:
        event("E " + error.split(":", 2)[-1][:50])
    assert set(report.outcomes) == {str(mangled_path), str(other_path)}
    assert len(report.errors) >= report.failed
    if outcome == "failed":
        # The failed file left nothing: the run wrote what the other file alone writes.
        assert any(error.startswith(str(mangled_path)) for error in report.errors)
        with _rolled_back():
            alone = import_seed_documents(paths=[other_path])
            assert _counts() == after
        assert alone.outcomes[str(other_path)] == report.outcomes[str(other_path)]
    if "failed" in report.outcomes.values() and len(set(report.outcomes.values())) == 1:
        assert after == before
