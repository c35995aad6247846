"""Importing a JSON export of the dictionary (``manage.py import_dictionary``)."""

from .loading import ImportSummary, NotEmptyError, import_dictionary, work_key
from .reading import ExportFileError, ExportOutline, check_export, entry_records

__all__ = [
    "ExportFileError",
    "ExportOutline",
    "ImportSummary",
    "NotEmptyError",
    "check_export",
    "entry_records",
    "import_dictionary",
    "work_key",
]
