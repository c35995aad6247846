"""The works a seed document cites: found once per run, created in bulk, cited per entry."""

from dictionary.models import Citation, CitationRole, Entry, Work
from dictionary.seed_format import SeedDocument


class WorkCache:
    """Existing works by (title, year), loaded as instances only when a file cites them."""

    def __init__(self):
        rows = Work.objects.order_by("-id").values_list("id", "title", "year")
        self.ids = {(title.casefold(), year): pk for pk, title, year in rows}
        self.instances: dict[int, Work] = {}

    def load(self, keys) -> None:
        """Fetch in one query the existing works among ``keys`` not loaded yet."""
        wanted = {self.ids[key] for key in keys if key in self.ids} - self.instances.keys()
        self.instances.update(Work.objects.in_bulk(wanted))

    def get(self, key) -> Work | None:
        pk = self.ids.get(key)
        if pk is not None and pk not in self.instances:
            self.instances[pk] = Work.objects.get(pk=pk)
        return self.instances.get(pk)


class PendingWorks:
    """The works one file cites; the ones it creates are remembered only if it commits."""

    def __init__(self, cache: WorkCache):
        self.cache, self.new = cache, {}

    def get_or_create(self, parsed) -> Work:
        key = (parsed.title.casefold(), parsed.year)
        work = self.new.get(key) or self.cache.get(key)
        if work is None:
            work = Work.objects.create(title=parsed.title, authors=parsed.authors, year=parsed.year)
            self.new[key] = work
        return work

    def create_missing(self, parsed_works: list) -> None:
        """Create in one insert the works that neither exist nor were created yet."""
        keys = {(parsed.title.casefold(), parsed.year): parsed for parsed in parsed_works}
        self.cache.load(keys)
        missing = [
            Work(title=parsed.title, authors=parsed.authors, year=parsed.year)
            for key, parsed in keys.items()
            if key not in self.new and key not in self.cache.ids
        ]
        for work in Work.objects.bulk_create(missing):
            self.new[(work.title.casefold(), work.year)] = work

    def keep(self) -> None:
        for key, work in self.new.items():
            self.cache.ids[key], self.cache.instances[work.pk] = work.pk, work


def write_citations(entry: Entry, document: SeedDocument, works, *, created: bool) -> int:
    """Cite the source and the works by the subject (unconfirmed); return how many are new."""
    wanted = []
    if document.source is not None:
        wanted.append((works.get_or_create(document.source), CitationRole.SOURCE, True, 0))
    for order, parsed in enumerate(document.works_by_subject):
        wanted.append((works.get_or_create(parsed), CitationRole.WORK_BY_SUBJECT, False, order))
    existing = {} if created else {(c.work_id, c.role): c for c in entry.citations.all()}
    new = 0
    for work, role, confirmed, order in wanted:
        if (work.pk, role) not in existing:
            existing[(work.pk, role)] = Citation.objects.create(
                entry=entry, work=work, role=role, confirmed=confirmed, order=order
            )
            new += 1
    if not created:
        _drop_stale_citations(entry, {(work.pk, role) for work, role, *_ in wanted})
    return new


def _drop_stale_citations(entry: Entry, wanted: set) -> None:
    """Remove what an earlier import of the file cited and the file no longer does; citations
    an editor confirmed or added in another role stay."""
    imported_roles = [CitationRole.SOURCE, CitationRole.WORK_BY_SUBJECT]
    for citation in entry.citations.filter(role__in=imported_roles):
        by_subject_confirmed = citation.role == CitationRole.WORK_BY_SUBJECT and citation.confirmed
        if (citation.work_id, citation.role) not in wanted and not by_subject_confirmed:
            citation.delete()
