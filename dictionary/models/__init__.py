"""The content of the dictionary: entries, aliases, works cited, cross-references, editions.

Every public name is re-exported here, so code imports from ``dictionary.models`` and never
needs to know which module of the package defines a model.
"""

# Imported in the order the models were defined when they shared one module: the app
# registry lists models in the order they are created, and that order sets the order of a
# model's reverse relations and the content-type ids a new database hands out.
from .entries import Alias, AliasKind, Entry, EntryName, EntryType, Theme

# isort: split
from .works import CSL_NAME_PARTS, Citation, CitationRole, Work, WorkType

# isort: split
from .references import CrossReference, ReferenceKind

# isort: split
from .edition import UNDATED_YEAR, Edition, EditionQuerySet, EditionReference

# isort: split
from .contributors import (
    AUTHOR_ROLES,
    Contributor,
    ContributorQuerySet,
    Credit,
    CreditRole,
    EditionCredit,
    normalize_orcid,
    validate_orcid,
)

# isort: split
from .listings import ThemeListing

# isort: split
from .publication import PublicationGeneration

# isort: split
from .edition_aliases import EditionAlias

__all__ = [
    "AUTHOR_ROLES",
    "CSL_NAME_PARTS",
    "UNDATED_YEAR",
    "Alias",
    "AliasKind",
    "Citation",
    "CitationRole",
    "Contributor",
    "ContributorQuerySet",
    "Credit",
    "CreditRole",
    "CrossReference",
    "Edition",
    "EditionAlias",
    "EditionCredit",
    "EditionQuerySet",
    "EditionReference",
    "Entry",
    "EntryName",
    "EntryType",
    "PublicationGeneration",
    "ReferenceKind",
    "Theme",
    "ThemeListing",
    "Work",
    "WorkType",
    "normalize_orcid",
    "validate_orcid",
]
