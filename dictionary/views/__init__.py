"""The reader's site: every read goes through Edition.objects.current()."""

from .entries import edition_detail, edition_list, entry_detail
from .listing import entry_list, home
from .timeline import chronology

__all__ = ["chronology", "edition_detail", "edition_list", "entry_detail", "entry_list", "home"]
