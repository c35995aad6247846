"""Which cross-references of an edition may be links: only those to published entries."""

import re
from functools import lru_cache

from django.conf import settings
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse

from ..models import Edition, EditionAlias, EditionReference, ReferenceKind
from ..text import fold

# What the ``slug`` path converter of the entry page accepts; stored slugs always match.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_PLACEHOLDER = "slug-placeholder"


def entry_path(slug: str) -> str:
    """The path of an entry's page, as ``reverse("dictionary:entry_detail", ...)`` gives it,
    with the pattern resolved once (``_reversed``): a list, a page of "see" headings or a
    body with many links asked ``reverse`` for each (a tenth of a list page's time). A slug
    the converter would refuse is left to ``reverse``, which refuses it."""
    if not _SLUG.match(slug):
        return reverse("dictionary:entry_detail", args=[slug])
    before, _, after = _reversed("dictionary:entry_detail", _PLACEHOLDER).partition(_PLACEHOLDER)
    return before + slug + after


def site_path(name: str) -> str:
    """``reverse(name)`` for a page without arguments (the home page, the list, the feed),
    resolved once (``_reversed``): a template's ``{% url %}`` reverses at every render, 56
    times for the home page's index of letters, types and themes (a fifth of its time)."""
    return _reversed(name)


def _reversed(name: str, *args: str) -> str:
    """``reverse(name, args=args)``, worked out once per script prefix and URL
    configuration in force."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed_under(name, args, get_script_prefix(), urlconf)


@lru_cache(maxsize=128)
def _reversed_under(name: str, args: tuple, script_prefix: str, urlconf: str) -> str:
    return reverse(name, args=args, urlconf=urlconf)


class ReferenceLinks:
    """Resolve an edition's references to the current editions of their targets.

    Only through names readers have seen: an inline reference ("[[Koba]]", resolved by
    its name) links to its target's current edition when that edition, or an earlier one
    of the entry, carries the name (as headword or alias, as frozen). A name that only a
    draft gives the target (a new alias, a new headword) stays plain text until published.
    A "see" or "see also" row links by the entry an editor chose for it, whatever its text.

    Built from the edition's prefetched references with one query; one more when a
    reference was frozen before its target existed and must be matched by name, and one
    when an inline name is not the target's current one (an entry renamed since). A target
    without a current edition resolves to None, so the page shows plain text.
    """

    def __init__(self, references: list[EditionReference]):
        self.references = references
        self._by_key = {ref.target_key: ref for ref in references}
        self._slug_by_entry: dict[int, str] = {}
        self._names_by_entry: dict[int, set[str]] = {}
        self._slug_by_key: dict[str, str] = {}
        self._load()

    def _load(self) -> None:
        ids = {ref.target_id for ref in self.references if ref.target_id}
        keys = {ref.target_key for ref in self.references if not ref.target_id}
        if not ids and not keys:
            return
        rows = Edition.objects.current().filter(Q(entry_id__in=ids) | Q(sort_key__in=keys))
        fields = ("entry_id", "sort_key", "slug", "search_names")
        for entry_id, key, slug, names in rows.values_list(*fields):
            self._slug_by_entry[entry_id] = slug
            self._names_by_entry[entry_id] = set(names.split("\n"))
            self._slug_by_key.setdefault(key, slug)
        self._load_earlier_names()
        self._load_aliases(keys - self._slug_by_key.keys())

    def _load_earlier_names(self) -> None:
        """Add the names earlier editions carried, for references written with a name the
        target's current edition no longer carries (a rename): it was public once."""
        unheard = {
            ref.target_id
            for ref in self.references
            if ref.target_id in self._names_by_entry and not self._heard(ref)
        }
        if not unheard:
            return
        earlier = Edition.objects.filter(entry_id__in=unheard, is_current=False)
        for entry_id, names in earlier.values_list("entry_id", "search_names"):
            self._names_by_entry[entry_id].update(names.split("\n"))

    def _load_aliases(self, keys: set[str]) -> None:
        # Only aliases the target's current edition froze: an alias added since is unpublished.
        if not keys:
            return
        frozen = EditionAlias.objects.filter(match_key__in=keys, edition__is_current=True)
        for key, slug in frozen.order_by("edition_id").values_list("match_key", "edition__slug"):
            self._slug_by_key.setdefault(key, slug)

    def _heard(self, ref: EditionReference) -> bool:
        """Whether the reference may lead to its target: by the name it was written with,
        as a published edition of the target carries it, if it is inline."""
        if ref.kind != ReferenceKind.INLINE:
            return True
        return ref.target_key in self._names_by_entry.get(ref.target_id, ())

    def slug_for(self, ref: EditionReference) -> str | None:
        if ref.target_id:
            slug = self._slug_by_entry.get(ref.target_id)
            return slug if slug and self._heard(ref) else None
        return self._slug_by_key.get(ref.target_key)

    def url_for(self, target: str) -> str | None:
        """The link_for callback of render_body: a URL, or None for plain text."""
        ref = self._by_key.get(fold(target))
        slug = self.slug_for(ref) if ref else None
        return entry_path(slug) if slug else None

    def listed(self, *kinds: str) -> list[dict]:
        """References of the given kinds as {label, url} for "See" and "See also" lists."""
        return [
            {"label": ref.label or ref.target_text, "url": self.url_for(ref.target_text)}
            for ref in self.references
            if ref.kind in kinds
        ]

    def linked_entry_ids(self) -> list[int]:
        """The entries the references name by id: publishing or withdrawing one changes the
        page that shows them (its surrogate keys)."""
        return [ref.target_id for ref in self.references if ref.target_id]
