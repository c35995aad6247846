"""Word-level diffs of two EntrySnapshots (a working copy, a history revision, an edition)."""

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape
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

# The parts of a snapshot that are lists of items rather than single values.
LIST_PARTS = {
    "credits": "Credit",
    "aliases": "Alias",
    "citations": "Citation",
    "cross_references": "Cross-reference",
}
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
# Changed passages longer than about 2,000 words each are shown as replaced whole.
WORD_MATCH_LIMIT = 4000 * 4000
_SENTENCE_END = re.compile(r"(?<=[.!?;\n])")


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
    parts.update(snapshot.removed_fields)
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
        {"target": ref.target_text, "kind": ref.kind} for ref in snapshot.references
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
    html: SafeString


@dataclass(frozen=True)
class EntryDiff:
    changed: bool
    fields: list


def compare(old: EntrySnapshot | None, new: EntrySnapshot) -> EntryDiff:
    """The differences between two snapshots; ``old`` None means everything is new."""
    old, new = _parts(old), _parts(new)
    changes = []
    for name in _part_names(old, new):
        if name in LIST_PARTS:
            changes += _list_changes(name, old.get(name) or [], new.get(name) or [])
            continue
        change = _value_change(name, old.get(name), new.get(name))
        if change is not None:
            changes.append(change)
    return EntryDiff(changed=bool(changes), fields=changes)


def word_diff(old: str, new: str) -> SafeString:
    """HTML of ``new`` with words removed since ``old`` in <del> and added ones in <ins>.

    Sentences are matched first and words only within the sentences that differ: a
    word-by-word match over a whole long body is quadratic and took seconds.
    """
    before, after = _SENTENCE_END.split(old or ""), _SENTENCE_END.split(new or "")
    matcher = difflib.SequenceMatcher(None, before, after)
    parts = []
    for operation, start, end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[start:end])))
        else:
            parts += _word_changes("".join(before[start:end]), "".join(after[new_start:new_end]))
    return mark_safe("".join(parts))


def _word_changes(old: str, new: str) -> list[str]:
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(before) * len(after) > WORD_MATCH_LIMIT:
        # A rewrite of whole pages: matching its words costs seconds and shows nothing useful.
        return [_mark("del", old) if old else "", _mark("ins", new) if new else ""]
    parts = []
    for operation, start, end, new_start, new_end in difflib.SequenceMatcher(
        None, before, after
    ).get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[start:end])))
            continue
        if end > start:
            parts.append(_mark("del", "".join(before[start:end])))
        if new_end > new_start:
            parts.append(_mark("ins", "".join(after[new_start:new_end])))
    return parts


def _mark(tag: str, text: str) -> str:
    # The hidden marker tells screen readers what the strike-through or underline shows.
    marker = "removed:" if tag == "del" else "added:"
    return (
        f'<{tag}><span class="diff-marker visually-hidden">{marker} </span>{escape(text)}</{tag}>'
    )


def _part_names(old: dict, new: dict) -> list[str]:
    others = sorted((set(old) | set(new)) - set(SHOWN_FIELDS) - set(LIST_PARTS))
    return [*SHOWN_FIELDS, *others, *LIST_PARTS]


def _value_change(name: str, old, new) -> FieldChange | None:
    before, after = _display(name, old), _display(name, new)
    if before == after:
        return None
    kind = "added" if not before else "removed" if not after else "changed"
    return FieldChange(name, _label(name), kind, word_diff(before, after))


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
        if old_item is None:
            html = _mark("ins", _describe(part, new_item))
            changes.append(FieldChange(part, LIST_PARTS[part], "added", mark_safe(html)))
        elif new_item is None:
            html = _mark("del", _describe(part, old_item))
            changes.append(FieldChange(part, LIST_PARTS[part], "removed", mark_safe(html)))
        else:
            old_text, new_text = _describe_pair(part, old_item, new_item)
            if old_text != new_text:
                html = word_diff(old_text, new_text)
                changes.append(FieldChange(part, LIST_PARTS[part], "changed", html))
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
