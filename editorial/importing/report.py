"""What an import run reports: counts, errors, conflicts, warnings and notes, file by file;
also written as a JSON or CSV file of findings for editors to work through."""

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# "path, line 2: message" or "path: message", as the importer words its findings.
_FINDING = re.compile(r"^(?P<file>.+?)(?:, line (?P<line>\d+))?: (?P<message>.*)$", re.DOTALL)
# The kind of a warning, by how its message starts.
_KINDS = {
    "dates not understood": "unparsed dates",
    "boilerplate stripped": "stripped boilerplate",
    "not linked": "skipped link",
    "work to confirm": "unsure work",
}
FINDING_FIELDS = ("file", "line", "kind", "message")


@dataclass
class ImportReport:
    """What an import did, file by file; ``citations_extracted`` counts citations created,
    ``filed_under_themes`` the new entries a theme list filed; ``notes`` are about entries
    the theme list names but the import leaves as they are."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases: int = 0
    conflicts: int = 0
    failed: int = 0
    unpublished: int = 0  # imported, but publishing them was refused (see ``errors``)
    citations_extracted: int = 0
    filed_under_themes: int = 0
    errors: list[str] = field(default_factory=list)
    conflict_notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    works_to_confirm: list[str] = field(default_factory=list)  # found in bodies, unconfirmed
    outcomes: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def documents(self) -> int:
        return len(self.outcomes)

    @property
    def ok(self) -> bool:
        return not (self.failed or self.conflicts or self.unpublished)

    def summary(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        extra = f" {self.filed_under_themes} filed under themes." if self.filed_under_themes else ""
        if self.unpublished:
            extra += f" {self.unpublished} imported but not published."
        return (
            f"{prefix}{self.documents} documents in {self.seconds:.2f} s ({rate:.0f} documents/s): "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.aliases} aliases, {self.conflicts} conflicts, {self.failed} failed, "
            f"{self.citations_extracted} citations extracted.{extra}"
        )

    def findings(self) -> list[dict]:
        """Every error, conflict, warning and work to confirm, one row each, by file."""
        rows = [
            *(_finding(text, "error") for text in self.errors),
            *(_finding(text, "conflict") for text in self.conflict_notes),
            *(_finding(text, "warning") for text in self.warnings + self.works_to_confirm),
        ]
        return sorted(rows, key=lambda row: (row["file"], row["line"] or 0))

    def write_findings(self, path: str | Path) -> None:
        """Write the findings to ``path``: CSV if it ends in .csv, JSON otherwise."""
        path = Path(path)
        rows = self.findings()
        if path.suffix.lower() == ".csv":
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=FINDING_FIELDS)
                writer.writeheader()
                writer.writerows(rows)
            return
        by_file: dict[str, list[dict]] = {}
        for row in rows:
            by_file.setdefault(row["file"], []).append(
                {key: row[key] for key in ("line", "kind", "message")}
            )
        document = {"summary": self.summary(), "files": by_file}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")


def _finding(text: str, default_kind: str) -> dict:
    match = _FINDING.match(text)
    if match is None:
        return {"file": "", "line": None, "kind": default_kind, "message": text}
    message = match.group("message")
    kind = next((kind for start, kind in _KINDS.items() if message.startswith(start)), None)
    line = match.group("line")
    return {
        "file": match.group("file"),
        "line": int(line) if line else None,
        "kind": kind or default_kind,
        "message": message,
    }
