"""Which cross-references of an edition may be links: only those to published entries."""

from django.db.models import Q
from django.urls import reverse

from ..models import Edition, EditionReference
from ..text import fold


def _entry_url(slug: str) -> str:
    return reverse("dictionary:entry_detail", kwargs={"slug": slug})


class ReferenceLinks:
    """Resolve an edition's references to the current editions of their targets.

    Built from the edition's prefetched references with one query (two when a reference
    was frozen before its target existed and must be matched by name). A target without
    a current edition resolves to None, so the page shows plain text.
    """

    def __init__(self, references: list[EditionReference]):
        self.references = references
        self._by_key = {ref.target_key: ref for ref in references}
        self._slug_by_entry: dict[int, str] = {}
        self._slug_by_key: dict[str, str] = {}
        self._load()

    def _load(self) -> None:
        ids = {ref.target_id for ref in self.references if ref.target_id}
        keys = {ref.target_key for ref in self.references if not ref.target_id}
        if not ids and not keys:
            return
        rows = Edition.objects.current().filter(Q(entry_id__in=ids) | Q(sort_key__in=keys))
        for entry_id, key, slug in rows.values_list("entry_id", "sort_key", "slug"):
            self._slug_by_entry[entry_id] = slug
            self._slug_by_key.setdefault(key, slug)
        self._load_aliases(keys - self._slug_by_key.keys())

    def _load_aliases(self, keys: set[str]) -> None:
        # Only aliases the target's current edition carries: an alias added since is unpublished.
        if not keys:
            return
        rows = Edition.objects.current().filter(entry__aliases__match_key__in=keys)
        for slug, aliases, name in rows.values_list("slug", "aliases", "entry__aliases__name"):
            if name in aliases:
                self._slug_by_key.setdefault(fold(name), slug)

    def slug_for(self, ref: EditionReference) -> str | None:
        if ref.target_id and ref.target_id in self._slug_by_entry:
            return self._slug_by_entry[ref.target_id]
        return None if ref.target_id else self._slug_by_key.get(ref.target_key)

    def url_for(self, target: str) -> str | None:
        """The link_for callback of render_body: a URL, or None for plain text."""
        ref = self._by_key.get(fold(target))
        slug = self.slug_for(ref) if ref else None
        return _entry_url(slug) if slug else None

    def listed(self, *kinds: str) -> list[dict]:
        """References of the given kinds as {label, url} for "See" and "See also" lists."""
        return [
            {"label": ref.label or ref.target_text, "url": self.url_for(ref.target_text)}
            for ref in self.references
            if ref.kind in kinds
        ]
