"""Snapshots of an entry (working copy, history revision, edition) and word-level diffs of them."""

import difflib
import json
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version

from dictionary.citing import display_name, issued_parts
from dictionary.models import (
    Alias,
    AliasKind,
    Citation,
    CitationRole,
    Contributor,
    Credit,
    CreditRole,
    CrossReference,
    Entry,
    ReferenceKind,
    Theme,
    Work,
)
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


# Snapshots ---------------------------------------------------------------------------------


def editor_fields() -> list:
    """The Entry fields editors type, in form order; a field a migration adds joins by itself."""
    return [
        field
        for field in Entry._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.editable
        and not field.primary_key
    ]


def entry_snapshot(entry: Entry) -> dict:
    """The entry's working copy as a plain dict, the shape every snapshot shares.

    Keys: each editor-typed Entry field (themes as sorted names), then "aliases" (name,
    kind), "citations" (work_id, title, year, authors, role, locator, order, confirmed) and
    "cross_references" (target, kind), each list sorted so that row order does not count.
    """
    snapshot = {}
    for field in editor_fields():
        if field.many_to_many:
            snapshot[field.name] = sorted(str(item) for item in getattr(entry, field.name).all())
        else:
            snapshot[field.name] = getattr(entry, field.attname)
    credits = entry.credits.select_related("contributor").order_by("order", "id")
    snapshot["credits"] = [
        _credit_item(credit.contributor_id, credit.contributor.display_name, credit.role, place)
        for place, credit in enumerate(credits, start=1)
    ]
    snapshot["aliases"] = _sorted_aliases(
        {"name": alias.name, "kind": alias.kind} for alias in entry.aliases.all()
    )
    citations = entry.citations.select_related("work")
    snapshot["citations"] = _sorted_citations(
        _citation_item(row.work_id, _work_fields(row.work), _citation_row(row)) for row in citations
    )
    snapshot["cross_references"] = _sorted_references(
        {"target": ref.target_text, "kind": ref.kind} for ref in entry.outgoing_references.all()
    )
    return snapshot


def edition_snapshot(edition) -> dict:
    """A published edition as a snapshot of the same shape (fields it lacks are empty)."""
    snapshot = {}
    for field in editor_fields():
        if field.many_to_many:
            names = getattr(edition, field.name).all() if hasattr(edition, field.name) else []
            snapshot[field.name] = sorted(str(item) for item in names)
        else:
            snapshot[field.name] = getattr(edition, field.attname, "")
    snapshot["credits"] = [
        _credit_item(item.get("contributor_id"), item.get("display", ""), item.get("role"), place)
        for place, item in enumerate(edition.byline or [], start=1)
    ]
    snapshot["aliases"] = _sorted_aliases(_edition_alias(item) for item in edition.aliases or [])
    snapshot["citations"] = _sorted_citations(
        _citation_item(item.get("work_id"), _csl_work_fields(item.get("csl") or {}), item)
        for item in edition.citations or []
    )
    snapshot["cross_references"] = _sorted_references(
        {"target": ref.target_text, "kind": ref.kind} for ref in edition.references.all()
    )
    return snapshot


def revision_snapshot(revision, entry_id) -> dict:
    """The entry as it stood in a history revision, read from the stored JSON of its versions.

    Reading the JSON rather than deserialising model instances keeps old versions readable
    after a migration: a missing field shows as empty, an unknown one under its raw name.
    Raises ValidationError when the revision does not contain the entry.
    """
    found = entry_versions(revision, entry_id)
    fields = found["entry"]
    snapshot = {}
    for field in editor_fields():
        value = fields.get(field.name)
        snapshot[field.name] = _theme_names(value) if field.many_to_many else value
    known = {"pk"} | {field.name for field in Entry._meta.get_fields()}
    for name in sorted(set(fields) - known):
        snapshot[name] = fields[name]
    snapshot["credits"] = _revision_credits(found["credits"], found["contributors"])
    snapshot["aliases"] = _sorted_aliases(
        {"name": row.get("name", ""), "kind": row.get("kind", "")} for row in found["aliases"]
    )
    works = _works_for(found["citations"], found["works"])
    snapshot["citations"] = _sorted_citations(
        _citation_item(row.get("work"), works.get(row.get("work")), row)
        for row in found["citations"]
    )
    snapshot["cross_references"] = _sorted_references(
        {"target": row.get("target_text", ""), "kind": row.get("kind", "")}
        for row in found["cross_references"]
    )
    return snapshot


