"""What differs between an export and the rows already here: a merge reports it, and keeps
what is here (an editor's work is never overwritten by an import)."""

from dictionary.exporting.batches import WorkingRows
from dictionary.exporting.json_format import working_copy
from dictionary.models import Edition, Entry

# Compared for an entry already here: its content, not when or from which file it came.
_COMPARED = (
    *("headword", "entry_type", "dates", "body", "themes", "credits", "aliases"),
    *("citations", "cross_references"),
)


def row_differences(label: str, row, record: dict) -> list[str]:
    """One line naming the fields of ``record`` (an exported theme, contributor or work)
    that ``row`` holds otherwise, or none."""
    names = [name for name in record if name != "id" and getattr(row, name) != record[name]]
    if not names:
        return []
    return [f"{label}: {_differ(names)} here; kept as it is here."]


def _differ(names: list[str]) -> str:
    return f"{', '.join(names)} {'differs' if len(names) == 1 else 'differ'}"


def entry_differences(records: list[dict], work_ids: dict[int, int]) -> list[str]:
    """A line per exported entry whose slug is here but whose working copy or editions
    differ from the export's, naming what differs."""
    slugs = [record["entry"]["slug"] for record in records]
    here = {entry.slug: entry for entry in Entry.objects.filter(slug__in=slugs)}
    rows = WorkingRows({"entry_id__in": [entry.pk for entry in here.values()]})
    editions: dict[str, list] = {}
    for slug, number, fingerprint in (
        Edition.objects.filter(entry__slug__in=slugs)
        .order_by("entry_id", "number")
        .values_list("entry__slug", "number", "fingerprint")
    ):
        editions.setdefault(slug, []).append((number, fingerprint))
    lines = []
    for record in records:
        slug = record["entry"]["slug"]
        names = _differing_fields(working_copy(here[slug], rows), record["entry"], work_ids)
        exported = [(edition["number"], edition["fingerprint"]) for edition in record["editions"]]
        if exported != editions.get(slug, []):
            names.append(
                f"editions (here {len(editions.get(slug, []))}, in the file {len(exported)})"
            )
        if names:
            lines.append(f"entry {slug!r}: {_differ(names)} here; kept as it is here.")
    return lines


def _differing_fields(here: dict, exported: dict, work_ids: dict[int, int]) -> list[str]:
    # The file cites works by its own ids: compare them as the ids they have here.
    cited = [
        {**citation, "work": work_ids.get(citation["work"])} for citation in exported["citations"]
    ]
    exported = {**exported, "citations": cited}
    return [name for name in _COMPARED if here[name] != exported[name]]
