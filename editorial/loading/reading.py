"""Reading a JSON export for ``import_dictionary``: checked whole before anything is written,
yet never held whole in memory.

``check_export`` reads the file once, item by item (``streaming``), and refuses it, with
where and why, when it is not JSON, not a Headword export, of another format version, a
published-only export (it has no working copies), not valid against the format's JSON
Schema, when a text in it holds a control character (as every typed text field refuses
them), or when it names a work, contributor, theme or entry it does not hold. What it keeps
is small: the head fields, the themes, contributors and works (shared by many entries), and
the keys of the entries. ``entry_records`` then reads the entries again, one at a time, for
each pass of the import that writes.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import jsonschema_rs
from jsonschema import Draft202012Validator

from dictionary.exporting.json_format import FORMAT_NAME, FORMAT_VERSION, SCHEMA_PATH
from dictionary.text import control_character_problem

from .history import ROW_MODELS, is_entry_data, model_label_known
from .streaming import JsonStreamError, top_level_items

LISTS = ("themes", "contributors", "works", "entries")
PROGRESS_STEP = 5000
# How JSON writes the control characters a text may not hold (``dictionary.text``): a
# quick look for them in an item as JSON, before looking where they are. (An escaped
# backslash followed by b or f matches too: the close look then finds nothing.)
_ESCAPED_CONTROL = re.compile(r"\\u00(?:0[0-8bcef]|1[0-9a-fA-F])|\\[bf]")


class ExportFileError(ValueError):
    """The file cannot be imported; the message names the file and the place in it."""


@dataclass
class ExportOutline:
    """What checking a file keeps for writing it: its head fields, its shared rows (a few
    thousand at most, whatever the number of entries), how many entries it holds, and the
    usernames its editions name as approvers."""

    path: Path
    head: dict = field(default_factory=dict)
    themes: list[dict] = field(default_factory=list)
    contributors: list[dict] = field(default_factory=list)
    works: list[dict] = field(default_factory=list)
    entries: int = 0
    approvers: set[str] = field(default_factory=set)
    # With history: who saved the revisions, how many, and the highest id of each kind of
    # row they name (``history.reserve_history_ids``).
    history_users: set[str] = field(default_factory=set)
    revisions: int = 0
    history_ids: dict[str, int] = field(default_factory=dict)


def check_export(path: str | Path, progress: Callable[[int], None] | None = None) -> ExportOutline:
    """Read the export at ``path`` through, checking each item as it comes (see the module
    docstring); its outline once every check has passed. ``progress`` is told how many
    entries were checked, every ``PROGRESS_STEP``."""
    checker = _Checker(Path(path))
    for section, index, value in _items(checker.outline.path):
        checker.take(section, index, value)
        if progress and section == "entries" and index and index % PROGRESS_STEP == 0:
            progress(index)
    checker.finish()
    return checker.outline


def entry_records(path: str | Path) -> Iterator[dict]:
    """The entries of a checked export, one at a time, in the file's order."""
    for section, index, value in _items(Path(path)):
        if section == "entries" and index is not None:
            yield value


def _items(path: Path):
    try:
        with path.open(encoding="utf-8") as source:
            yield from top_level_items(source, LISTS)
    except FileNotFoundError as error:
        raise ExportFileError(f"{path}: no such file.") from error
    except UnicodeDecodeError as error:
        raise ExportFileError(f"{path}: not valid JSON (encoding): {error}") from error
    except JsonStreamError as error:
        where = f"line {error.line}, column {error.column}"
        raise ExportFileError(f"{path}: not valid JSON ({where}): {error}") from error


@dataclass
class _ItemSchema:
    """An item's schema, checked by jsonschema-rs (tens of times faster than jsonschema:
    minutes at 100,000 entries); jsonschema's ``best_match`` names the error if any."""

    fast: jsonschema_rs.Draft202012Validator
    explained: Draft202012Validator

    def error(self, item):
        if self.fast.is_valid(item):
            return None
        return jsonschema.exceptions.best_match(self.explained.iter_errors(item))


def _schema_validators() -> tuple[Draft202012Validator, dict[str, _ItemSchema]]:
    """A validator of the document's head (its lists given empty), and one per list item."""
    schema = json.loads(SCHEMA_PATH.read_text())
    checker = Draft202012Validator.FORMAT_CHECKER
    shared = {name: schema[name] for name in ("$schema", "$id", "$defs")}
    items = {}
    for section in LISTS:
        item_schema = {**shared, **schema["properties"][section]["items"]}
        items[section] = _ItemSchema(
            jsonschema_rs.Draft202012Validator(item_schema, validate_formats=True),
            Draft202012Validator(item_schema, format_checker=checker),
        )
    return Draft202012Validator(schema, format_checker=checker), items


