"""The names a body mentions entries by, and the index that links an entry's first mention.

An entry is named in running text by its headword as printed ("Serge, Victor"), by
"Forename Surname" for "Surname, Forename" ("Victor Serge"), by either half of a bracketed
headword ("Communist International (Comintern)"), and by its aliases. These names are stored
(``EntryName``, kept by ``dictionary.services.sync_entry_names``) with their first two
words, the *lead*: a body can only mention a name whose lead it contains, so linking a few
hundred new documents looks up the names their leads allow instead of loading all of them.
"""

import re

from .markup import CROSS_REFERENCE, ITALICS, extract_references
from .text import fold

INVERTED_NAME = re.compile(r"^([^,()]+?),\s*([^,()]+)$")
_BRACKETED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_WORD = re.compile(r"\w+(?:[-’']\w+)*")
LEAD_WORDS = 2
_LEAD_SIZES = range(1, LEAD_WORDS + 1)


def natural_names(headword: str) -> list[str]:
    """The ways a body names an entry: "Serge, Victor" gives "Serge, Victor" and "Victor Serge";
    "Communist International (Comintern)" gives that, "Communist International" and "Comintern".
    A person's bracket is a nickname ("Lemaire, Henri (Harry)"): "Harry" alone is not a name
    the body may be linked by, as it could be anyone's.
    """
    names = [headword]
    base = headword
    bracketed = _BRACKETED.match(headword)
    if bracketed:
        base = bracketed.group(1)
        names.append(base)
        if not INVERTED_NAME.match(base):
            names.append(bracketed.group(2).strip())
    inverted = INVERTED_NAME.match(base)
    if inverted:
        names.append(f"{inverted.group(2).strip()} {inverted.group(1).strip()}")
    return names


def stored_names(headword: str, alias_names) -> list[str]:
    """The names stored for an entry with this headword and these aliases, without repeats."""
    names = (linkable_name(name) for name in [*natural_names(headword), *alias_names])
    return list(dict.fromkeys(name for name in names if name is not None))


def linkable_name(name: str) -> str | None:
    """The name as the index keeps it (spaces tidied), or None if it is never linked: too
    short, or not starting with a capital (matching is case-sensitive on capitals)."""
    name = " ".join(name.split())
    return name if len(name) >= 2 and name[:1].isupper() else None


def name_lead(name: str) -> str:
    """The first words of a name, by which it is stored and looked up ("Victor Serge")."""
    return " ".join(_WORD.findall(name)[:LEAD_WORDS])


def leads_in(body: str) -> set[str]:
    """Every lead a name mentioned in ``body`` could have: each capitalised word alone and
    with the words after it, as ``name_lead`` spells them."""
    words = _WORD.findall(body)
    starts = [index for index, word in enumerate(words) if word[0].isupper()]
    return {" ".join(words[index : index + size]) for index in starts for size in _LEAD_SIZES}


def given_names(headword: str) -> set[str]:
    """The forenames of a person's headword ("Serge, Victor Lvovich" -> Victor, Lvovich)."""
    base = _BRACKETED.match(headword)
    inverted = INVERTED_NAME.match(base.group(1) if base else headword)
    return set(_WORD.findall(inverted.group(2))) if inverted else set()


class NameIndex:
    """Natural names of entries, each mapped to the headword its markup should point at.

    A name two entries share is linked to neither, homonyms included: entries are told
    apart by ``owner`` (headword and dates), since two may print the same headword. A
    one-word name that is someone's forename ("Victor") is never linked. The mentions left
    unlinked for either reason are kept in ``skipped`` for the import report.
    """

    def __init__(self):
        self.targets: dict[str, str | None] = {}
        self.owners: dict[str, object] = {}
        self.forenames: set[str] = set()
        self.skipped: list[str] = []
        # For each lead, the most words a name with that lead has.
        self.longest_by_lead: dict[str, int] = {}
        # The first words of the names: a capitalised word that starts none (most of them:
        # "The", "In") is passed over without building its lead.
        self.first_words: set[str] = set()

    def add_entry(self, headword: str, *, owner=None) -> None:
        for name in natural_names(headword):
            self.add(name, headword, owner=owner)

    def add(self, name: str, headword: str, *, owner=None) -> None:
        name = linkable_name(name)
        if name is None or not headword or "|" in headword:
            return
        owner = (headword, owner)
        self.forenames |= given_names(headword)
        if self.owners.setdefault(name, owner) != owner:
            self.targets[name] = None  # two entries share the name: link neither
        else:
            self.targets.setdefault(name, headword)
        words = _WORD.findall(name)
        lead = " ".join(words[:LEAD_WORDS])
        self.longest_by_lead[lead] = max(self.longest_by_lead.get(lead, 0), len(words))
        self.first_words.add(words[0])

    def link(self, body: str, *, own_key: str) -> str:
        """Turn the first mention of each other entry in ``body`` into [[Headword|mention]]."""
        linked = {own_key} | {fold(ref.target) for ref in extract_references(body)}
        # Never inside a cross-reference, nor inside a title in italics.
        protected = [m.span() for m in (*CROSS_REFERENCE.finditer(body), *ITALICS.finditer(body))]
        words = list(_WORD.finditer(body))
        parts, last, free = [], 0, 0  # ``free``: the first word no earlier name covers
        for index, word in enumerate(words):
            if index < free or word.group() not in self.first_words:
                continue  # only a name's first word (capitalised) can start it
            size, target, end = self._longest_at(body, words, index)
            start = word.start()
            if target is None and end and not _inside(start, protected):
                self.skipped.append(body[start:end])  # a name two entries share
            if target and fold(target) not in linked and not _inside(start, protected):
                parts += [body[last:start], _markup(target, body[start:end])]
                linked.add(fold(target))
                last = end
            free = index + size
        return "".join(parts) + body[last:]

    def _longest_at(self, body: str, words: list, index: int) -> tuple[int, str | None, int]:
        """The longest known name starting at word ``index``: (words, target, end offset)."""
        start = words[index].start()
        for size in self._sizes_at(words, index):
            end = words[index + size - 1].end()
            # A name may end with a bracket: "Communist Party of the Soviet Union (CPSU)".
            for stop in (end + 1, end) if body[end : end + 1] == ")" else (end,):
                name = " ".join(body[start:stop].split())
                if name in self.targets and not (size == 1 and name in self.forenames):
                    return size, self.targets[name], stop
        return 1, None, 0

    def _sizes_at(self, words: list, index: int) -> list[int]:
        """How many words a name starting at word ``index`` may have, longest first."""
        first = words[index].group()
        sizes = [1] if first in self.longest_by_lead else []  # a one-word name
        if index + 1 < len(words):
            lead = f"{first} {words[index + 1].group()}"
            most = min(self.longest_by_lead.get(lead, 0), len(words) - index)
            sizes = list(range(most, 1, -1)) + sizes
        return sizes


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _markup(target: str, mention: str) -> str:
    return f"[[{target}]]" if mention == target else f"[[{target}|{mention}]]"
