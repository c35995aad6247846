"""Cached edition bodies: reused while nothing is published, re-rendered after a publish."""

import pytest
from django.core.cache import cache

from dictionary import caching
from dictionary.models import Edition
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
    assert caching.cached_body_html(edition, render) == "<p>render 1</p>"
    assert caching.cached_body_html(edition, render) == "<p>render 1</p>"
    assert render.calls == 1


def test_publishing_any_entry_makes_cached_bodies_stale(django_capture_on_commit_callbacks):
    edition = factories.publish(factories.make_entry("Serge, Victor", body="[[Radek, Karl]]"))
    render = Renderer()
    caching.cached_body_html(edition, render)
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(factories.make_entry("Radek, Karl"))
    assert caching.cached_body_html(edition, render) == "<p>render 2</p>"


def test_generation_is_bumped_only_after_commit(django_capture_on_commit_callbacks):
    before = caching.publication_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.publish(factories.make_entry("Radek, Karl"))
    assert caching.publication_generation() == before
    for callback in callbacks:
        callback()
    assert caching.publication_generation() > before


def test_lost_generation_restarts_above_any_earlier_one():
    before = caching.publication_generation()
    cache.delete(caching.GENERATION_KEY)
    caching.bump_publication_generation()
    assert caching.publication_generation() > before


def test_cache_key_names_the_edition():
    edition = factories.publish(factories.make_entry("Serge, Victor"))
    assert f":{edition.pk}:" in caching.body_cache_key(edition.pk)
    assert Edition.objects.current().count() == 1


def test_value_per_publication_is_recomputed_after_a_publish(django_capture_on_commit_callbacks):
    render = Renderer()
    assert caching.cached_per_publication("counts", render) == "<p>render 1</p>"
    assert caching.cached_per_publication("counts", render) == "<p>render 1</p>"
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(factories.make_entry("Radek, Karl"))
    assert caching.cached_per_publication("counts", render) == "<p>render 2</p>"
