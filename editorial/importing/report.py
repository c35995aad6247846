"""What an import run reports: counts, errors, conflicts, warnings and notes, file by file."""

from dataclasses import dataclass, field


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
