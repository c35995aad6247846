"""Bulk downloads for readers: the current editions as JSON, CSV and TEI files, rebuilt when
publication changes what they would hold.

``build_downloads`` (the ``build_downloads`` command, run after publishing or from cron with
``--if-changed``) writes each file beside its final name and renames it into place, so a
reader never downloads half a file. A small state file records what the files were built
from (how many current editions, the newest publication, the highest edition id): when that
is what the database says now, nothing changed and ``--if-changed`` does nothing.
"""

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from ..models import Edition
from .writers import export

FILES = {
    "json": ("headword-current.json", "application/json"),
    "csv": ("headword-current.csv", "text/csv; charset=utf-8"),
    "tei": ("headword-current-tei.xml", "application/tei+xml"),
}
STATE_FILE = "state.json"


def downloads_directory() -> Path:
    return Path(settings.HEADWORD_DOWNLOADS_DIR)


def publication_state() -> dict:
    """What the downloads depend on: a withdrawal lowers the count, a publication raises the
    highest edition id (edition ids only grow)."""
    current = Edition.objects.current().aggregate(editions=Count("pk"), newest=Max("published_at"))
    highest = Edition.objects.aggregate(highest=Max("pk"))["highest"]
    newest = current["newest"].isoformat() if current["newest"] else None
    return {"editions": current["editions"], "newest": newest, "highest_id": highest}


def built_state(directory: Path | None = None) -> dict | None:
    path = (directory or downloads_directory()) / STATE_FILE
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None


def is_stale(directory: Path | None = None) -> bool:
    built = built_state(directory)
    return built is None or built.get("source") != publication_state()


@dataclass
class BuiltFile:
    fmt: str
    name: str
    size: int


def build_downloads(*, directory: Path | None = None) -> list[BuiltFile]:
    """Write the three files of the current editions and the state they were built from."""
    directory = directory or downloads_directory()
    directory.mkdir(parents=True, exist_ok=True)
    source = publication_state()
    built = [_build_one(directory, fmt) for fmt in FILES]
    state = {"source": source, "built_at": datetime.now(UTC).isoformat()}
    _replace(directory / STATE_FILE, json.dumps(state).encode())
    return built


def _build_one(directory: Path, fmt: str) -> BuiltFile:
    name = FILES[fmt][0]
    partial = directory / f".{name}.partial"
    with partial.open("wb") as out:
        export(out, fmt=fmt, published_only=True)
    os.replace(partial, directory / name)
    return BuiltFile(fmt, name, (directory / name).stat().st_size)


def _replace(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def available_downloads(directory: Path | None = None) -> list[dict]:
    """The files readers may download now, with size and build time, for the page."""
    directory = directory or downloads_directory()
    state = built_state(directory) or {}
    found = []
    for fmt, (name, _content_type) in FILES.items():
        path = directory / name
        if path.exists():
            found.append({"fmt": fmt, "name": name, "size": path.stat().st_size})
    built_at = state.get("built_at")
    return [{**item, "built_at": built_at} for item in found]
