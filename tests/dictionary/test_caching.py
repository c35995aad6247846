"""Cached edition bodies: reused while nothing is published, re-rendered after a publish."""

import time

import pytest
from django.core.cache import cache

from dictionary import caching
from dictionary.models import Edition, PublicationGeneration, ReferenceKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class Renderer:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"<p>render {self.calls}</p>"


def test_body_is_rendered_once_then_served_from_the_cache():
    edition = factories.publish(factories.make_entry("Serge, Victor", body="Text."))
    render = Renderer()
    assert caching.cached_linked_parts(edition, render) == "<p>render 1</p>"
    assert caching.cached_linked_parts(edition, render) == "<p>render 1</p>"
    assert render.calls == 1


def test_publishing_any_entry_makes_cached_bodies_stale(django_capture_on_commit_callbacks):
    edition = factories.publish(factories.make_entry("Serge, Victor", body="[[Radek, Karl]]"))
    render = Renderer()
    caching.cached_linked_parts(edition, render)
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(factories.make_entry("Radek, Karl"))
    assert caching.cached_linked_parts(edition, render) == "<p>render 2</p>"


def test_a_value_cached_before_the_commit_is_not_served_after_it(
    django_capture_on_commit_callbacks,
):
    # Another process may render between the service's first bump and the commit: what it
    # cached then must not outlive the commit.
    render = Renderer()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.publish(factories.make_entry("Radek, Karl"))
        caching.cached_per_publication("counts", render)
    assert callbacks
    for callback in callbacks:
        callback()
    assert caching.cached_per_publication("counts", render) == "<p>render 2</p>"


def test_lost_generation_restarts_above_any_earlier_one():
    before = caching.publication_generation()
    cache.delete(caching.GENERATION_KEY)
    caching.bump_publication_generation()
    assert caching.publication_generation() > before


def test_cache_key_names_the_edition():
    edition = factories.publish(factories.make_entry("Serge, Victor"))
    caching.cached_linked_parts(edition, Renderer())
    key = caching.cache_key(f"edition-links:{edition.pk}")
    assert key.startswith(f"headword:edition-links:{edition.pk}:")
    assert cache.get(key) == "<p>render 1</p>"
    assert Edition.objects.current().count() == 1


def test_value_per_publication_is_recomputed_after_a_publish(django_capture_on_commit_callbacks):
    render = Renderer()
    assert caching.cached_per_publication("counts", render) == "<p>render 1</p>"
    assert caching.cached_per_publication("counts", render) == "<p>render 1</p>"
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(factories.make_entry("Radek, Karl"))
    assert caching.cached_per_publication("counts", render) == "<p>render 2</p>"


# The pages that use the cache, through the real services ------------------------------------


@pytest.fixture
def chief(db):
    factories.make_roles()
    return factories.make_user("chief", role="Editors-in-chief")


