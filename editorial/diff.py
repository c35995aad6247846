"""Word-level diffs of two EntrySnapshots (a working copy, a history revision, an edition)."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import SafeString, mark_safe

from dictionary.citing import display_name, issued_parts
from dictionary.models import (
    AliasKind,
    CitationRole,
    CreditRole,
    Entry,
    ReferenceKind,
    Theme,
)
from dictionary.snapshots import EntrySnapshot
from dictionary.text import fold

from .body_diff import BodyDiff, compare_bodies
from .words import inline_html, segments, side_html, word_diff

__all__ = ["EntryDiff", "FieldChange", "compare", "word_diff"]

# The parts of a snapshot that are lists of items rather than single values.
LIST_PARTS = {
    "credits": "Credit",
    "aliases": "Alias",
    "citations": "Citation",
    "cross_references": "Cross-reference",
}
# Stored columns that are bookkeeping, not what an entry says: a stored version may carry
# them under a name the model no longer has, and no diff shows them.
INTERNAL_FIELDS = frozenset(
    {"lock_version", "loaded_lock_version", "created_at", "updated_at", "source_file"}
    | {"source_digest", "sort_key", "match_key", "initial", "search_vector"}
)


# What a diff shows of a snapshot ----------------------------------------------------------

# The fields editors type; the others of a snapshot are derived from them.
SHOWN_FIELDS = ("headword", "slug", "entry_type", "dates", "body", "themes")


def _parts(snapshot: EntrySnapshot | None) -> dict:
    """The snapshot as the values and lists a diff compares, each list sorted so that row
    order does not count (the byline's order does: it is part of each credit)."""
    if snapshot is None:
        return {}
    parts = {name: getattr(snapshot, name) for name in SHOWN_FIELDS}
    parts["themes"] = _theme_names(snapshot.themes)
    parts.update(
        (name, value)
        for name, value in snapshot.removed_fields.items()
        if name not in INTERNAL_FIELDS
    )
    parts["credits"] = [
        {
            "contributor_id": item.get("contributor_id"),
            "name": item.get("display", ""),
            "role": item.get("role") or "",
            "place": place,
        }
        for place, item in enumerate(snapshot.byline, start=1)
    ]
    parts["aliases"] = _sorted_aliases(
        {"name": name, "kind": snapshot.alias_kinds.get(name)} for name in snapshot.aliases
    )
    parts["citations"] = _sorted_citations(_citation_part(item) for item in snapshot.citations)
    parts["cross_references"] = _sorted_references(
        # Inline references are the body's [[links]]: its diff shows them.
        {"target": ref.target_text, "kind": ref.kind}
        for ref in snapshot.references
        if ref.kind != ReferenceKind.INLINE
    )
    return parts


def _citation_part(item: dict) -> dict:
    csl = item.get("csl") or {}
    issued = issued_parts(csl)
    return {
        "work_id": item.get("work_id"),
        "title": csl.get("title", ""),
        "year": issued[0] if issued else None,
        "authors": _names(csl.get("author")),
        "role": item.get("role", ""),
        "locator": item.get("locator", ""),
        "order": item.get("order", 0),
        "confirmed": item.get("confirmed", True),
    }


def _names(names) -> str:
    # In reading order (the entry page lists them sorted), particles and suffixes kept.
    return ", ".join(display_name(name) for name in names or [])


def _theme_names(ids) -> list[str]:
    ids = ids or []
    names = dict(Theme.objects.filter(pk__in=ids).values_list("pk", "name"))
    return sorted(names.get(pk, f"(theme {pk}, deleted)") for pk in ids)


def _sorted_aliases(items) -> list[dict]:
    return sorted(items, key=lambda item: fold(item["name"]))


def _sorted_citations(items) -> list[dict]:
    return sorted(items, key=lambda item: (item["role"], item["order"], item["title"]))


def _sorted_references(items) -> list[dict]:
    return sorted(items, key=lambda item: (item["kind"], fold(item["target"])))


# Comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One changed value, or one added, removed or changed alias, citation or reference."""

    name: str
    label: str
    kind: str  # "changed", "added" or "removed"
    html: SafeString  # inline: removed words struck through, added ones underlined
    old_html: SafeString = mark_safe("")  # side by side: the value before, removals marked
    new_html: SafeString = mark_safe("")  # and after, additions marked


@dataclass(frozen=True)
class EntryDiff:
    """What changed: the body paragraph by paragraph (None when it did not change), every
    other field and item as a FieldChange."""

    changed: bool
    fields: list
    body: BodyDiff | None = None

    @property
    def words_added(self) -> int:
        return self.body.words_added if self.body else 0

    @property
    def words_removed(self) -> int:
        return self.body.words_removed if self.body else 0


def compare(old: EntrySnapshot | None, new: EntrySnapshot) -> EntryDiff:
    """The differences between two snapshots; ``old`` None means everything is new."""
    old, new = _parts(old), _parts(new)
    body = compare_bodies(old.get("body") or "", new.get("body") or "")
    changes = []
    for name in _part_names(old, new):
        if name == "body":
            continue
        if name in LIST_PARTS:
            changes += _list_changes(name, old.get(name) or [], new.get(name) or [])
            continue
        change = _value_change(name, old.get(name), new.get(name))
        if change is not None:
            changes.append(change)
    body = body if body.changed else None
    return EntryDiff(changed=bool(changes) or body is not None, fields=changes, body=body)


def _part_names(old: dict, new: dict) -> list[str]:
    others = sorted((set(old) | set(new)) - set(SHOWN_FIELDS) - set(LIST_PARTS))
    return [*SHOWN_FIELDS, *others, *LIST_PARTS]


def _value_change(name: str, old, new) -> FieldChange | None:
    before, after = _display(name, old), _display(name, new)
    if before == after:
        return None
    kind = "added" if not before else "removed" if not after else "changed"
    return _change(name, _label(name), kind, before, after)


def _change(name: str, label: str, kind: str, before: str, after: str) -> FieldChange:
    runs = segments(before, after)
    return FieldChange(
        name,
        label,
        kind,
        inline_html(runs),
        side_html(runs, "old"),
        side_html(runs, "new"),
    )


def _label(name: str) -> str:
    try:
        label = str(Entry._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field no longer on the model: shown under its stored name
        return name
    return label[:1].upper() + label[1:]


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "entry_type":
        return _choice_label(Entry._meta.get_field(name).choices, value)
    return str(value)


def _choice_label(choices, value) -> str:
    return str(dict(choices or []).get(value, value))


def _list_changes(part: str, old_items: list, new_items: list) -> list[FieldChange]:
    key = _ITEM_KEYS[part]
    before = {key(item): item for item in old_items}
    after = {key(item): item for item in new_items}
    changes = []
    for item_key in [*after, *(k for k in before if k not in after)]:
        old_item, new_item = before.get(item_key), after.get(item_key)
        label = LIST_PARTS[part]
        if old_item is None:
            changes.append(_change(part, label, "added", "", _describe(part, new_item)))
        elif new_item is None:
            changes.append(_change(part, label, "removed", _describe(part, old_item), ""))
        else:
            old_text, new_text = _describe_pair(part, old_item, new_item)
            if old_text != new_text:
                changes.append(_change(part, label, "changed", old_text, new_text))
    return changes


def _describe_pair(part: str, old_item: dict, new_item: dict) -> tuple[str, str]:
    # A value one side did not record (None) is not a change.
    old_item = {**old_item, **{k: v for k, v in new_item.items() if old_item.get(k) is None}}
    new_item = {**new_item, **{k: v for k, v in old_item.items() if new_item.get(k) is None}}
    return _describe(part, old_item), _describe(part, new_item)


def _describe(part: str, item: dict) -> str:
    if part == "credits":
        role = _choice_label(CreditRole.choices, item["role"])
        return f"{item['name']} ({role}), position {item['place']} in the byline"
    if part == "aliases":
        kind = _choice_label(AliasKind.choices, item["kind"]) if item.get("kind") else ""
        return f"{item['name']} ({kind})" if kind else item["name"]
    if part == "cross_references":
        return f"{item['target']} ({_choice_label(ReferenceKind.choices, item['kind'])})"
    return _describe_citation(item)


def _describe_citation(item: dict) -> str:
    text = item["title"] or ""
    if item.get("year"):
        text += f", {item['year']}"
    if item.get("authors"):
        text += f", by {item['authors']}"
    text += f"; {_choice_label(CitationRole.choices, item['role'])}"
    if item.get("locator"):
        text += f"; {item['locator']}"
    if item.get("order"):
        text += f"; position {item['order']}"
    if item.get("confirmed") is False:
        text += "; unconfirmed"
    return text


_ITEM_KEYS = {
    "credits": lambda item: (item.get("contributor_id"), item["role"]),
    "aliases": lambda item: fold(item["name"]),
    "citations": lambda item: (item.get("work_id"), item["role"]),
    "cross_references": lambda item: (fold(item["target"]), item["kind"]),
}
