"""EntrySnapshot: an entry as an edition freezes it, read from a working copy, an edition or
a stored history version, so that publishing, previews and diffs read one shape."""

import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from reversion.models import Version

from .markup import extract_references, plain_text
from .models import (
    Alias,
    Citation,
    Contributor,
    Credit,
    CrossReference,
    Edition,
    Entry,
    Work,
)

SUMMARY_LENGTH = 300
FROZEN_ENTRY_FIELDS = (
    "headword",
    "sort_key",
    "initial",
    "slug",
    "entry_type",
    "dates",
    "dates_edtf",
    "start_year",
    "end_year",
    "body",
)
CITATION_ORDER = ("role", "order", "id")
_CITATION_COLUMNS = ("entry_id", "work_id", "role", "locator", "order", "confirmed")
_REFERENCE_COLUMNS = ("source_id", "target_id", "target_text", "target_key", "kind", "order")


@dataclass(frozen=True)
class FrozenReference:
    """A cross-reference as an edition keeps it (the columns of EditionReference)."""

    target_id: int | None
    target_text: str
    target_key: str
    label: str
    kind: str
    order: int


@dataclass(frozen=True)
class EntrySnapshot:
    """Everything an edition freezes of an entry, whatever it was read from.

    Two snapshots are equal when publishing them would show the same page. Alias kinds
    (editions keep names only) and stored fields a migration has since removed are carried
    for diffs; the kinds do not count in equality, as an edition cannot know them.
    """

    entry_id: int
    headword: str
    sort_key: str
    initial: str
    slug: str
    entry_type: str
    dates: str
    dates_edtf: str
    start_year: int | None
    end_year: int | None
    body: str
    aliases: tuple[str, ...] = ()
    byline: tuple[dict, ...] = ()
    citations: tuple[dict, ...] = ()
    references: tuple[FrozenReference, ...] = ()
    themes: tuple[int, ...] = ()
    alias_kinds: dict = field(default_factory=dict, compare=False)
    # Each alias's slug (the URL that redirects to the entry), frozen apart (EditionAlias).
    alias_slugs: dict = field(default_factory=dict, compare=False)
    removed_fields: dict = field(default_factory=dict)

    @classmethod
    def of_entries(cls, entries) -> dict[int, "EntrySnapshot"]:
        """The working copies of many entries by id, read in six queries whatever their number."""
        return _WorkingCopies(entries).snapshots()

    @classmethod
    def of_entry(cls, entry: Entry) -> "EntrySnapshot":
        return cls.of_entries([entry])[entry.pk]

    @classmethod
    def of_parts(
        cls,
        entry: Entry,
        *,
        aliases=(),
        byline=(),
        citations=(),
        references=(),
        themes=(),
        removed_fields=None,
        alias_slugs=None,
    ) -> "EntrySnapshot":
        """The entry's own fields with the parts given: aliases as (name, kind) pairs,
        bylines and citations as editions keep them, cross-references (rows with their
        columns) and theme ids in order. The constructors above end here; so does a writer
        that already holds the parts (the synthetic generator)."""
        return cls(
            entry_id=entry.pk,
            **{name: getattr(entry, name) for name in FROZEN_ENTRY_FIELDS},
            aliases=tuple(sorted(name for name, _ in aliases)),
            byline=tuple(byline),
            citations=tuple(citations),
            references=frozen_references(entry.body, references),
            themes=tuple(sorted(themes)),
            alias_kinds=dict(aliases),
            removed_fields=removed_fields or {},
            alias_slugs=dict(alias_slugs or {}),
        )

    @classmethod
    def of_edition(cls, edition: Edition) -> "EntrySnapshot":
        """What an edition froze (its references and themes read, or taken prefetched)."""
        return cls(
            entry_id=edition.entry_id,
            **{name: getattr(edition, name) for name in FROZEN_ENTRY_FIELDS},
            aliases=tuple(edition.aliases),
            byline=tuple(edition.byline),
            citations=tuple(edition.citations),
            references=tuple(
                FrozenReference(**{name: getattr(ref, name) for name in _FROZEN_REFERENCE})
                for ref in edition.references.all()
            ),
            themes=tuple(sorted(theme.pk for theme in edition.themes.all())),
        )

    @classmethod
    def of_revision(cls, revision, entry_id) -> "EntrySnapshot":
        """The entry as a history revision stored it, read from its versions' JSON, so that
        old versions stay readable after a migration: a field added since takes its
        default, a removed one is kept in ``removed_fields``. Rows the revision did not
        store (a work, a contributor) are read as they are now. Raises ValidationError
        when the revision does not contain the entry."""
        return _stored_snapshot(entry_versions(revision, entry_id))

    @property
    def summary(self) -> str:
        return summary_of(self.body)

    def edition_fields(self) -> dict:
        """The Edition columns the snapshot fills (its links are written apart)."""
        return {
            **{name: getattr(self, name) for name in FROZEN_ENTRY_FIELDS},
            "summary": summary_of(self.body),
            "aliases": list(self.aliases),
            "byline": list(self.byline),
            "citations": list(self.citations),
        }


