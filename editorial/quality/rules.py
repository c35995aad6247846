"""The quality checks, one small rule each: given an entry and what is known of the others
(a ``corpus``), each yields the problems it sees, with the quoted place and a suggested fix.

A rule reads only the entry's fields, its prefetched ``citations`` (with their works) and
``outgoing_references``, and the corpus, so the same rule runs on one entry as it is saved
and on 100,000 in a stream (``editorial.quality.running``).
"""

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dictionary.dates import read_dates

from .models import Check


@dataclass(frozen=True)
class Problem:
    rule: str
    place: str
    message: str
    suggestion: str = ""


# An abbreviation: two to eight capitals standing alone ("CPSU", not "Paris" or "U.S.").
_ABBREVIATION = re.compile(r"(?<![\w.])[A-Z]{2,8}(?![\w.])")
# Inline markup is [[Target]] or [[Target|label]]: the words a reader sees are the label.
_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_SPACE_BEFORE = re.compile(r"(\S+)[ \t]+([.,;:!?)\]])(?=\s|$)(?! \.)")
# A full stop between a lower-case word (or a year) and a capitalised one: "1947.Serge".
_GLUED = re.compile(r"(\S*[a-z0-9)’”])([.!?])([A-Z][a-z][^\s,;:]*)")
_DIED = re.compile(r"\bdied\b(?:[ ,]+[\w’]+){0,4}?[ ,]+in (\d{3,4})\b")
_BORN = re.compile(r"\bborn\b(?:[ ,]+[\w’]+){0,4}?[ ,]+in (\d{3,4})\b", re.IGNORECASE)
# Life dates in brackets right after a link: "(1883–1936)", "(b. 1943)", "(d. 1921)".
_BRACKETED_DATES = re.compile(r"\s*\(((?:b\.|d\.)\s*\d{3,4}|\d{3,4}\s*[–-]\s*\d{2,4})\)")
# How far after a link its clause is read, and where the clause ends.
_CLAUSE = 120
# "[[X]] died", "[[X]], who was born", "[[X]] (born": the verb's subject is the link.
_ATTACHED = re.compile(r"[\s,(]*(?:who\s+)?(?:was\s+|had\s+)?(?=born\b|died\b)")
_CLAUSE_END = re.compile(r"[.;:]\s|\[\[")
_PAIRS = {")": "(", "]": "[", "”": "“", "»": "«"}
SIMILARITY = 0.9
_DIGITS = re.compile(r"\d")
_QUOTE_MARGIN = 30


def quote(text: str, start: int, end: int, margin: int = _QUOTE_MARGIN) -> str:
    """The text from ``start`` to ``end`` with a few words either side, as a finding quotes it."""
    left = max(0, start - margin)
    right = min(len(text), end + margin)
    if left > 0 and " " in text[left:start]:
        left = text.index(" ", left) + 1
    if right < len(text) and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet[:290] + ("…" if right < len(text) else "")


def visible_text(body: str) -> str:
    """The body as readers see its words: each inline link replaced by its label."""
    return _LINK.sub(lambda match: match.group(2) or match.group(1), body)


# Text rules --------------------------------------------------------------------------------


def abbreviation_variant(entry, corpus) -> Iterator[Problem]:
    """An abbreviation one letter off a known one ("CSPU" where "CPSU" is known)."""
    text = visible_text(entry.body)
    known = corpus.abbreviations | defined_abbreviations(text)
    seen = set()
    for match in _ABBREVIATION.finditer(text):
        word = match.group()
        if word in known or word in seen:
            continue
        seen.add(word)
        for other in sorted(known):
            if _looks_like(word, other):
                yield Problem(
                    Check.ABBREVIATION,
                    quote(text, match.start(), match.end()),
                    f"“{word}” is not a known abbreviation, but “{other}” is.",
                    f"Write “{other}” if that is meant.",
                )
                break


def space_before_punctuation(entry, corpus) -> Iterator[Problem]:
    """A space between a word and the punctuation after it ("Gray .")."""
    text = visible_text(entry.body)
    for match in _SPACE_BEFORE.finditer(text):
        word, mark = match.groups()
        if mark in ".!?" and word.endswith((".", "…")):
            continue  # an ellipsis or spaced dots are written that way on purpose
        yield Problem(
            Check.SPACE_BEFORE_PUNCTUATION,
            quote(text, match.start(), match.end()),
            f"A space before “{mark}”.",
            f"Write “{word}{mark}”.",
        )


def glued_sentence(entry, corpus) -> Iterator[Problem]:
    """A sentence that runs into the next without a space ("in 1947.Serge’s")."""
    text = visible_text(entry.body)
    for match in _GLUED.finditer(text):
        before, mark, after = match.groups()
        if "." in before or "/" in before:
            continue  # an abbreviation ("e.g.Smith" is rare) or an address
        yield Problem(
            Check.GLUED_SENTENCE,
            quote(text, match.start(), match.end()),
            f"No space after “{before}{mark}”: two sentences run together.",
            f"Write “{before}{mark} {after}” (or start a new paragraph).",
        )


