"""CSL names as bibliographies print them, shared by the entry page and the exports.

A CSL name keeps its particles apart from the family name. A non-dropping particle stays
with the family name even when the name is inverted ("van Gogh, Vincent"); a dropping
particle is printed only with the given name, so inverting moves it after the given name
("Beethoven, Ludwig van"). A literal name (an institution, say) is never split or inverted.
Escaping is each format's own business: these functions return plain text.
"""

import re
from typing import NamedTuple


class NameParts(NamedTuple):
    """A CSL name in the three pieces an inverted form is made of, or a literal name."""

    family: str  # with its non-dropping particle: "van Gogh"
    given: str  # with its dropping particle: "Ludwig van"
    suffix: str
    literal: str = ""


def name_parts(name: dict | str) -> NameParts:
    """The name's family, given and suffix pieces, particles placed; a literal kept whole."""
    name = as_csl_name(name)
    literal = _part(name, "literal")
    if literal:
        return NameParts("", "", "", literal)
    if not _part(name, "given"):
        # With no given name to follow, a dropping particle stays before the family name.
        family = _joined(name, "dropping-particle", "non-dropping-particle", "family")
        return NameParts(family=family, given="", suffix=_part(name, "suffix"))
    return NameParts(
        family=_joined(name, "non-dropping-particle", "family"),
        given=_joined(name, "given", "dropping-particle"),
        suffix=_part(name, "suffix"),
    )


def sorted_name(name: dict | str) -> str:
    """The name as a bibliography lists it: "van Gogh, Vincent", "King, Martin Luther, Jr."."""
    parts = name_parts(name)
    return parts.literal or ", ".join(filter(None, (parts.family, parts.given, parts.suffix)))


def display_name(name: dict | str) -> str:
    """The name in reading order: "Ludwig van Beethoven", "Martin Luther King Jr."."""
    name = as_csl_name(name)
    return _part(name, "literal") or _joined(
        name, "given", "dropping-particle", "non-dropping-particle", "family", "suffix"
    )


def as_csl_name(name) -> dict:
    """A CSL name dict; anything else stored as a name (a bare string) counts as literal."""
    return name if isinstance(name, dict) else {"literal": str(name or "")}


def _part(name: dict, key: str) -> str:
    return " ".join(str(name.get(key) or "").split())


def _joined(name: dict, *keys: str) -> str:
    return " ".join(filter(None, (_part(name, key) for key in keys)))


# Reading the authors a source line names ---------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Lower-case words that belong to a person's name as particles ("van Gogh", "de la Tour").
PARTICLES = _word_set(
    "van von vom de der den del della des di da das do dos du la le les ter ten zu y"
)
SUFFIXES = _word_set("jr jr. sr sr. ii iii iv")
# Words that make a name a body's rather than a person's ("Museum of the Revolution").
CORPORATE_WORDS = _word_set(
    "museum institute institut society university college committee press association "
    "library archive archives centre center foundation council ministry department office "
    "commission academy project company editors staff team agency federation network "
    "collective inc ltd corporation encyclopaedia encyclopedia dictionary government "
    "republic board editorial"
)
_SEPARATOR = re.compile(r"\s*;\s*|\s*,?\s+(?:and|&)\s+|\s*&\s*")
_ET_AL = re.compile(r",?\s*\bet\s*al\b\.?", re.IGNORECASE)
# "Walker and Gray, eds.", "(eds.)", "Walker, editor", "Walker ed.", "edited by Walker";
# never "The Headword editors", which is a body's name.
_EDITORS = re.compile(
    r"(?:(?:,\s*|\s*\()(?:eds?\.?|editors?)\)?|\s+eds?\.)\s*$|^\s*(?:edited\s+by|eds?\.)\s+",
    re.IGNORECASE,
)
_FINAL_STOP = re.compile(r"(?<=\w{3})\.$")
_WORD = re.compile(r"[\w’'.-]+")


