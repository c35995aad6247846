"""Restoring editions from a JSON export: each written again exactly as it was published.

``create_editions_in_bulk`` (``dictionary.editions``) freezes an entry's working copy as
its next edition, dated now. An import must instead bring back editions frozen long ago:
their numbers, dates, approver, change summary, content and byline as recorded. That is
``restore_editions``, the one other way an edition comes to be; it freezes nothing, and
writes the rows around an edition with the edition writer's own helpers, so a restored
edition is read exactly as a published one. The fingerprint computed again from the
restored text must be the one exported: a check that nothing was changed on the way.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError

from ..editions import EditionRows, insert_editions
from ..models import Alias, Edition, EditionReference
from ..text import fold, initial_letter, sort_key


@dataclass
class KeysHere:
    """Primary keys in this database of the rows an export names: themes, contributors and
    entries by slug, works by the export's own ids."""

    themes: dict[str, int] = field(default_factory=dict)
    contributors: dict[str, int] = field(default_factory=dict)
    entries: dict[str, int] = field(default_factory=dict)
    works: dict[int, int] = field(default_factory=dict)


@dataclass
class RestoredEdition:
    """One edition as an export recorded it, its keys found in this database: ``edition``
    unsaved with every column set, its themes, and its frozen references (unsaved)."""

    edition: Edition
    fingerprint: str
    theme_ids: list[int] = field(default_factory=list)
    references: list[EditionReference] = field(default_factory=list)


def restored_edition(record: dict, *, entry_id: int, keys: KeysHere, approver) -> RestoredEdition:
    """A RestoredEdition from an export's edition record: ``keys`` find the byline's
    contributors, the themes and the references' targets in this database by slug;
    ``approver`` is the user who approved it here (or None)."""
    content = record["content"]
    edition = Edition(
        entry_id=entry_id,
        number=record["number"],
        is_current=record["is_current"],
        headword=content["headword"],
        sort_key=sort_key(content["headword"]),
        initial=initial_letter(content["headword"]),
        **{name: content[name] for name in _FROZEN_AS_RECORDED},
        citations=[_citation_item(item, keys.works) for item in content["citations"]],
        byline=[_byline_item(item, keys.contributors) for item in content["byline"]],
        change_summary=record["change_summary"],
        approved_by=approver,
        without_review=record["without_review"],
        first_published_at=datetime.fromisoformat(record["first_published_at"]),
        published_at=datetime.fromisoformat(record["published_at"]),
    )
    references = [
        EditionReference(
            target_id=keys.entries.get(ref.get("target_slug")),
            target_text=ref["target"],
            target_key=fold(ref["target"]),
            label=ref["label"],
            kind=ref["kind"],
            order=ref.get("order", 0),
        )
        for ref in content["references"]
    ]
    themes = [keys.themes[slug] for slug in content["themes"]]
    return RestoredEdition(edition, record["fingerprint"], themes, references)


_FROZEN_AS_RECORDED = (
    *("slug", "entry_type", "dates", "dates_edtf", "start_year", "end_year", "body"),
    *("summary", "aliases"),
)
# The order ``dictionary.snapshots`` writes a frozen citation's keys in, and its work's as
# CSL-JSON: an export sorts them, and a page or the API prints them as stored.
_CITATION_KEYS = ("role", "locator", "order", "confirmed", "work_id", "csl")
_CSL_KEYS = (
    *("id", "type", "title", "author", "editor", "issued", "publisher", "publisher-place"),
    *("container-title", "volume", "issue", "page", "DOI", "ISBN", "URL"),
)


def _citation_item(item: dict, work_ids: dict[int, int]) -> dict:
    """A frozen citation as the edition writer stores it, its work's id the one here."""
    item = _in_order(item, _CITATION_KEYS)
    item["csl"] = _in_order(item["csl"], _CSL_KEYS)
    if item.get("work_id") is not None:
        item["work_id"] = work_ids.get(item["work_id"], item["work_id"])
        item["csl"]["id"] = f"work-{item['work_id']}"
    return item


def _in_order(item: dict, keys: tuple) -> dict:
    """``item`` with ``keys`` first in that order, any other keys after them."""
    ordered = {key: item[key] for key in keys if key in item}
    return {**ordered, **item}


def _byline_item(item: dict, contributor_ids: dict) -> dict:
    """A byline item as ``dictionary.snapshots.byline_item`` freezes it."""
    return {
        "contributor_id": contributor_ids[item["contributor"]],
        "slug": item["slug"],
        "name": item["name"],
        "display": item["display"],
        "inverted": item["inverted"],
        "role": item["role"],
    }


def restore_editions(*, items: list[RestoredEdition]) -> list[Edition]:
    """Write editions again as an export recorded them, for entries that have none yet.

    Refuses (``ValidationError``, naming the edition) one whose fingerprint computed again
    is not the one recorded. Side effects: those of ``insert_editions``, the one writer of
    edition rows, which publishing uses too. No history revision is linked (the
    revisions they came from belong to the exporting database). Callers wrap this in
    their transaction.
    """
    for item in items:
        item.edition.fill_search_fields()  # its fingerprint, to compare with the recorded one
        if item.fingerprint != item.edition.fingerprint:
            edition = item.edition
            raise ValidationError(
                f"Edition {edition.number} of “{edition.headword}” does not give back its "
                "recorded fingerprint: its text or byline was changed after the export."
            )
    slugs = _alias_slugs({item.edition.entry_id for item in items})
    return insert_editions(
        [
            EditionRows(
                item.edition, item.theme_ids, item.references, slugs.get(item.edition.entry_id, {})
            )
            for item in items
        ]
    )


def _alias_slugs(entry_ids) -> dict[int, dict[str, str]]:
    """The slugs of the restored entries' aliases, by entry and name: an export records an
    edition's alias names only, so each frozen alias takes the slug of the entry's alias of
    that name (else the one made from the name, ``EditionRows``)."""
    slugs: dict[int, dict[str, str]] = {}
    rows = Alias.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "name", "slug")
    for entry_id, name, slug in rows:
        slugs.setdefault(entry_id, {})[name] = slug
    return slugs