class _Checker:
    """The checks of one file, taken item by item, and what they keep."""

    def __init__(self, path: Path):
        self.outline = ExportOutline(path)
        self.name = str(path)
        self.head_validator, self.item_validators = _schema_validators()
        self.seen_sections: set[str] = set()
        self.keys = {section: set() for section in LISTS}
        self.entry_slugs: set[str] = set()
        self.pending: list[tuple[str, str, object, str]] = []  # names of rows not yet read

    def take(self, section: str, index: int | None, value) -> None:
        if index is None:
            self._take_head(section, value)
            return
        self._check_item(section, index, value)
        if section == "entries":
            self._check_entry_names(value)
            self._check_history(index, value)
            self.outline.entries += 1
        else:
            key = value["id"] if section == "works" else value["slug"]
            self._unique(section, key, self.keys[section])
            getattr(self.outline, section).append(value)

    def _take_head(self, key: str, value) -> None:
        if key in self.outline.head:
            raise ExportFileError(f"{self.name}: “{key}” is given twice at the top level.")
        self.outline.head[key] = value
        if key in LISTS:  # a list opens (if not a list, the check of the head says so)
            self.seen_sections.add(key)
            return
        if key == "format" and value != FORMAT_NAME:
            raise ExportFileError(
                f"{self.name}: not a Headword export (its “format” is not {FORMAT_NAME})."
            )
        if key == "version" and value != FORMAT_VERSION:
            raise ExportFileError(
                f"{self.name}: export format version {value!r}; this Headword reads "
                f"version {FORMAT_VERSION}. Export again with this version's export_dictionary."
            )
        if key == "published_only" and value:
            raise ExportFileError(
                f"{self.name}: a published-only export holds no working copies, works or "
                "approvers; import a full export (export_dictionary without --published-only)."
            )

    def finish(self) -> None:
        head = self.outline.head
        if "format" not in head:
            raise ExportFileError(f"{self.name}: not a Headword export (it has no “format”).")
        error = jsonschema.exceptions.best_match(self.head_validator.iter_errors(head))
        if error is not None:
            where = _place(None, list(error.absolute_path))
            raise ExportFileError(f"{self.name}: at {where}: {error.message}")
        for where, kind, value, section in self.pending:
            if value not in self.keys[section]:
                raise ExportFileError(f"{where}: names the {kind} {value!r}, which the file lacks.")

    def _check_item(self, section: str, index: int, value) -> None:
        error = self.item_validators[section].error(value)
        if error is not None:
            where = _place(value, [section, index, *error.absolute_path])
            raise ExportFileError(f"{self.name}: at {where}: {error.message}")
        if not _ESCAPED_CONTROL.search(json.dumps(value)):
            return
        for path, text in _texts(value, [section, index]):
            problem = control_character_problem(text)
            if problem:
                where = _place(value, path)
                raise ExportFileError(
                    f"{self.name}: at {where}: an invisible control character, {problem}."
                )

    def _check_entry_names(self, record: dict) -> None:
        """The entry is named once, and every theme, contributor and work it names is in
        the file (read already, or checked at the end if the file lists it later)."""
        copy = record["entry"]
        if copy is None:  # only a published-only export has none, refused by its head
            raise ExportFileError(f"{self.name}: entry id {record['id']} has no working copy.")
        self._unique("entries", record["id"], self.keys["entries"])
        self._unique("entries", copy["slug"], self.entry_slugs)
        where = f"{self.name}: entry {copy['slug']!r}"
        self._known(where, "theme", copy["themes"], "themes")
        credited = [credit["contributor"] for credit in copy["credits"]]
        self._known(where, "contributor", credited, "contributors")
        self._known(where, "work", [citation["work"] for citation in copy["citations"]], "works")
        for edition in record["editions"]:
            content, at = edition["content"], f"{where}, edition {edition['number']}"
            self._known(at, "theme", content["themes"], "themes")
            signed = [item["contributor"] for item in content["byline"]]
            self._known(at, "contributor", signed, "contributors")
            if edition["approved_by"]:
                self.outline.approvers.add(edition["approved_by"])
        if sum(edition["is_current"] for edition in record["editions"]) > 1:
            raise ExportFileError(f"{where}: more than one current edition.")

    def _check_history(self, index: int, record: dict) -> None:
        """Each revision records this entry, and rows of models this Headword has."""
        outline = self.outline
        for step, revision in enumerate(record.get("history", [])):
            place = ["entries", index, "history", step]
            if not is_entry_data(revision["data"], record["id"]):
                where = _place(record, [*place, "data"])
                raise ExportFileError(
                    f"{self.name}: at {where}: not this entry as django-reversion recorded it."
                )
            for at, row in enumerate(revision.get("followed", [])):
                if not model_label_known(row["model"]):
                    where = _place(record, [*place, "followed", at, "model"])
                    raise ExportFileError(f"{self.name}: at {where}: no model {row['model']!r}.")
                if row["model"] in ROW_MODELS:
                    highest = outline.history_ids.get(row["model"], 0)
                    outline.history_ids[row["model"]] = max(highest, row["pk"])
            if revision["user"]:
                outline.history_users.add(revision["user"])
            outline.revisions += 1

    def _unique(self, section: str, key, seen: set) -> None:
        if key in seen:
            raise ExportFileError(f"{self.name}: {section}: {key!r} is listed twice.")
        seen.add(key)

    def _known(self, where: str, kind: str, names, section: str) -> None:
        for value in names:
            if value in self.keys[section]:
                continue
            if section in self.seen_sections:  # read through: the entries come after it
                raise ExportFileError(f"{where}: names the {kind} {value!r}, which the file lacks.")
            self.pending.append((where, kind, value, section))


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


def _place(record, path: list) -> str:
    """A JSON path as people read it, naming the entry it is in: entries[3] (id 17, "x")."""
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    where = where.lstrip(".") or "the top level"
    if len(path) >= 2 and path[0] == "entries" and isinstance(record, dict):
        copy = record.get("entry")
        slug = copy.get("slug") if isinstance(copy, dict) else None
        where += f" (entry id {record.get('id', '?')}, {slug!r})"
    return where
