"""insert_new_rows: the rows a bulk_create would write, with keys, on either database."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction
from reversion.models import Revision

from dictionary.inserting import insert_new_rows
from dictionary.models import Citation, Edition, Entry
from dictionary.search import search_editions
from tests.factories import make_entry, make_work

pytestmark = pytest.mark.django_db
PUBLISHED = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)


def _edition_of(entry, **fields):
    edition = Edition(
        entry=entry,
        number=1,
        is_current=True,
        headword=entry.headword,
        sort_key=entry.sort_key,
        initial=entry.initial,
        slug=entry.slug,
        entry_type=entry.entry_type,
        dates=entry.dates,
        body=entry.body,
        summary="",
        aliases=["Kibalchich, Victor"],
        citations=[{"id": "w1", "title": "Memoirs", "issued": {"date-parts": [[1951]]}}],
        first_published_at=PUBLISHED,
        published_at=PUBLISHED,
        **fields,
    )
    edition.fill_search_fields()
    return edition


def test_rows_get_their_keys_and_count_as_saved():
    entry = make_entry(headword="Serge, Victor", body="Wrote *Memoirs of a Revolutionary*.")
    works = [make_work(title=f"Volume {number}") for number in range(3)]
    citations = [Citation(entry=entry, work=work, order=order) for order, work in enumerate(works)]

    insert_new_rows(citations)

    keys = [citation.pk for citation in citations]
    assert None not in keys and len(set(keys)) == 3
    assert all(not citation._state.adding for citation in citations)
    stored = Citation.objects.filter(pk__in=keys).order_by("order")
    assert [(c.pk, c.entry_id, c.work_id, c.order) for c in stored] == [
        (c.pk, entry.pk, work.pk, c.order) for c, work in zip(citations, works, strict=True)
    ]


def test_stored_values_read_back_equal_including_json_and_dates():
    entry = make_entry(headword="Serge, Victor", body="Born in Brussels to exiles.")
    revision = Revision.objects.create(comment="test", date_created=PUBLISHED)
    edition = _edition_of(entry, revision=revision)

    insert_new_rows([edition])

    stored = Edition.objects.get(pk=edition.pk)
    assert stored.aliases == ["Kibalchich, Victor"]
    assert stored.citations == edition.citations
    assert stored.revision_id == revision.pk
    assert stored.published_at == PUBLISHED  # microseconds and time zone kept
    assert stored.search_names == edition.search_names


def test_search_finds_rows_inserted_this_way():
    """On PostgreSQL the insert trigger fills the search vector for COPY as for INSERT."""
    entry = make_entry(headword="Serge, Victor", body="Born in Brussels to exiles.")
    insert_new_rows([_edition_of(entry)])

    current = Edition.objects.current()
    assert [e.entry_id for e in search_editions(current, "Brussels")] == [entry.pk]
    assert [e.entry_id for e in search_editions(current, "Kibalchich")] == [entry.pk]


def test_a_later_save_updates_the_row_rather_than_inserting_another():
    entry = Entry(headword="Zinoviev, Grigori", slug="zinoviev-grigori", body="")
    entry.fill_derived_fields()
    insert_new_rows([entry])

    entry.body = "Chairman of the Comintern."
    entry.save()

    assert Entry.objects.filter(headword="Zinoviev, Grigori").count() == 1
    assert Entry.objects.get(pk=entry.pk).body == "Chairman of the Comintern."


def test_the_database_keys_follow_on_after_it():
    """Keys drawn on PostgreSQL come from the table's own sequence: a plain insert after
    the batch does not collide with it."""
    entries = []
    for name in ("Lenin, Vladimir", "Martov, Julius"):
        entry = Entry(headword=name, slug=name.lower().replace(", ", "-"), body="")
        entry.fill_derived_fields()
        entries.append(entry)
    insert_new_rows(entries)

    later = make_entry(headword="Plekhanov, Georgi")

    assert later.pk > max(entry.pk for entry in entries)


def test_a_refused_row_raises_djangos_error_and_writes_nothing():
    make_entry(headword="Serge, Victor", slug="serge-victor")
    clash = Entry(headword="Serge, Victor", slug="serge-victor", body="")
    other = Entry(headword="Trotsky, Leon", slug="trotsky-leon", body="")
    for entry in (other, clash):
        entry.fill_derived_fields()

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_new_rows([other, clash])

    assert not Entry.objects.filter(slug="trotsky-leon").exists()


def test_a_related_object_saved_after_it_was_assigned_is_taken_as_bulk_create_takes_it():
    entry = Entry(headword="Serge, Victor", slug="serge-victor", body="")
    entry.fill_derived_fields()
    work = make_work(title="Memoirs of a Revolutionary")
    citation = Citation(entry=entry, work=work)  # entry has no key yet
    insert_new_rows([entry])

    insert_new_rows([citation])

    assert Citation.objects.get(pk=citation.pk).entry_id == entry.pk


def test_an_unsaved_related_object_is_refused_before_anything_is_written():
    entry = Entry(headword="Serge, Victor", slug="serge-victor", body="")
    citation = Citation(entry=entry, work=make_work())

    with pytest.raises(ValueError, match="unsaved related object"):
        insert_new_rows([citation])

    assert Citation.objects.count() == 0


def test_a_key_given_in_advance_is_kept():
    entry = Entry(pk=4242, headword="Serge, Victor", slug="serge-victor", body="")
    entry.fill_derived_fields()

    insert_new_rows([entry])

    assert Entry.objects.get(slug="serge-victor").pk == 4242
