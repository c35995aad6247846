"""Publishing editions in bulk: a fixed number of queries, whatever the batch's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dictionary.editions import EditionRequest, create_editions_in_bulk
from dictionary.models import Edition, EditionCredit, EditionReference
from tests import factories

pytestmark = pytest.mark.django_db


def _signed_entries(count: int) -> list:
    theme = factories.make_theme()
    entries = []
    for number in range(count):
        entry = factories.make_entry(f"Entry {number}", body="See [[Serge, Victor]].")
        with factories.revising(entry, comment="Signed"):
            entry.themes.add(theme)
            factories.credit(entry, factories.make_contributor())
            factories.cite(entry, factories.make_work())
        entries.append(entry)
    return entries


def _queries_to_publish(entries) -> int:
    with CaptureQueriesContext(connection) as queries:
        create_editions_in_bulk(items=[EditionRequest(entry=entry) for entry in entries])
    return len(queries)


def test_publishing_in_bulk_takes_as_many_queries_for_six_entries_as_for_one():
    entries = _signed_entries(7)
    one, six = entries[:1], entries[1:]
    assert _queries_to_publish(one) == _queries_to_publish(six)
    assert Edition.objects.filter(is_current=True).count() == 7
    assert EditionCredit.objects.count() == EditionReference.objects.count() == 7
