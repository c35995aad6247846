"""Reading a JSON export for ``import_dictionary``: checked whole before anything is written.

A file is refused, with where and why, when it is not JSON, not a Headword export, of
another format version, a published-only export (it has no working copies), not valid
against the format's JSON Schema, when a text in it holds a control character (as every
typed text field refuses them), or when it names a work, contributor, theme or entry it
does not hold.
"""

import json
from pathlib import Path

import jsonschema

from dictionary.exporting.json_format import FORMAT_NAME, FORMAT_VERSION, SCHEMA_PATH
from dictionary.text import control_character_problem


class ExportFileError(ValueError):
    """The file cannot be imported; the message names the file and the place in it."""


def read_export(path: str | Path) -> dict:
    """The export at ``path`` as a dict, once every check has passed."""
    path = Path(path)
    try:
        with path.open("rb") as source:
            document = json.load(source)
    except FileNotFoundError as error:
        raise ExportFileError(f"{path}: no such file.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f"line {error.lineno}, column {error.colno}" if hasattr(error, "lineno") else ""
        raise ExportFileError(f"{path}: not valid JSON ({where or 'encoding'}): {error}") from error
    check_export(document, name=str(path))
    return document


def check_export(document, *, name: str) -> None:
    """Refuse a document ``import_dictionary`` cannot read (see the module docstring)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ExportFileError(f"{name}: not a Headword export (its “format” is not {FORMAT_NAME}).")
    if document.get("version") != FORMAT_VERSION:
        raise ExportFileError(
            f"{name}: export format version {document.get('version')!r}; this Headword reads "
            f"version {FORMAT_VERSION}. Export again with this version's export_dictionary."
        )
    if document.get("published_only"):
        raise ExportFileError(
            f"{name}: a published-only export holds no working copies, works or approvers; "
            "import a full export (export_dictionary without --published-only)."
        )
    _check_schema(document, name)
    _check_text(document, name)
    _check_names(document, name)


def _check_schema(document: dict, name: str) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = _place(document, list(error.absolute_path))
        raise ExportFileError(f"{name}: at {where}: {error.message}")


def _check_text(document: dict, name: str) -> None:
    """No text the import writes holds a control character (history is not imported)."""
    for path, text in _texts(document, []):
        problem = control_character_problem(text)
        if problem:
            where = _place(document, path)
            raise ExportFileError(f"{name}: at {where}: an invisible control character, {problem}.")


def _texts(value, path: list):
    """Every string in ``value`` with its path, keys included, leaving out history."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, [*path, index])
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "history":
                yield path, key
                yield from _texts(item, [*path, key])


def _place(document: dict, path: list) -> str:
    """A JSON path as people read it, naming the entry it is in: entries[3] (id 17, "x")."""
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    where = where.lstrip(".") or "the top level"
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        record = document["entries"][path[1]]
        copy = record.get("entry") if isinstance(record, dict) else None
        slug = copy.get("slug") if isinstance(copy, dict) else None
        where += f" (entry id {record.get('id') if isinstance(record, dict) else '?'}, {slug!r})"
    return where


def _check_names(document: dict, name: str) -> None:
    """Every work, contributor, theme and entry named is in the file, and named once."""
    themes = _unique(name, "themes", [theme["slug"] for theme in document["themes"]])
    people = _unique(name, "contributors", [person["slug"] for person in document["contributors"]])
    works = _unique(name, "works", [work["id"] for work in document["works"]])
    records = document["entries"]
    _unique(name, "entries", [record["id"] for record in records])
    _unique(name, "entries", [record["entry"]["slug"] for record in records])
    for record in records:
        copy, where = record["entry"], f"{name}: entry {record['entry']['slug']!r}"
        _known(where, "theme", copy["themes"], themes)
        _known(where, "contributor", [credit["contributor"] for credit in copy["credits"]], people)
        _known(where, "work", [citation["work"] for citation in copy["citations"]], works)
        for edition in record["editions"]:
            content = edition["content"]
            at = f"{where}, edition {edition['number']}"
            _known(at, "theme", content["themes"], themes)
            _known(at, "contributor", [item["contributor"] for item in content["byline"]], people)
        if sum(edition["is_current"] for edition in record["editions"]) > 1:
            raise ExportFileError(f"{where}: more than one current edition.")


def _unique(name: str, part: str, keys: list) -> set:
    seen = set()
    for key in keys:
        if key in seen:
            raise ExportFileError(f"{name}: {part}: {key!r} is listed twice.")
        seen.add(key)
    return seen


def _known(where: str, kind: str, names, known: set) -> None:
    for value in names:
        if value not in known:
            raise ExportFileError(f"{where}: names the {kind} {value!r}, which the file lacks.")
