"""Data migrations that fill new columns on dictionaries already in use."""

import importlib

from django.apps import apps

from dictionary.models import Edition, Entry
from tests import factories


def test_the_edtf_backfill_fills_entries_and_editions_batch_by_batch(db, monkeypatch):
    module = importlib.import_module("dictionary.migrations.0011_dates_in_edtf_and_work_notes")
    serge = factories.make_published("Serge, Victor", dates="1890–1947")
    ortiz = factories.make_entry("Ortiz, Paul", dates="c. 1820–1870")
    Entry.objects.update(dates_edtf="")
    Edition.objects.update(dates_edtf="")
    monkeypatch.setattr(module, "FORMS_PER_UPDATE", 1)  # one form per UPDATE: two batches

    module.fill_edtf(apps, None)

    assert Entry.objects.get(pk=serge.pk).dates_edtf == "1890/1947"
    expected = Entry(headword="Ortiz, Paul", dates="c. 1820–1870")
    expected.fill_derived_fields()
    assert Entry.objects.get(pk=ortiz.pk).dates_edtf == expected.dates_edtf != ""
    assert Edition.objects.get(entry=serge).dates_edtf == "1890/1947"


def test_editions_published_before_alias_slugs_were_frozen_get_them(db, monkeypatch):
    from dictionary.models import EditionAlias

    module = importlib.import_module(
        "dictionary.migrations.0018_frozen_alias_slugs_and_theme_names"
    )
    serge = factories.make_published("Serge, Victor", aliases=("Le Rétif", "Kibalchich"))
    serge.aliases.filter(name="Le Rétif").update(slug="retif")  # an editor's own slug
    serge.aliases.filter(name="Kibalchich").delete()  # gone from the working copy since
    EditionAlias.objects.all().delete()  # as before the migration
    monkeypatch.setattr(module, "BATCH", 1)

    module.freeze_alias_slugs(apps, None)

    rows = EditionAlias.objects.filter(edition__entry=serge)
    assert sorted(rows.values_list("name", "match_key", "slug")) == [
        ("Kibalchich", "kibalchich", "kibalchich"),
        ("Le Rétif", "le retif", "retif"),
    ]