def dates_in_body(entry, corpus) -> Iterator[Problem]:
    """The body gives a year of birth or death that the entry's dates contradict."""
    if entry.entry_type != "person" or any(mark in entry.dates for mark in "c?~"):
        return
    text = visible_text(entry.body)
    checks = [(_BORN, entry.start_year, "born", "begin"), (_DIED, entry.end_year, "died", "end")]
    for pattern, year, verb, end in checks:
        if year is None:
            continue
        for match in pattern.finditer(text):
            if int(match.group(1)) != year:
                yield Problem(
                    Check.DATES_IN_BODY,
                    quote(text, match.start(), match.end()),
                    f"The body says {verb} in {match.group(1)}; the dates "
                    f"“{entry.dates}” {end} in {year}.",
                    "Correct the dates or the body, whichever is wrong.",
                )


def dates_of_linked_entry(entry, corpus) -> Iterator[Problem]:
    """The body gives a linked entry life dates its own entry contradicts: "[[Zinoviev,
    Grigori|Zinoviev]] (1883–1939)" or "[[Serge, Victor]], who died in 1946", where that
    entry's dates say 1883–1936 or 1890–1947.

    Only what the text states about the linked entry itself at the link is compared: dates
    in brackets right after it, or "born/died ... in <year>" in the clause that follows it
    whose subject is the link ("..., who died in 1946"; before the next link or the
    sentence's end). A year merely mentioned near a name (a
    posthumous rehabilitation, an event after a death) is not a claim about its dates, so
    it is never compared; nor are approximate or uncertain dates on either side.
    """
    targets = _exactly_dated_targets(entry)
    if not targets:
        return
    body = entry.body
    for link in _LINK.finditer(body):
        target = targets.get(link.group(1).strip())
        if target is None:
            continue
        for stated, end, (born, died) in _stated_dates(body, link.end()):
            contradicted = (born is not None and born != target.start_year) or (
                died is not None and died != target.end_year
            )
            if contradicted:
                yield Problem(
                    Check.DATES_OF_LINKED_ENTRY,
                    visible_text(quote(body, link.start(), end)),
                    f"The text gives “{target.headword}” {stated}; that entry’s dates are "
                    f"“{target.dates}”.",
                    f"Correct the dates here or in “{target.headword}”, whichever is wrong.",
                )


def _exactly_dated_targets(entry) -> dict:
    """The entry's inline link targets with exact dates, by the text they are written as."""
    return {
        reference.target_text: reference.target
        for reference in entry.outgoing_references.all()
        if reference.target_id is not None
        and reference.target.dates
        and not any(mark in reference.target.dates for mark in "c?~")
        and (reference.target.start_year, reference.target.end_year) != (None, None)
    }


def _stated_dates(body: str, position: int) -> Iterator[tuple]:
    """What the text right after a link says of the linked entry's dates: (how it says it,
    where that ends, (year of birth or None, year of death or None))."""
    after = body[position : position + _CLAUSE]
    bracket = _BRACKETED_DATES.match(after)
    if bracket:
        printed = bracket.group(1)
        dates, read = read_dates(printed)
        if read and not any(mark in printed for mark in "c?~"):
            born = dates.start_year if not printed.lstrip().startswith("d") else None
            died = dates.end_year if not printed.lstrip().startswith("b") else None
            yield f"the dates “{printed}”", position + bracket.end(), (born, died)
        return
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    attached = _ATTACHED.match(clause)  # the clause says it of the linked entry itself
    if not attached:
        return
    for pattern, verb in ((_BORN, "born"), (_DIED, "died")):
        match = pattern.match(clause, attached.end())
        if match:
            year = int(match.group(1))
            years = (year, None) if verb == "born" else (None, year)
            yield f"{verb} in {year}", position + match.end(), years


def unbalanced(entry, corpus) -> Iterator[Problem]:
    """An opening bracket or quotation mark never closed, or a closing one never opened."""
    text = entry.body
    opened: list[int] = []
    for position, char in enumerate(text):
        if char in _PAIRS.values():
            opened.append(position)
        elif char in _PAIRS:
            if opened and text[opened[-1]] == _PAIRS[char]:
                opened.pop()
            else:
                yield _unbalanced(
                    text, position, f"The closing {char} matches no opening one.", "Remove it"
                )
                return
    if opened:
        char = text[opened[0]]
        yield _unbalanced(text, opened[0], f"The opening {char} is never closed.", "Close it")
        return
    if text.count('"') % 2:
        yield _unbalanced(text, text.rindex('"'), 'An odd number of “"”.', "Pair it")


