"""The reader's template filters that stand in for slower built-ins give what they give."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from dictionary.templatetags.reader import entry_url


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
