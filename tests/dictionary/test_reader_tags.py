"""The reader's template filters that stand in for slower built-ins give what they give."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from dictionary.templatetags.reader import entry_url, path


@pytest.mark.parametrize("slug", ["zinoviev", "longman-charles-1839", "a_b-2", "x"])
@pytest.mark.parametrize("prefix", ["/", "/dictionary/"])
def test_an_entry_url_is_the_one_reverse_gives(slug, prefix):
    set_script_prefix(prefix)
    try:
        assert entry_url(slug) == reverse("dictionary:entry_detail", args=[slug])
        assert entry_url(slug).startswith(prefix)
    finally:
        clear_script_prefix()


@pytest.mark.parametrize("slug", ["", "a/b", "a b", "é"])
def test_a_slug_the_entry_page_would_refuse_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        entry_url(slug)


@pytest.mark.parametrize("name", ["dictionary:home", "dictionary:entry_list", "sitemap"])
@pytest.mark.parametrize("prefix", ["/", "/dictionary/"])
def test_a_path_tag_is_the_url_reverse_gives_under_each_prefix(name, prefix):
    set_script_prefix(prefix)
    try:
        rendered = Template(f"{{% load reader %}}{{% path '{name}' %}}").render(Context())
        assert rendered == reverse(name) and rendered.startswith(prefix)
    finally:
        clear_script_prefix()


def test_a_path_follows_the_urlconf_in_force(settings):
    assert path("dictionary:home") == "/"
    assert entry_url("serge-victor") == "/entries/serge-victor/"
    settings.ROOT_URLCONF = "tests.dictionary.prefixed_urls"
    assert path("dictionary:home") == "/reference/"
    assert entry_url("serge-victor") == "/reference/entries/serge-victor/"


def test_a_page_that_needs_arguments_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        path("dictionary:entry_detail")
