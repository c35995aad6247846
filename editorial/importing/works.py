"""The works a seed document cites: found once per run, created in bulk, cited per entry."""

from dictionary.models import Citation, CitationRole, Entry, Work
from dictionary.seed_format import SeedDocument
from dictionary.text import title_match_key

# A database caps the parameters of one statement (SQLite at 32,766).
_TITLES_PER_QUERY = 1000


class WorkCache:
    """Existing works by (title key, year), looked up when the run's files first cite them:
    a run reads only the works it cites, whatever the size of the bibliography."""

    def __init__(self):
        self.ids: dict[tuple, int] = {}
        self.instances: dict[int, Work] = {}
        self.looked_up: set[tuple] = set()

    def load(self, keys) -> None:
        """Fetch in one query the existing works among ``keys`` not looked up yet."""
        wanted = set(keys) - self.looked_up
        if not wanted:
            return
        self.looked_up |= wanted
        titles = sorted({title for title, _year in wanted})
        for start in range(0, len(titles), _TITLES_PER_QUERY):
            chunk = titles[start : start + _TITLES_PER_QUERY]
            # Newest first, so that of two works with the same key the oldest one is kept.
            for work in Work.objects.filter(title_key__in=chunk).order_by("-id"):
                key = (work.title_key, work.year)
                if key in wanted:
                    self.ids[key], self.instances[work.pk] = work.pk, work

    def get(self, key) -> Work | None:
        self.load([key])
        return self.instances.get(self.ids.get(key))


class PendingWorks:
    """The works one file cites; the ones it creates are remembered only if it commits."""

    def __init__(self, cache: WorkCache):
        self.cache, self.new = cache, {}

    def get_or_create(self, parsed) -> Work:
        key = work_key(parsed)
        work = self.new.get(key) or self.cache.get(key)
        if work is None:
            work = Work.objects.create(
                title=parsed.title,
                authors=parsed.authors,
                year=parsed.year,
                note=parsed.note,
                editors=parsed.editors,
            )
            self.new[key] = work
        return work

    def create_missing(self, parsed_works: list) -> None:
        """Create in one insert the works that neither exist nor were created yet."""
        keys = {work_key(parsed): parsed for parsed in parsed_works}
        self.cache.load(keys)
        missing = [
            Work(
                title=parsed.title,
                authors=parsed.authors,
                year=parsed.year,
                note=parsed.note,
                editors=parsed.editors,
            )
            for key, parsed in keys.items()
            if key not in self.new and key not in self.cache.ids
        ]
        for work in missing:
            work.fill_derived_fields()  # bulk_create skips Work.save()
        for work in Work.objects.bulk_create(missing):
            self.new[work_key(work)] = work

    def keep(self) -> None:
        for key, work in self.new.items():
            self.cache.ids[key], self.cache.instances[work.pk] = work.pk, work
            self.cache.looked_up.add(key)


def cited_works(document: SeedDocument) -> list:
    """The works a document cites: its source, then the works by its subject."""
    return ([document.source] if document.source else []) + list(document.works_by_subject)


def work_key(work) -> tuple[str, int | None]:
    """Under which key a parsed or stored work is the same work: title key and year."""
    return title_match_key(work.title), work.year


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
