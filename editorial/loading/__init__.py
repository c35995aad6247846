"""Importing a JSON export of the dictionary (``manage.py import_dictionary``)."""

from .loading import ImportSummary, NotEmptyError, import_dictionary, work_key
from .reading import ExportFileError, check_export, read_export

__all__ = [
    "ExportFileError",
    "ImportSummary",
    "NotEmptyError",
    "check_export",
    "import_dictionary",
    "read_export",
    "work_key",
]
