"""The streaming JSON reader under import_dictionary: what json.load reads, item by item, with
json.load's error positions, holding a chunk of the file and one item at a time."""

import io
import json

import pytest

from editorial.loading import streaming
from editorial.loading.streaming import JsonStreamError, top_level_items


def read_all(text: str, lists=("entries",)) -> dict:
    """The document rebuilt from what the reader yields."""
    document = {}
    for key, index, value in top_level_items(io.StringIO(text), lists):
        if index is None:
            document[key] = value
        else:
            document[key].append(value)
    return document


DOCUMENT = {
    "format": "x",
    "version": 2,
    "ratio": 1.25,
    "flag": None,
    "themes": [{"slug": "a", "name": 'Ä \u00e9 \\ "quoted"'}],
    "entries": [
        {"id": number, "body": "é" * (number % 7) + "\u2014 \n line", "n": [number, -number]}
        for number in range(300)
    ],
    "empty": [],
    "tail": 12345678901234567890,
}


@pytest.mark.parametrize("chunk", [1, 2, 7, 64, streaming.CHUNK])
@pytest.mark.parametrize("indent", [None, 2])
def test_any_layout_and_any_chunk_size_reads_what_json_load_reads(monkeypatch, chunk, indent):
    monkeypatch.setattr(streaming, "CHUNK", chunk)  # values cut anywhere by the buffer's end
    text = json.dumps(DOCUMENT, indent=indent, ensure_ascii=chunk % 2 == 0)
    assert read_all(text, lists=("entries", "themes", "empty")) == json.loads(text)


def test_lists_not_named_are_read_whole_and_items_come_with_their_index():
    members = list(top_level_items(io.StringIO(json.dumps(DOCUMENT)), ("entries",)))
    assert members[4] == ("themes", None, DOCUMENT["themes"])
    assert members[5] == ("entries", None, [])  # the list opens
    assert members[6] == ("entries", 0, DOCUMENT["entries"][0])
    assert members[305] == ("entries", 299, DOCUMENT["entries"][299])
    assert len(members) == 308
    assert members[-2:] == [("empty", None, []), ("tail", None, DOCUMENT["tail"])]


BAD = [
    '{"entries": [,]}',
    '{"entries": [1 2]}',
    '{\n"a": 1,\n"entries": [\n{"x": 1},\n{"x": tru}\n]}',
    '{"a": 1}\n{"b": 2}',
    '{"a" 1}',
    '{"entries": [{"x": "unterminated',
    '{"entries": [1,\n 2\n',
    '{"a": "\u000b"}',
]


@pytest.mark.parametrize("text", BAD)
@pytest.mark.parametrize("chunk", [3, streaming.CHUNK])
def test_bad_json_is_refused_at_the_line_and_column_json_load_names(monkeypatch, text, chunk):
    monkeypatch.setattr(streaming, "CHUNK", chunk)
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(JsonStreamError) as found:
        read_all(text)
    assert (found.value.line, found.value.column) == (expected.value.lineno, expected.value.colno)


def test_a_top_level_that_is_not_an_object_is_refused():
    with pytest.raises(JsonStreamError, match="Expecting '{'.*line 1 column 1"):
        read_all("[1, 2]")


class CountingSource(io.StringIO):
    """A text file that counts what was read from it."""

    read_so_far = 0

    def read(self, size=-1):
        text = super().read(size)
        self.read_so_far += len(text)
        return text


def test_items_are_yielded_as_they_are_read_not_after_the_whole_file(monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK", 4096)
    entries = [{"id": number, "body": "x" * 200} for number in range(5000)]
    source = CountingSource(json.dumps({"format": "x", "entries": entries}, indent=0))
    members = top_level_items(source, ("entries",))
    taken = [next(members) for _ in range(3)]
    assert taken[2] == ("entries", 0, entries[0])
    assert source.read_so_far <= 2 * 4096 < len(source.getvalue()) / 100
    for _key, index, _value in members:
        if index == 2500:
            break
    # Half way through the items, about half the file has been read, not all of it.
    assert len(source.getvalue()) * 0.45 < source.read_so_far < len(source.getvalue()) * 0.55
