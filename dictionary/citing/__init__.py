"""Citing the dictionary: editions in Chicago, MLA, APA, BibTeX, biblatex, RIS, CSL-JSON;
works cited."""

from .bibtex import (
    edition_as_biblatex,
    edition_as_bibtex,
    escape_latex,
    works_as_biblatex,
    works_as_bibtex,
)
from .csl import edition_as_csl, works_as_csl
from .csl_names import display_name, sorted_name
from .ris import edition_as_ris, works_as_ris
from .sources import edition_key, issued_parts
from .styles import CITATION_STYLES, format_entry_citation, format_entry_citations

__all__ = [
    "CITATION_STYLES",
    "display_name",
    "edition_as_biblatex",
    "edition_as_bibtex",
    "edition_as_csl",
    "edition_as_ris",
    "edition_key",
    "escape_latex",
    "format_entry_citation",
    "format_entry_citations",
    "issued_parts",
    "sorted_name",
    "works_as_biblatex",
    "works_as_bibtex",
    "works_as_csl",
    "works_as_ris",
]