def _unbalanced(text: str, position: int, message: str, fix: str) -> Problem:
    return Problem(
        Check.UNBALANCED, quote(text, position, position + 1), message, f"{fix} where quoted."
    )


# Rules about what the entry cites and links to ----------------------------------------------


def unconfirmed_citation(entry, corpus) -> Iterator[Problem]:
    """A citation the importer extracted from the text that no editor has confirmed."""
    for citation in entry.citations.all():
        if not citation.confirmed:
            yield Problem(
                Check.UNCONFIRMED_CITATION,
                str(citation.work)[:290],
                f"A citation ({citation.get_role_display().lower()}) extracted by machine "
                "that no editor has confirmed.",
                "Check it against the text, correct the work if need be, and tick "
                "“confirmed” (or remove the citation).",
            )


def wanted_link(entry, corpus) -> Iterator[Problem]:
    """A cross-reference to an entry that does not exist (a wanted entry)."""
    for reference in entry.outgoing_references.all():
        if reference.target_id is None:
            yield Problem(
                Check.WANTED_LINK,
                reference.target_text[:290],
                f"“{reference.target_text}” names no entry: readers see plain text.",
                f"Write the entry “{reference.target_text}”, or point the link at an "
                "existing entry.",
            )


def unpublished_link(entry, corpus) -> Iterator[Problem]:
    """A published entry that links to an entry readers cannot see yet."""
    if not corpus.is_published(entry.pk):
        return
    for reference in entry.outgoing_references.all():
        if reference.target_id is not None and not corpus.is_published(reference.target_id):
            yield Problem(
                Check.UNPUBLISHED_LINK,
                reference.target_text[:290],
                f"“{reference.target_text}” is not published: readers of this entry "
                "see the link as plain text.",
                f"Have “{reference.target_text}” reviewed and published, or drop the link.",
            )


def similar_headword(entry, corpus) -> Iterator[Problem]:
    """A headword very like its neighbours' in the A–Z: a possible duplicate or misspelling."""
    for other in corpus.neighbours(entry):
        if other.pk == entry.pk or _homonyms(entry, other):
            continue
        ratio = difflib.SequenceMatcher(None, entry.match_key, other.match_key).ratio()
        if ratio >= SIMILARITY:
            yield Problem(
                Check.SIMILAR_HEADWORD,
                entry.headword[:290],
                f"“{entry.headword}” is very like “{other.headword}”"
                f"{f' ({other.dates})' if other.dates else ''}.",
                "If they are one subject, merge them; if one is misspelled, correct it.",
            )


def _homonyms(entry, other) -> bool:
    """Two entries with one headword told apart by their dates (two people named alike), or
    headwords that differ only in their numbers ("Congress of 1887", "Congress of 1876")."""
    if entry.match_key != other.match_key:
        return _DIGITS.sub("", entry.match_key) == _DIGITS.sub("", other.match_key)
    return entry.dates != other.dates != ""


# Helpers --------------------------------------------------------------------------------


def defined_abbreviations(text: str) -> set[str]:
    """Abbreviations the text defines, as in "Communist Party of the Soviet Union (CPSU)":
    capitals in brackets whose letters begin the words before them, in order."""
    defined = set()
    for match in re.finditer(r"\(([A-Z]{2,8})\)", text):
        initials = "".join(
            word[0].upper() for word in re.findall(r"\w+", text[: match.start()])[-12:]
        )
        if _is_subsequence(match.group(1), initials):
            defined.add(match.group(1))
    return defined


def _looks_like(word: str, other: str) -> bool:
    # Three letters differ by one in too many real pairs ("USA", "USR"): only a swap counts.
    if min(len(word), len(other)) < 4:
        return sorted(word) == sorted(other) and one_edit_apart(word, other)
    return one_edit_apart(word, other)


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def one_edit_apart(word: str, other: str) -> bool:
    """Whether one letter changed, added or dropped, or two neighbours swapped, make them alike."""
    if word == other or abs(len(word) - len(other)) > 1:
        return False
    if len(word) == len(other):
        differ = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
        if len(differ) == 1:
            return True
        first, second = (differ + [None, None])[:2]
        return (
            len(differ) == 2
            and second == first + 1
            and (word[first], word[second]) == (other[second], other[first])
        )
    shorter, longer = sorted([word, other], key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


RULES = [
    abbreviation_variant,
    space_before_punctuation,
    glued_sentence,
    dates_in_body,
    dates_of_linked_entry,
    unbalanced,
    unconfirmed_citation,
    wanted_link,
    unpublished_link,
    similar_headword,
]


def problems_in(entry, corpus) -> list[Problem]:
    """Every problem every rule finds in the entry, in the rules' order."""
    return [problem for rule in RULES for problem in rule(entry, corpus)]
