"""The dictionary as a publication: its title, general editors, publisher, place, numbers and
licence, read from the settings (see the README's "Configuration")."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings

from .citing.csl_names import display_name, parse_name_list


@dataclass(frozen=True)
class Publication:
    title: str
    editors: tuple[dict, ...]  # CSL names
    publisher: str
    place: str
    issn: str
    isbn: str
    license: str
    license_url: str

    @property
    def editor_names(self) -> list[str]:
        return [display_name(name) for name in self.editors]


@cache
def _publication(*values) -> Publication:
    title, editors, *rest = values
    return Publication(title, tuple(parse_name_list(editors).names), *rest)


def absolute_url(path: str) -> str:
    """``path`` at the address the site is served at (HEADWORD_BASE_URL): for what is read
    outside a request, such as feeds, exports, harvested records and mail."""
    return settings.HEADWORD_BASE_URL.rstrip("/") + path


def publication() -> Publication:
    """The settings as a Publication (remade when a test overrides a setting)."""
    return _publication(
        settings.HEADWORD_TITLE,
        settings.HEADWORD_EDITORS,
        settings.HEADWORD_PUBLISHER,
        settings.HEADWORD_PLACE,
        settings.HEADWORD_ISSN,
        settings.HEADWORD_ISBN,
        settings.HEADWORD_LICENSE,
        settings.HEADWORD_LICENSE_URL,
    )
