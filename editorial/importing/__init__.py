"""Importing seed documents as entries (see ``service`` for what a run does)."""

from .service import COMMIT_EVERY, ImportReport, import_seed_documents, seed_files

__all__ = ["COMMIT_EVERY", "ImportReport", "import_seed_documents", "seed_files"]