def test_cached_entry_page_follows_publishing_and_withdrawing_its_target(
    client, chief, django_capture_on_commit_callbacks
):
    from editorial.services import unpublish

    radek = factories.make_entry("Radek, Karl")
    factories.publish(factories.make_entry("Serge, Victor", body="Met [[Radek, Karl]]."))
    link = 'href="/entries/radek-karl/"'
    assert link not in client.get("/entries/serge-victor/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(radek)
    assert link in client.get("/entries/serge-victor/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(entry=radek, user=chief, reason="Disputed.")
    page = client.get("/entries/serge-victor/").content.decode()
    assert link not in page and "Radek, Karl" in page


def test_entry_body_is_rendered_once_while_nothing_is_published(client, monkeypatch):
    factories.publish(factories.make_entry("Serge, Victor", body="A *novelist*."))
    client.get("/entries/serge-victor/")
    calls = []
    monkeypatch.setattr("dictionary.views.entries.render_body", lambda *a, **k: calls.append(1))
    page = client.get("/entries/serge-victor/").content.decode()
    assert calls == [] and "<em>novelist</em>" in page


def test_a_cached_entry_page_keeps_its_see_also_list_and_skips_the_link_lookup(
    client, django_assert_max_num_queries
):
    radek = factories.make_published("Radek, Karl")
    serge = factories.make_entry("Serge, Victor", body="A *novelist*.")
    for target, text in ((radek, "Radek, Karl"), (None, "Kibalchich, Vlady")):
        serge.outgoing_references.create(
            target=target, target_text=text, kind=ReferenceKind.SEE_ALSO
        )
    factories.publish(serge)
    first = client.get("/entries/serge-victor/").content.decode()
    # The edition, its themes and "Referenced by": no references, no lookup of their targets;
    # and the publication generation, read from the database with a cache per process.
    with django_assert_max_num_queries(4):
        cached = client.get("/entries/serge-victor/").content.decode()
    see_also = '<a class="xref" href="/entries/radek-karl/">Radek, Karl</a>'
    unpublished = '<span class="xref-unlinked">Kibalchich, Vlady</span>'
    for page in (first, cached):
        assert see_also in page and unpublished in page and "<em>novelist</em>" in page


def _theme_options(client, url: str) -> list[str]:
    form = client.get(url).context["filterset"].form
    return [label for _, label in form.fields["theme"].choices]


def test_list_theme_choices_follow_publication(client, chief, django_capture_on_commit_callbacks):
    from editorial.services import unpublish

    factories.make_published("Serge, Victor", themes=[factories.make_theme("Exile")])
    exile_only = ["Any theme", "Exile"]
    assert _theme_options(client, "/entries/") == exile_only
    entry = factories.make_entry("Luddites")
    entry.themes.add(factories.make_theme("Machine breaking"))
    assert _theme_options(client, "/chronology/") == exile_only  # a draft's theme stays unseen
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(entry)
    assert _theme_options(client, "/entries/") == ["Any theme", "Exile", "Machine breaking"]
    assert client.get("/entries/?theme=machine-breaking").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(entry=entry, user=chief, reason="Out of scope.")
    assert _theme_options(client, "/entries/") == exile_only
    assert client.get("/entries/?theme=machine-breaking").status_code == 400


def test_home_counts_are_kept_until_the_next_publication(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    factories.make_published("Serge, Victor", themes=[factories.make_theme("Exile")])
    first = client.get("/")
    assert first.context["total"] == 1
    with django_assert_max_num_queries(2):  # the recent entries (and a session-free page)
        again = client.get("/")
    assert again.context["total"] == 1 and [t.name for t in again.context["themes"]] == ["Exile"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_published("Comintern", entry_type="organization")
    after = client.get("/")
    assert after.context["total"] == 2
    assert ("organization", "Organization", 1) in after.context["types"]


def test_bulk_publishing_bumps_the_generation(django_capture_on_commit_callbacks):
    from dictionary.editions import EditionRequest
    from editorial.services import publish_imported_entries

    before = caching.publication_generation()
    entries = [factories.make_entry("Radek, Karl"), factories.make_entry("Serge, Victor")]
    with django_capture_on_commit_callbacks(execute=True):
        publish_imported_entries(items=[EditionRequest(entry=entry) for entry in entries])
    assert caching.publication_generation() > before


def test_renamed_theme_is_offered_under_its_new_name_and_slug(client):
    exile = factories.make_theme("Exile")
    factories.make_published("Serge, Victor", themes=[exile])
    assert _theme_options(client, "/entries/") == ["Any theme", "Exile"]
    exile.name, exile.slug = "Exile and emigration", "exile-and-emigration"
    exile.save()
    assert _theme_options(client, "/entries/") == ["Any theme", "Exile and emigration"]
    assert client.get("/entries/?theme=exile-and-emigration").status_code == 200


def test_a_cached_see_also_link_goes_when_its_target_is_withdrawn(
    client, chief, django_capture_on_commit_callbacks
):
    from editorial.services import unpublish

    radek = factories.make_published("Radek, Karl")
    serge = factories.make_entry("Serge, Victor", body="A novelist.")
    serge.outgoing_references.create(target=radek, target_text="Radek", kind=ReferenceKind.SEE_ALSO)
    factories.publish(serge)
    link = 'href="/entries/radek-karl/"'
    assert link in client.get("/entries/serge-victor/").content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(entry=radek, user=chief, reason="Disputed.")
    page = client.get("/entries/serge-victor/").content.decode()
    assert link not in page and "Radek" in page


def _as_worker(settings, name: str) -> None:
    """Serve the next requests as another process would: a local-memory cache of its own."""
    settings.CACHES = {"default": {"BACKEND": caching.LOCAL_MEMORY_CACHE, "LOCATION": name}}


def test_a_withdrawal_through_one_worker_reaches_the_others_at_once(
    client, chief, settings, django_capture_on_commit_callbacks
):
    """The default configuration (a cache per process, several workers): the audit saw a
    withdrawn entry in another worker's counts, links and theme lists for up to 57 s."""
    from editorial.services import unpublish

    radek = factories.make_published("Radek, Karl", themes=[factories.make_theme("Purges")])
    factories.make_published("Serge, Victor", body="Met [[Radek, Karl]].")
    link = 'href="/entries/radek-karl/"'
    _as_worker(settings, "worker-a")
    assert client.get("/").context["total"] == 2
    assert link in client.get("/entries/serge-victor/").content.decode()
    assert _theme_options(client, "/entries/") == ["Any theme", "Purges"]
    _as_worker(settings, "worker-b")
    with django_capture_on_commit_callbacks(execute=True):
        unpublish(entry=radek, user=chief, reason="Disputed.")
    _as_worker(settings, "worker-a")
    home = client.get("/")
    assert home.context["total"] == 1 and "Purges" not in home.content.decode()
    assert link not in client.get("/entries/serge-victor/").content.decode()
    assert _theme_options(client, "/entries/") == ["Any theme"]


def test_the_database_generation_is_read_once_a_request(client, django_assert_num_queries):
    factories.make_published("Serge, Victor")
    caching._forget_database_state()
    with django_assert_num_queries(1):
        first, _ = caching.database_state()
        assert caching.database_state()[0] == first
    caching.bump_publication_generation()
    assert caching.database_state()[0] == first + 1
    assert caching.cache_key("counts").startswith(f"headword:counts:{first + 1}:")


def test_the_database_generation_reads_back_its_change_time():
    # One plain statement reads the row: the time must come back as the moment written, on
    # SQLite (which returns text) as on PostgreSQL.
    before = time.time()
    caching.bump_publication_generation()
    caching._forget_database_state()
    number, changed_at = caching.database_state()
    row = PublicationGeneration.objects.get()
    assert (number, changed_at) == (row.number, row.changed_at.timestamp())
    assert before - 1 <= changed_at <= time.time() + 1
