"""Reading a JSON document whose top level is an object, its lists item by item.

``json.load`` holds a whole export in memory (a 100,000-entry export is gigabytes of Python
objects). ``top_level_items`` parses the top-level object itself and hands each item of the
lists it names to the caller as soon as it is read, decoding one item at a time with the
standard library's decoder from a buffer of about ``CHUNK`` characters. Any layout of valid
JSON is read; errors give the line and column in the whole file, as ``json.load`` does.
"""

import json
from collections.abc import Iterator
from typing import TextIO

CHUNK = 1 << 20  # characters read at a time
# A decoding error this close to the end of the buffer may be a value cut by the buffer's
# end (an escape such as \u00e9 is six characters long): read more and decode it again.
_CUT_MARGIN = 8
_SPACE = " \t\r\n"
_NUMBER = "0123456789+-.eE"


class JsonStreamError(ValueError):
    """Not valid JSON, or not an object at the top level; ``line`` and ``column`` count from 1."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(f"{message}: line {line} column {column}")
        self.message, self.line, self.column = message, line, column


Member = tuple[str, int | None, object]


def top_level_items(source: TextIO, lists: tuple[str, ...]) -> Iterator[Member]:
    """The top-level members in the file's order: ``(key, None, value)`` for each, but for
    a list named in ``lists``, ``(key, None, [])`` as it opens and then ``(key, index,
    item)`` for each of its items."""
    stream = _Stream(source)
    stream.expect("{")
    if stream.next_is("}"):
        stream.expect_end()
        return
    while True:
        key = stream.value()
        if not isinstance(key, str):
            stream.fail("Expecting property name enclosed in double quotes")
        stream.expect(":")
        if key in lists and stream.next_is("["):
            yield key, None, []
            yield from _list_items(stream, key)
        else:
            yield key, None, stream.value()
        if stream.next_is("}"):
            break
        stream.expect(",")
    stream.expect_end()


def _list_items(stream: "_Stream", key: str):
    if stream.next_is("]"):
        return
    index = 0
    while True:
        yield key, index, stream.value()
        index += 1
        if stream.next_is("]"):
            return
        stream.expect(",")


class _Stream:
    """A text source read ``CHUNK`` characters at a time: the unread part in ``buffer``
    from ``pos``, and where the buffer starts in the file, for error positions."""

    def __init__(self, source: TextIO):
        self.source, self.buffer, self.pos, self.ended = source, "", 0, False
        self.line, self.column = 1, 0  # of the buffer's first character (column from 0)
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        """Drop what was read, append the next chunk; False at the end of the file."""
        if self.ended:
            return False
        chunk = self.source.read(CHUNK)
        if not chunk:
            self.ended = True
            return False
        read = self.buffer[: self.pos]
        newlines = read.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(read) - read.rfind("\n") - 1
        else:
            self.column += len(read)
        self.buffer, self.pos = self.buffer[self.pos :] + chunk, 0
        return True

    def _skip_space(self) -> None:
        while True:
            buffer, pos = self.buffer, self.pos
            while pos < len(buffer) and buffer[pos] in _SPACE:
                pos += 1
            self.pos = pos
            if pos < len(buffer) or not self._fill():
                return

    def next_is(self, char: str) -> bool:
        """Whether the next character (past white space) is ``char``; if so, it is read."""
        self._skip_space()
        if self.buffer[self.pos : self.pos + 1] == char:
            self.pos += 1
            return True
        return False

    def expect(self, char: str) -> None:
        if not self.next_is(char):
            names = {",": "',' delimiter", ":": "':' delimiter"}
            self.fail(f"Expecting {names.get(char, repr(char))}")

    def expect_end(self) -> None:
        self._skip_space()
        if self.pos < len(self.buffer):
            self.fail("Extra data")

    def value(self):
        """The next JSON value, decoded whole."""
        self._skip_space()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                cut = error.pos >= len(self.buffer) - _CUT_MARGIN or error.msg.startswith(
                    "Unterminated string"
                )
                if cut and self._fill():
                    continue
                self.fail(error.msg, error.pos)
            # A number the buffer ends in, or ends a few characters after ("1." of "1.25"),
            # may go on in the next chunk.
            rest = self.buffer[end:]
            cut = isinstance(value, int | float) and not rest.strip(_NUMBER)
            if cut and self._fill():
                continue
            self.pos = end
            return value

    def fail(self, message: str, pos: int | None = None):
        pos = self.pos if pos is None else pos
        before = self.buffer[:pos]
        newlines = before.count("\n")
        column = pos - before.rfind("\n") if newlines else self.column + pos + 1
        raise JsonStreamError(message, self.line + newlines, column)
