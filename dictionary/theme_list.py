"""Theme lists: which headwords a batch of seed documents files under which theme."""

import re
from dataclasses import dataclass

from .seed_format import SeedFormatError, decode_document


class ThemeList(dict):
    """Theme name -> the headwords filed under it, in file order (``parse_theme_list``);
    ``where`` tells the file and line that filed a headword, for messages."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.lines: dict[tuple[str, str], int] = {}

    def where(self, theme: str, headword: str) -> str:
        line = self.lines.get((theme, headword))
        return f"{self.name}, line {line}" if line else self.name


@dataclass
class _ThemeBlock:
    theme: str
    line: int
    filed: int = 0


def parse_theme_list(raw: bytes, *, name: str) -> dict[str, list[str]]:
    """Read a theme list: an unindented line names a theme, the indented lines under it are
    the headwords filed there; blank lines and lines starting with "#" are skipped. A theme
    named twice collects both blocks. Raise SeedFormatError naming the file, line and reason.
    """
    themes, block = ThemeList(name), None
    for number, line in enumerate(re.split(r"\r\n|\r|\n", decode_document(raw, name)), start=1):
        text = " ".join(line.split())
        if not text or text.startswith("#"):
            continue
        if line[:1].isspace():
            _file_headword(themes, block, text, number)
        else:
            _check_theme_filled(themes, block)
            block = _open_theme(themes, text, number)
    _check_theme_filled(themes, block)
    return themes


def _open_theme(themes: ThemeList, text: str, number: int) -> _ThemeBlock:
    if len(text) > 120:
        raise SeedFormatError(themes.name, number, "the theme name is longer than 120 characters")
    themes.setdefault(text, [])
    return _ThemeBlock(text, number)


def _file_headword(themes: ThemeList, block: _ThemeBlock | None, text: str, number: int) -> None:
    if block is None:
        raise SeedFormatError(
            themes.name, number, "an indented headword comes before any theme line"
        )
    block.filed += 1
    if (block.theme, text) not in themes.lines:
        themes[block.theme].append(text)
        themes.lines[(block.theme, text)] = number


def _check_theme_filled(themes: ThemeList, block: _ThemeBlock | None) -> None:
    if block is not None and not block.filed:
        raise SeedFormatError(
            themes.name, block.line, f"the theme “{block.theme}” has no headwords under it"
        )
