"""Filing the new entries of an import under the themes a theme list names."""

from collections.abc import Mapping

from django.db import transaction

from dictionary.models import Entry, Theme
from dictionary.text import fold, make_slug
from editorial.services import record_revision


class ThemeFiling:
    """A run's theme list: the themes it names, and the themes each new entry gets.

    Only entries the run creates are filed; entries that already existed belong to their
    editors, so a list that disagrees with them only earns a note. With no list, nothing here
    touches the database.
    """

    def __init__(self, themes: Mapping[str, list[str]] | None):
        self.themes = dict(themes or {})
        where = getattr(themes, "where", None)
        self.where = where or (lambda _theme, _headword: "the theme list")
        self.source = getattr(themes, "name", "the theme list")
        self.by_key: dict[str, list[str]] = {}
        for theme, headwords in self.themes.items():
            for headword in headwords:
                filed = self.by_key.setdefault(fold(headword), [])
                filed.extend([theme] if theme not in filed else [])
        self.ids: dict[str, int] = {}
        self.rank: dict[int, int] = {}

    def prepare(self, *, user) -> None:
        """Find the themes the list names, creating the missing ones in one revision.

        A theme is the one with the same name or, failing that, the same slug ("Marxist
        Theory" is the existing "Marxist theory"): a slug is unique and shows in URLs.
        """
        if not self.themes:
            return
        found = self._existing()
        missing = [name for name in self.themes if name not in found]
        if missing:
            found.update(self._create(missing, user=user))
        self.ids = found
        # Ranked as reversion's serializer lists an entry's themes: Theme's default ordering.
        ordered = Theme.objects.filter(pk__in=set(found.values())).values_list("pk", flat=True)
        self.rank = {pk: position for position, pk in enumerate(ordered)}

    def _existing(self) -> dict[str, int]:
        slugs = {_slug(name) for name in self.themes}
        by_name, by_slug = {}, {}
        rows = Theme.objects.filter(name__in=self.themes) | Theme.objects.filter(slug__in=slugs)
        for pk, name, slug in rows.values_list("pk", "name", "slug"):
            by_name[name], by_slug[slug] = pk, pk
        return {
            name: by_name.get(name) or by_slug[_slug(name)]
            for name in self.themes
            if name in by_name or _slug(name) in by_slug
        }

    def _create(self, names: list[str], *, user) -> dict[str, int]:
        created: dict[str, int] = {}
        by_slug: dict[str, int] = {}
        themes = []
        with transaction.atomic():
            for name in names:
                slug = _slug(name)
                if slug not in by_slug:
                    themes.append(Theme.objects.create(name=name, slug=slug))
                    by_slug[slug] = themes[-1].pk
                created[name] = by_slug[slug]
            if themes:
                record_revision(*themes, comment=f"Themes from {self.source}", user=user)
        return created

    def theme_ids(self, headword: str) -> list[int]:
        """The pks of the themes a new entry with this headword gets, in Theme's ordering."""
        ids = {self.ids[name] for name in self.by_key.get(fold(headword), ())}
        return sorted(ids, key=self.rank.__getitem__)

    def check(self, *, run_keys: set[str], existing: dict[str, int], report) -> None:
        """Warn about listed headwords that match no entry, in the run or the database, and
        note the existing entries the list files under other themes (they stay as they are).
        """
        if not self.by_key:
            return
        for key in self.by_key.keys() - run_keys - existing.keys():
            for theme, headword in self._listings(key):
                report.warnings.append(
                    f"{self.where(theme, headword)}: “{headword}” matches no entry, "
                    f"so nothing is filed under “{theme}” for it"
                )
        listed = {existing[key]: key for key in self.by_key.keys() & existing.keys()}
        self._note_disagreements(listed, report)

    def _listings(self, key: str) -> list[tuple[str, str]]:
        return [
            (theme, headword)
            for theme, headwords in self.themes.items()
            for headword in headwords
            if fold(headword) == key
        ]

    def _note_disagreements(self, listed: dict[int, str], report) -> None:
        if not listed:
            return
        current: dict[int, set[str]] = {pk: set() for pk in listed}
        links = Entry.themes.through.objects.filter(entry_id__in=listed)
        for entry_id, name in links.values_list("entry_id", "theme__name"):
            current[entry_id].add(name)
        for entry_id, key in sorted(listed.items()):
            wanted = set(self.by_key[key])
            if current[entry_id] != wanted:
                theme, headword = self._listings(key)[0]
                report.notes.append(
                    f"{self.where(theme, headword)}: “{headword}” already existed, so its "
                    f"themes stay as editors left them ({_names(current[entry_id])}); "
                    f"the list files it under {_names(wanted)}"
                )


def _names(names: set[str]) -> str:
    return ", ".join(f"“{name}”" for name in sorted(names)) or "no theme"


def _slug(name: str) -> str:
    return make_slug(name)[: Theme._meta.get_field("slug").max_length]
