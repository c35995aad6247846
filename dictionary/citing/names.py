"""CSL names as bibliographies print them, shared by the entry page and the exports.

A CSL name keeps its particles apart from the family name. A non-dropping particle stays
with the family name even when the name is inverted ("van Gogh, Vincent"); a dropping
particle is printed only with the given name, so inverting moves it after the given name
("Beethoven, Ludwig van"). A literal name (an institution, say) is never split or inverted.
Escaping is each format's own business: these functions return plain text.
"""

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
