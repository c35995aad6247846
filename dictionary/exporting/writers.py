"""Writing an export to a file, one batch of entries at a time: JSON, CSV or TEI."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from lxml import etree

from ..publication import absolute_url
from ..views.linking import entry_path
from . import json_format, tei
from .batches import EntryBatch, entry_batches

FORMATS = ("json", "csv", "tei")
CSV_COLUMNS = (
    *("id", "headword", "slug", "entry_type", "dates", "start_year", "end_year", "themes"),
    *("aliases", "authors", "current_edition", "published_at", "url"),
)


@dataclass
class ExportSummary:
    entries: int = 0
    editions: int = 0
    works: int = 0
    contributors: int = 0


Progress = Callable[[int], None]


def export(out, *, fmt: str, published_only=False, with_history=False, progress=None):
    """Write the dictionary to the binary file ``out`` in ``fmt``; return an ExportSummary.

    Entries are read in batches by id (``batches.entry_batches``), so memory stays flat
    whatever the dictionary's size. TEI holds current editions only, whatever the options."""
    writer = {"json": _write_json, "csv": _write_csv, "tei": _write_tei}[fmt]
    summary = ExportSummary()
    only_published = published_only or fmt == "tei"
    # The CSV names each entry's current edition only: it reads no other.
    batches = entry_batches(published_only=only_published, current_only=fmt == "csv")
    options = {"published_only": only_published, "with_history": with_history}
    writer(out, _counted(batches, summary, progress), summary, **options)
    return summary


def _counted(batches, summary: ExportSummary, progress: Progress | None):
    for batch in batches:
        yield batch
        summary.entries += len(batch.entries)
        summary.editions += sum(len(editions) for editions in batch.editions.values())
        if progress:
            progress(summary.entries)


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode()


def _write_json(out, batches, summary, *, published_only: bool, with_history: bool) -> None:
    """One JSON object; its lists are written an item a line so files diff and grep well."""
    head = json_format.head(published_only=published_only, with_history=with_history)
    out.write(_dump(head)[:-1] + b',\n"themes": ')
    out.write(_dump(json_format.theme_records(published_only=published_only)))
    out.write(b',\n"contributors": [')
    for number, person in enumerate(json_format.contributor_records(published_only=published_only)):
        out.write((b",\n" if number else b"\n") + _dump(person))
        summary.contributors += 1
    out.write(b'\n],\n"works": [')
    for number, work in enumerate(json_format.work_records(published_only=published_only)):
        out.write((b",\n" if number else b"\n") + _dump(work))
        summary.works += 1
    out.write(b'\n],\n"entries": [')
    first = True
    for batch in batches:
        records = json_format.entry_records(
            batch, published_only=published_only, with_history=with_history
        )
        for record in records:
            out.write((b"\n" if first else b",\n") + _dump(record))
            first = False
    out.write(b"\n]}\n")


def _write_csv(out, batches, summary, *, published_only: bool, with_history: bool) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    rows = csv.writer(text)
    rows.writerow(CSV_COLUMNS)
    for batch in batches:
        for entry in batch.entries:
            rows.writerow(_csv_row(batch, entry, published_only=published_only))
    text.detach()


def _csv_row(batch: EntryBatch, entry, *, published_only: bool) -> list:
    current = batch.current(entry)
    source = current if published_only else entry
    if published_only:
        themes = [theme.slug for theme in current.themes.all()]
        aliases = list(current.aliases)
    else:  # the working copy's, read for the batch
        themes = [theme["slug"] for theme in batch.rows.themes.get(entry.pk, [])]
        aliases = [alias["name"] for alias in batch.rows.aliases.get(entry.pk, [])]
    url = _entry_url(current.slug) if current else ""
    return [
        entry.pk, source.headword, source.slug, source.entry_type, source.dates,
        source.start_year, source.end_year, "; ".join(sorted(themes)), "; ".join(aliases),
        _authors(current),
        current.number if current else "", current.published_at.isoformat() if current else "",
        url,
    ]  # fmt: skip


def _authors(edition) -> str:
    """The current edition's byline as printed: "Ann Lee (author); Tom Roe (translator)"."""
    if edition is None:
        return ""
    return "; ".join(f"{item.get('display')} ({item.get('role')})" for item in edition.byline)


def _entry_url(slug: str) -> str:
    return absolute_url(entry_path(slug))


def _write_tei(out, batches, summary, *, published_only: bool, with_history: bool) -> None:
    """One TEI Lex-0 document of the current editions, written element by element."""
    teiheader = tei.header(
        title=settings.HEADWORD_TITLE,
        publisher=settings.HEADWORD_PUBLISHER,
        published=timezone.localdate().isoformat(),
        note="The current edition of every published entry.",
    )
    with etree.xmlfile(out, encoding="utf-8") as document:
        document.write_declaration()
        with document.element(tei.tei("TEI"), nsmap={None: tei.TEI_NS}, type="lex-0"):
            document.write(teiheader)
            with document.element(tei.tei("text")), document.element(tei.tei("body")):
                for batch in batches:
                    for element in _tei_entries(batch):
                        document.write(element)


def _tei_entries(batch: EntryBatch):
    links = batch.links

    def link_for(target: str) -> str | None:
        url = links.url_for(target)
        # The entry page's URL ends with the slug: the entry is in this document.
        return f"#{tei.xml_id(url.rstrip('/').rsplit('/', 1)[1])}" if url else None

    for entry in batch.entries:
        edition = batch.current(entry)
        if edition is not None:
            yield tei.entry_element(edition, themes=edition.themes.all(), link_for=link_for)
