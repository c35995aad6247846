"""The reader's site: every read goes through Edition.objects.current()."""

from .about import about
from .contributors import contributor_detail, contributor_list
from .entries import edition_detail, edition_list, entry_detail, entry_preview
from .fixity import fixity
from .listing import entry_list, home
from .running_head import running_head
from .timeline import chronology

__all__ = [
    "about",
    "chronology",
    "contributor_detail",
    "contributor_list",
    "edition_detail",
    "edition_list",
    "entry_detail",
    "entry_preview",
    "entry_list",
    "fixity",
    "home",
    "running_head",
]
