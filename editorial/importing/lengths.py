"""Refusing a seed document whose extracted text is longer than the column that keeps it.

Checked when the file is read, so that the report names the file, the line and the field,
where the database would only say "value too long for type character varying(255)"
(PostgreSQL), or keep it whole (SQLite, which ignores lengths).
"""

from dictionary.models import Alias, Contributor, Entry, Work
from dictionary.seed_format import SeedDocument, SeedFormatError

# The CSL name parts of a source's authors and editors: what each is called, and the
# Contributor field that keeps it.
_NAME_PARTS = {
    "given": ("given names", "given"),
    "family": ("family name", "family"),
    "non-dropping-particle": ("particle", "particle"),
    "suffix": ("suffix", "suffix"),
    "literal": ("name", "literal"),
}


def refuse_overlong_fields(document: SeedDocument, *, name: str) -> None:
    """Raise SeedFormatError for the first extracted field too long for its column."""
    for line, label, text, model, field in _extracted_fields(document):
        limit = model._meta.get_field(field).max_length
        if len(text) > limit:
            raise SeedFormatError(
                name,
                line,
                f"the {label} is {len(text)} characters long, more than the {limit} "
                f"it may have: “{text if len(text) <= 60 else text[:60] + '…'}”",
            )


def _extracted_fields(document: SeedDocument):
    """(line, what, text, model, field) for each piece of text the import would store."""
    yield 1, "headword", document.headword, Entry, "headword"
    for alias in document.aliases:
        yield 1, "other name", alias, Alias, "name"
    yield 2, "dates", document.dates.printed, Entry, "dates"
    for work in document.works_by_subject:
        yield from _work_fields(2, "title of a work by the subject", work)
    if document.source is not None:
        yield from _work_fields(3, "source title", document.source)


def _work_fields(line: int, label: str, work):
    yield line, label, work.title, Work, "title"
    yield line, f"note on the {label}", work.note, Work, "note"
    for person in [*work.authors, *work.editors]:
        for part, (called, field) in _NAME_PARTS.items():
            text = str(person.get(part) or "")
            yield line, f"{called} of an author or editor", text, Contributor, field