def entry_versions(revision, entry_id) -> dict:
    """The stored fields of an entry and its related rows in one revision, by kind.

    Returns {"entry": fields, "aliases": [...], "credits": [...], "citations": [...],
    "cross_references": [...], "works": {work id: fields}, "contributors": {contributor id:
    fields}}; each row's fields carry its primary key as "pk".
    A revision records one entry (its EntryRevision says which), so its versions are read
    whole; rows of another entry (an old revision of several) are left out by their key.
    Raises ValidationError when the revision does not contain the entry.
    """
    types = {model: ContentType.objects.get_for_model(model) for model in _ROW_MODELS}
    models_by_type = {content_type.pk: model for model, content_type in types.items()}
    rows = Version.objects.filter(revision=revision, content_type__in=types.values())
    found = {
        "entry": None,
        "aliases": [],
        "credits": [],
        "citations": [],
        "cross_references": [],
        "works": {},
        "contributors": {},
    }
    shared = {Work: {}, Contributor: {}}  # rows entries share, kept if this one uses them
    for version in rows:
        model, fields = models_by_type[version.content_type_id], version_fields(version)
        if model is Entry and str(version.object_id) == str(entry_id):
            found["entry"] = fields
        elif model in shared:
            shared[model][int(version.object_id)] = fields
        elif model is not Entry and fields.get(_ROW_MODELS[model][1]) == int(entry_id):
            found[_ROW_MODELS[model][0]].append(fields)
    if found["entry"] is None:
        raise ValidationError(f"Revision {revision.pk} does not contain entry {entry_id}.")
    cited = {row.get("work") for row in found["citations"]}
    found["works"] = {pk: row for pk, row in shared[Work].items() if pk in cited}
    credited = {row.get("contributor") for row in found["credits"]}
    found["contributors"] = {pk: row for pk, row in shared[Contributor].items() if pk in credited}
    return found


def version_fields(version) -> dict:
    """The stored field values of a Version with its primary key as "pk", without a model."""
    record = json.loads(version.serialized_data)[0]
    return {**record.get("fields", {}), "pk": record.get("pk")}


# (part of the snapshot, foreign key to the entry) for each model a revision carries.
_ROW_MODELS = {
    Entry: ("entry", "pk"),
    Alias: ("aliases", "entry"),
    Credit: ("credits", "entry"),
    Citation: ("citations", "entry"),
    CrossReference: ("cross_references", "source"),
    Work: ("works", None),
    Contributor: ("contributors", None),
}


def _revision_credits(credits: list[dict], stored: dict) -> list[dict]:
    """The credits a revision stored, in byline order, named as the revision named them
    (the current name when the revision kept no copy of the contributor)."""
    missing = {row.get("contributor") for row in credits} - set(stored) - {None}
    names = {
        person.pk: person.display_name for person in Contributor.objects.filter(pk__in=missing)
    }
    for pk, fields in stored.items():
        names[pk] = _instance_name(fields)
    rows = sorted(credits, key=lambda row: (row.get("order", 0), row.get("pk") or 0))
    return [
        _credit_item(
            row.get("contributor"),
            names.get(row.get("contributor"), f"(contributor {row.get('contributor')})"),
            row.get("role", ""),
            place,
        )
        for place, row in enumerate(rows, start=1)
    ]


def _instance_name(fields: dict) -> str:
    parts = {name: fields.get(name) or "" for name in ("given", "family", "particle", "suffix")}
    return Contributor(literal=fields.get("literal") or "", **parts).display_name


def _credit_item(contributor_id, name: str, role: str, place: int) -> dict:
    return {"contributor_id": contributor_id, "name": name, "role": role or "", "place": place}


def _works_for(citations: list[dict], stored: dict) -> dict:
    """Work fields for each citation: the revision's own copy, else the current row."""
    missing = {row.get("work") for row in citations} - set(stored) - {None}
    current = {
        work.pk: {**_work_fields(work)}
        for work in Work.objects.filter(pk__in=missing).only("title", "year", "authors")
    }
    stored_fields = {pk: _work_fields_from_json(fields) for pk, fields in stored.items()}
    return {**current, **stored_fields}


def _work_fields(work: Work) -> dict:
    return {"title": work.title, "year": work.year, "authors": _names(work.authors)}


def _work_fields_from_json(fields: dict) -> dict:
    authors = fields.get("authors") or []
    if isinstance(authors, str):
        authors = json.loads(authors or "[]")
    return {
        "title": fields.get("title", ""),
        "year": fields.get("year"),
        "authors": _names(authors),
    }


def _csl_work_fields(csl: dict) -> dict:
    issued = issued_parts(csl)
    return {
        "title": csl.get("title", ""),
        "year": issued[0] if issued else None,
        "authors": _names(csl.get("author")),
    }


def _names(names) -> str:
    # In reading order (the entry page lists them sorted), particles and suffixes kept.
    return ", ".join(display_name(name) for name in names or [])


def _citation_item(work_id, work: dict | None, row: dict) -> dict:
    work = work or {"title": f"(work {work_id}, no longer stored)", "year": None, "authors": ""}
    return {
        "work_id": work_id,
        **work,
        "role": row.get("role", ""),
        "locator": row.get("locator", ""),
        "order": row.get("order", 0),
        "confirmed": row.get("confirmed", True),
    }


def _citation_row(citation: Citation) -> dict:
    fields = ("role", "locator", "order", "confirmed")
    return {name: getattr(citation, name) for name in fields}


def _edition_alias(item) -> dict:
    # Editions from before alias kinds were frozen store bare names; their kind is unknown.
    if isinstance(item, dict):
        return {"name": item.get("name", ""), "kind": item.get("kind")}
    return {"name": str(item), "kind": None}


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


def compare(old: dict | None, new: dict) -> EntryDiff:
    """The differences between two snapshots; ``old`` None means everything is new."""
    old = old or {}
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
    fields = [field.name for field in editor_fields()]
    others = sorted((set(old) | set(new)) - set(fields) - set(LIST_PARTS))
    return fields + others + list(LIST_PARTS)


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