class NameList(NamedTuple):
    """The names a byline gives, and whether they are editors ("eds.") or authors."""

    names: list[dict]
    editors: bool = False
    more: bool = False  # "et al.": others are not named


def parse_name_list(text: str) -> NameList:
    """CSL names from a printed list of names: "David Walker and Daniel Gray",
    "Walker, David; Gray, Daniel", "A. Smith, B. Jones & C. Brown", "Ludwig van Beethoven",
    "Smith et al.", "Walker and Gray, eds.". A body's name ("Museum of the Revolution", "The
    Headword editors") stays whole, as a literal name."""
    # A stray space before a full stop ("Daniel Gray .") is dropped.
    text = re.sub(r"\s+(?=[.,;])", "", " ".join(text.split())).strip(" ,;")
    editors = bool(_EDITORS.search(text))
    text = _EDITORS.sub("", text)
    more = bool(_ET_AL.search(text))
    text = _FINAL_STOP.sub("", _ET_AL.sub("", text).strip(" ,;"))
    if looks_corporate(text):
        return NameList([{"literal": text}] if text else [], editors, more)
    names: list[dict] = []
    for part in filter(None, (p.strip(" ,") for p in _SEPARATOR.split(text))):
        names.extend(_names_in(part))
    if more or len(names) > 1:
        # In a list of people, a single word is a family name ("Smith et al.").
        names = [{"family": n["literal"]} if set(n) == {"literal"} else n for n in names]
    return NameList(names, editors, more)


def looks_corporate(text: str) -> bool:
    """Whether a name is a body's: it has a word such as "Museum" or "Press", or a small word
    that is no particle ("of", "the", "for")."""
    words = [word.strip(".,").lower() for word in _WORD.findall(text)]
    if any(word in CORPORATE_WORDS for word in words):
        return True
    small = [w for w in _WORD.findall(text) if w[:1].islower() and w.strip(".,") != "and"]
    return any(word.strip(".,").lower() not in PARTICLES for word in small)


def _names_in(part: str) -> list[dict]:
    """The names in one piece between "and"s: an inverted name or names split by commas."""
    pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
    if len(pieces) == 2 and _is_inverted(*pieces):
        return [_inverted(*pieces)]
    if len(pieces) > 2 and len(pieces) % 2 == 0 and all(" " not in p for p in pieces[::2]):
        # "Walker, David, Gray, Daniel": pairs of family and given names.
        return [_inverted(pieces[i], pieces[i + 1]) for i in range(0, len(pieces), 2)]
    names: list[dict] = []
    for piece in pieces:
        if piece.lower() in SUFFIXES and names:
            names[-1]["suffix"] = piece  # "Martin Luther King, Jr."
        else:
            names.append(natural_name(piece))
    return names


def _is_inverted(family: str, given: str) -> bool:
    """ "Walker, David" or "van Gogh, Vincent": a family name (with particles) then given names."""
    family_words = family.split()
    if given.lower() in SUFFIXES:
        return False
    return len(family_words) == 1 or all(w in PARTICLES for w in family_words[:-1])


def _inverted(family: str, given: str) -> dict:
    *particles, last = family.split()
    name = {"family": last, "given": given}
    if particles:
        name["non-dropping-particle"] = " ".join(particles)
    return name


def natural_name(text: str) -> dict:
    """A name in reading order as CSL parts: "Pierre de la Tour" has the particle "de la";
    a single word is kept as a literal name."""
    words = text.split()
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in SUFFIXES else ""
    if len(words) < 2:
        return {"literal": text}
    first_particle = next(
        (i for i, word in enumerate(words[1:-1], start=1) if word in PARTICLES), len(words) - 1
    )
    name = {"given": " ".join(words[:first_particle]), "family": words[-1]}
    particle = " ".join(words[first_particle:-1])
    if particle:
        name["non-dropping-particle"] = particle
    if suffix:
        name["suffix"] = suffix
    return name