_FROZEN_REFERENCE = ("target_id", "target_text", "target_key", "label", "kind", "order")


def work_as_csl(work: Work) -> dict:
    """Return a work as a CSL-JSON item (https://citeproc-js.readthedocs.io/)."""
    item = {"id": f"work-{work.pk}", "type": work.work_type, "title": work.title}
    if work.authors:
        item["author"] = work.authors
    if work.editors:
        item["editor"] = work.editors
    if work.year is not None:
        item["issued"] = {"date-parts": [[work.year]]}
    optional = {
        "publisher": work.publisher,
        "publisher-place": work.place,
        "container-title": work.container_title,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages,
        "DOI": work.doi,
        "ISBN": work.isbn,
        "URL": work.url,
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


def citation_item(row, work: Work) -> dict:
    """A citation (a Citation or a row with its columns) as an edition keeps it."""
    return {
        "role": row.role,
        "locator": row.locator,
        "order": row.order,
        "confirmed": row.confirmed,
        "work_id": row.work_id,
        "csl": work_as_csl(work),
    }


def byline_item(contributor: Contributor, role: str) -> dict:
    """A credit as an edition's byline keeps it: enough to print and link it with no query."""
    return {
        "contributor_id": contributor.pk,
        "slug": contributor.slug,
        "name": contributor.csl_name,
        "display": contributor.display_name,
        "inverted": contributor.inverted_name,
        "role": role,
    }


def summary_of(body: str) -> str:
    """The plain-text opening of a body that lists and feeds show."""
    text = plain_text(body or "")
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def frozen_references(body: str, references) -> tuple[FrozenReference, ...]:
    """Cross-references (CrossReference rows or rows of their columns, in order) with the
    label the body shows for each."""
    labels = {ref.target: ref.label for ref in extract_references(body or "")}
    return tuple(
        FrozenReference(
            target_id=ref.target_id,
            target_text=ref.target_text,
            target_key=ref.target_key,
            label=labels.get(ref.target_text, ""),
            kind=ref.kind,
            order=ref.order,
        )
        for ref in references
    )


class _WorkingCopies:
    """What an edition freezes of a batch of entries, read in six queries.

    Rows come as named tuples rather than model instances, which cost more to build than
    anything else here; the works are instances, as ``work_as_csl`` wants.
    """

    def __init__(self, entries):
        self.entries = list(entries)
        ids = [entry.pk for entry in self.entries]
        aliases = Alias.objects.filter(entry_id__in=ids).values_list(
            "entry_id", "name", "kind", "slug"
        )
        aliases = list(aliases)
        self.aliases = _by_entry((entry_id, (name, kind)) for entry_id, name, kind, _ in aliases)
        self.alias_slugs = _by_entry(
            (entry_id, (name, slug)) for entry_id, name, _, slug in aliases
        )
        cited = Citation.objects.filter(entry_id__in=ids).order_by(*CITATION_ORDER)
        rows = list(cited.values_list(*_CITATION_COLUMNS, named=True))
        works = Work.objects.in_bulk({row.work_id for row in rows})
        self.citations = _by_entry(
            (row.entry_id, citation_item(row, works[row.work_id])) for row in rows
        )
        # In the model's order, as ``entry.outgoing_references.all()``.
        references = CrossReference.objects.filter(source_id__in=ids)
        self.references = _by_entry(
            (ref.source_id, ref) for ref in references.values_list(*_REFERENCE_COLUMNS, named=True)
        )
        themes = Entry.themes.through.objects.filter(entry_id__in=ids)
        self.themes = _by_entry(themes.values_list("entry_id", "theme_id"))
        credits = Credit.objects.filter(entry_id__in=ids).select_related("contributor")
        self.bylines = _by_entry(
            (credit.entry_id, byline_item(credit.contributor, credit.role))
            for credit in credits.order_by("entry_id", "order", "id")
        )

    def snapshots(self) -> dict[int, EntrySnapshot]:
        return {entry.pk: self._snapshot(entry) for entry in self.entries}

    def _snapshot(self, entry: Entry) -> EntrySnapshot:
        return EntrySnapshot.of_parts(
            entry,
            aliases=self.aliases.get(entry.pk, []),
            byline=self.bylines.get(entry.pk, []),
            citations=self.citations.get(entry.pk, []),
            references=self.references.get(entry.pk, []),
            themes=self.themes.get(entry.pk, []),
            alias_slugs=self.alias_slugs.get(entry.pk, []),
        )


def _by_entry(pairs) -> dict[int, list]:
    """(entry id, item) pairs as each entry's list of items, in their order."""
    grouped: dict[int, list] = {}
    for entry_id, item in pairs:
        grouped.setdefault(entry_id, []).append(item)
    return grouped


# Stored versions ---------------------------------------------------------------------------


def entry_versions(revision, entry_id) -> dict:
    """The stored fields of an entry and its related rows in one revision, by kind.

    Returns {"entry": fields, "aliases": [...], "credits": [...], "citations": [...],
    "cross_references": [...], "works": {work id: fields}, "contributors": {contributor id:
    fields}}; each row's fields carry its primary key as "pk".
    A revision records one entry (its EntryRevision says which), so its versions are read
    whole; rows of another entry (an old revision of several) are left out by their key.
    Raises ValidationError when the revision does not contain the entry.
    """
    types = ContentType.objects.get_for_models(*_ROW_MODELS)  # one query, when not cached
    models_by_type = {content_type.pk: model for model, content_type in types.items()}
    rows = Version.objects.filter(revision=revision, content_type__in=types.values())
    found = {"entry": None, "aliases": [], "credits": [], "citations": [], "cross_references": []}
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


def stored_instance(model, fields: dict):
    """A model instance from stored fields; fields a migration dropped are ignored and fields
    it added keep their defaults."""
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.name in fields and not model_field.primary_key:
            values[model_field.attname] = model_field.to_python(fields[model_field.name])
    instance = model(**values)
    instance.pk = fields["pk"]
    return instance


# (part of entry_versions' answer, foreign key to the entry) for each model a revision carries.
_ROW_MODELS = {
    Entry: ("entry", "pk"),
    Alias: ("aliases", "entry"),
    Credit: ("credits", "entry"),
    Citation: ("citations", "entry"),
    CrossReference: ("cross_references", "source"),
    Work: ("works", None),
    Contributor: ("contributors", None),
}


def _stored_snapshot(found: dict) -> EntrySnapshot:
    fields = found["entry"]
    entry = stored_instance(Entry, fields)
    known = {"pk"} | {model_field.name for model_field in Entry._meta.get_fields()}
    aliases = [stored_instance(Alias, row) for row in found["aliases"]]
    references = sorted(
        (stored_instance(CrossReference, row) for row in found["cross_references"]),
        key=lambda ref: (ref.kind, ref.order, ref.pk),
    )
    return EntrySnapshot.of_parts(
        entry,
        aliases=[(alias.name, alias.kind) for alias in aliases],
        byline=_stored_byline(found),
        citations=_stored_citations(found),
        references=references,
        themes=fields.get("themes") or [],
        removed_fields={name: fields[name] for name in sorted(set(fields) - known)},
        alias_slugs=[(alias.name, alias.slug) for alias in aliases],
    )


def _stored_byline(found: dict) -> tuple[dict, ...]:
    credits = sorted(
        (stored_instance(Credit, row) for row in found["credits"]),
        key=lambda credit: (credit.order, credit.pk),
    )
    people = _stored_rows(Contributor, found["contributors"], {c.contributor_id for c in credits})
    return tuple(
        byline_item(
            people.get(credit.contributor_id)
            or Contributor(
                pk=credit.contributor_id, literal=f"(contributor {credit.contributor_id})"
            ),
            credit.role,
        )
        for credit in credits
    )


def _stored_citations(found: dict) -> tuple[dict, ...]:
    cited = sorted(
        (stored_instance(Citation, row) for row in found["citations"]),
        key=lambda citation: (citation.role, citation.order, citation.pk),
    )
    works = _stored_rows(Work, found["works"], {citation.work_id for citation in cited})
    return tuple(
        citation_item(
            citation,
            works.get(citation.work_id)
            or Work(pk=citation.work_id, title=f"(work {citation.work_id}, no longer stored)"),
        )
        for citation in cited
    )


def _stored_rows(model, stored: dict, wanted: set) -> dict:
    """The rows a revision stored, by id, and those it did not store as they are now."""
    rows = {pk: stored_instance(model, fields) for pk, fields in stored.items()}
    missing = wanted - set(rows) - {None}
    return {**model.objects.in_bulk(missing), **rows} if missing else rows
