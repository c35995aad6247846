"""A search corrected for its spelling, said as search engines say it: "Showing results for
Zinoviev", with the search for the words as typed offered beside it.

The search (``dictionary.search``) adds or substitutes names spelt like the words when the
words themselves find little; this module only reads what it returned. A page of results is
corrected when none of its results holds the typed words (in its folded names, or marked in
its snippet); the correction is the typed words with each missing one replaced by the
nearest word of the first result's names, in that name's own spelling.
"""

import difflib
import re

from ..text import fold

# How near a word of the first result's names must be to a typed word to stand for it.
NEAREST = 0.6
# Asks for the results of the words as typed, without the correction.
AS_TYPED = "as-typed"
_WORD = re.compile(r"\w+")


def corrected_query(query: str, results: list) -> str | None:
    """The words the page's results stand for, when they hold none of the typed words;
    else None. ``results`` carry ``search_names`` and ``aliases``, and ``snippet`` if cut."""
    typed = [word for word in query.split() if fold(word)]
    if not typed or not results or any(_holds(result, typed) for result in results):
        return None
    first = results[0]
    spelt = {}
    for name in [first.headword, *first.aliases]:
        for word in _WORD.findall(name):
            spelt.setdefault(fold(word), word)
    words = []
    for word in typed:
        if _found(fold(word), first.search_names):
            words.append(word)
            continue
        nearest = difflib.get_close_matches(fold(word), list(spelt), n=1, cutoff=NEAREST)
        if not nearest:
            return None
        words.append(spelt[nearest[0]])
    correction = " ".join(words)
    return correction if fold(correction) != fold(" ".join(typed)) else None


def _holds(result, typed: list[str]) -> bool:
    if "<mark>" in str(getattr(result, "snippet", None) or ""):
        return True
    return all(_found(fold(word), result.search_names) for word in typed)


def _found(folded: str, names: str) -> bool:
    """Whether a folded word is among the names (a plural under its singular); words of
    one or two letters ("of", "la") say too little to correct and count as found."""
    if len(folded) < 3:
        return True
    stems = {folded, folded.removesuffix("es"), folded.removesuffix("s")}
    return any(stem in names for stem in stems if len(stem) >= 3)
