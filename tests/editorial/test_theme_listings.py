"""Theme listings hold exactly the current editions under their themes, whatever wrote them."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dictionary.editions import EditionRequest, create_editions_in_bulk
from dictionary.models import UNDATED_YEAR, Edition, ThemeListing
from dictionary.theme_listings import relist_every_edition
from editorial import services
from editorial.importing import import_seed_documents
from tests import factories

pytestmark = pytest.mark.django_db


def expected_listings() -> set[tuple]:
    """What the listings must hold, read from the current editions and their theme links."""
    rows = set()
    for edition in Edition.objects.current().prefetch_related("themes"):
        year = next(
            (y for y in (edition.start_year, edition.end_year) if y is not None), UNDATED_YEAR
        )
        for theme in edition.themes.all():
            row = (theme.pk, edition.pk, edition.sort_key, edition.entry_type, year)
            rows.add((*row, edition.published_at))
    return rows


def stored_listings() -> set[tuple]:
    columns = ("theme_id", "edition_id", "sort_key", "entry_type", "position_year")
    columns += ("published_at",)
    return set(ThemeListing.objects.values_list(*columns))


def test_publishing_lists_the_new_edition_and_unlists_the_one_it_replaces(chief):
    exile, opposition = factories.make_theme("Exile"), factories.make_theme("Opposition")
    serge = factories.make_published("Serge, Victor", dates="1890–1947", themes=[exile])
    factories.make_published("Undated, Someone", themes=[exile, opposition])
    first = serge.editions.get()
    assert stored_listings() == expected_listings() != set()

    serge.themes.add(opposition)
    factories.republish(serge, dates="1890–1947")

    assert not ThemeListing.objects.filter(edition=first).exists()
    assert stored_listings() == expected_listings()
    assert ThemeListing.objects.filter(edition__entry=serge).count() == 2
    undated = ThemeListing.objects.filter(edition__headword="Undated, Someone")
    assert set(undated.values_list("position_year", flat=True)) == {UNDATED_YEAR}


def test_withdrawing_unlists_and_the_theme_is_no_longer_offered(chief, client):
    exile = factories.make_theme("Exile")
    serge = factories.make_published("Serge, Victor", themes=[exile])
    assert "exile" in client.get("/entries/").content.decode()

    services.unpublish(entry=serge, user=chief, reason="Disputed.")

    assert not ThemeListing.objects.exists()
    assert 'value="exile"' not in client.get("/entries/").content.decode()


def test_listings_are_those_computed_from_scratch_after_every_change(chief):
    """Publish, withdraw, republish with other themes and dates, rebuild: after each, the
    stored rows are exactly those the current editions and their themes make."""
    exile, labour = factories.make_theme("Exile"), factories.make_theme("Labour")
    serge = factories.make_published("Serge, Victor", dates="1890–1947", themes=[exile])
    trotsky = factories.make_published("Trotsky, Leon", themes=[exile, labour])
    factories.make_published("Undated, Someone", themes=[labour])
    seen = [stored_listings()]
    assert seen[-1] == expected_listings() and len(seen[-1]) == 4

    services.unpublish(entry=serge, user=chief, reason="Disputed.")
    seen.append(stored_listings())
    assert seen[-1] == expected_listings() and len(seen[-1]) == 3

    with factories.revising(trotsky):
        trotsky.themes.remove(exile)
        trotsky.dates = "1879–1940"
    factories.publish(trotsky, summary="Dated")
    seen.append(stored_listings())
    assert seen[-1] == expected_listings() and len(seen[-1]) == 2

    with factories.revising(serge):
        serge.themes.add(labour)
    factories.publish(serge, summary="Back, under two themes")
    seen.append(stored_listings())
    assert seen[-1] == expected_listings() and len(seen[-1]) == 4

    ThemeListing.objects.filter(theme=labour).delete()  # past the writer, as a shell could
    assert relist_every_edition() == 4
    assert stored_listings() == expected_listings() == seen[-1]
    assert len({frozenset(rows) for rows in seen}) == len(seen)  # each step changed them


@pytest.mark.parametrize("size", [2, 30])
def test_a_batch_is_listed_in_one_delete_and_one_insert(size):
    """Bulk paths (import, generator) rely on it: the statements do not grow with entries."""
    exile, labour = factories.make_theme("Exile"), factories.make_theme("Labour")
    entries = [factories.make_entry(f"Person {number:02d}") for number in range(size)]
    for entry in entries:
        entry.themes.add(exile, labour)
    items = [EditionRequest(entry=entry) for entry in entries]
    with CaptureQueriesContext(connection) as queries:
        create_editions_in_bulk(items=items)
        create_editions_in_bulk(items=items)  # again: the first editions' rows go

    listing_statements = [q["sql"] for q in queries.captured_queries if "themelisting" in q["sql"]]
    assert [sql.split()[0] for sql in listing_statements] == ["DELETE", "INSERT"] * 2
    assert stored_listings() == expected_listings() and len(stored_listings()) == 2 * size


def test_a_drafted_theme_is_not_listed(chief):
    exile = factories.make_theme("Exile")
    entry = factories.make_entry("Serge, Victor")
    entry.themes.add(exile)
    assert not ThemeListing.objects.exists()


def test_an_import_lists_the_entries_it_publishes_under_the_theme_list(tmp_path):
    factories.write_seed(tmp_path, "a.txt", "Serge, Victor", "(1890–1947)Born in Brussels.")
    factories.write_seed(tmp_path, "b.txt", "Trotsky, Leon", "(1879–1940)Born in Yanovka.")
    report = import_seed_documents(
        paths=[tmp_path], themes={"Exile": ["Serge, Victor", "Trotsky, Leon"]}
    )
    assert report.created == 2
    assert len(stored_listings()) == 2 and stored_listings() == expected_listings()


def test_generated_entries_are_listed():
    call_command("generate_entries", "40", "--seed", "3", verbosity=0)
    assert stored_listings() == expected_listings() != set()


def test_listing_again_from_the_links_gives_the_same_rows():
    exile = factories.make_theme("Exile")
    for name in ("Serge, Victor", "Trotsky, Leon"):
        factories.make_published(name, themes=[exile])
    before = stored_listings()
    ThemeListing.objects.all().delete()

    assert relist_every_edition() == 2
    assert stored_listings() == before == expected_listings()
    assert relist_every_edition() == 2  # again: the rows are replaced, not added
    assert stored_listings() == before


def test_the_rebuild_command_writes_them_again_and_says_how_many(capsys):
    exile = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", themes=[exile])
    before = stored_listings()
    ThemeListing.objects.all().delete()

    call_command("rebuild_theme_listings")

    assert stored_listings() == before != set()
    assert "1 listings written." in capsys.readouterr().out


def test_the_rebuild_drops_listings_of_editions_no_longer_current(capsys):
    exile = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", themes=[exile])
    Edition.objects.update(is_current=False)  # past the services, as a shell could

    call_command("rebuild_theme_listings")

    assert not ThemeListing.objects.exists()
    assert "0 listings written." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_migration_lists_the_editions_current_before_it():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    exile = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", dates="1890–1947", themes=[exile])
    factories.republish(factories.make_published("Trotsky, Leon", themes=[exile]), dates="1879")
    expected = expected_listings()
    # Every app forward again: going back to 0008 also unapplied what depends on it.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    for target in ([("dictionary", "0008_edition_indexes_without_duplicates")], latest):
        executor = MigrationExecutor(connection)
        executor.migrate(target)

    assert len(expected) == 2 and stored_listings() == expected
