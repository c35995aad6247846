"""Fill the database with realistic synthetic entries, fast, for benchmarks and load tests."""

import random
import time
from datetime import timedelta
from operator import attrgetter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.functional import cached_property
from reversion.models import Revision, Version

from dictionary.caching import bump_publication_generation
from dictionary.editions import EditionRows, insert_editions
from dictionary.management.synthetic import (
    CONCEPTS,
    EVENTS,
    FAMILY,
    GIVEN,
    PLACES,
    THEMES,
    EntryPlan,
    Generator,
)
from dictionary.models import (
    Alias,
    Citation,
    CitationRole,
    Contributor,
    Credit,
    CreditRole,
    CrossReference,
    Edition,
    Entry,
    Theme,
    Work,
)
from dictionary.models.contributors import orcid_check_digit
from dictionary.services import inline_reference_rows
from dictionary.snapshots import CITATION_ORDER, EntrySnapshot, byline_item, citation_item
from dictionary.text import fold, free_slug, make_slug
from editorial.models import EntryRevision
from editorial.services import EarlierState, NewEntry, create_entries, settle_workflows


class Command(BaseCommand):
    help = "Generate N synthetic entries with aliases, citations, history and editions."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many entries to generate.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--revisions", type=int, default=3, help="History revisions per entry (default 3)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Entries written per transaction."
        )

    def handle(self, *args, count, seed, revisions, batch_size, **options):
        if count < 1 or revisions < 1 or batch_size < 1:
            raise CommandError("count, --revisions and --batch-size must be at least 1.")
        # With DEBUG on, Django keeps the text of every statement: huge for bulk inserts.
        settings.DEBUG = False
        started = time.monotonic()
        generator = Generator(
            count=count, seed=seed, revisions=revisions, works=max(20, count // 20)
        )
        writer = BatchWriter(generator)
        totals = writer.write_all(batch_size, progress=self._progress(count, started))
        # bulk_create sends no signals: say here that what is published has changed.
        bump_publication_generation()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{number} {name}" for name, number in totals.items())
        self.stdout.write(
            self.style.SUCCESS(f"Generated {summary} in {elapsed:.1f} s "
                               f"({count / elapsed:.0f} entries/s).")
        )  # fmt: skip

    def _progress(self, count: int, started: float):
        stages: dict[str, tuple[float, int]] = {}
        step = max(1, count // 10)

        def report(done: int, stage: str) -> None:
            since, reported = stages.setdefault(stage, (time.monotonic(), 0))
            if done - reported < step and done < count:
                return
            stages[stage] = (since, done)
            rate = done / max(time.monotonic() - since, 1e-6)
            self.stdout.write(f"  {stage}: {done}/{count} entries ({rate:.0f}/s)")
            self.stdout.flush()

        return report


class BatchWriter:
    """Writes a Generator's entries through ``create_entries``, then their editions."""

    def __init__(self, generator: Generator):
        self.generator = generator
        self.entry_ids: list[int] = []
        self.totals = dict.fromkeys(
            ["entries", "aliases", "citations", "cross-references", "revisions", "versions",
             "editions", "works", "contributors", "credits"], 0,
        )  # fmt: skip

    def write_all(self, batch_size: int, progress) -> dict[str, int]:
        count = self.generator.count
        with transaction.atomic():
            self.works = self._write_works()
            self.themes = self._write_themes()
            self.contributors = self._write_contributors()
        self.taken_slugs = set(Entry.objects.values_list("slug", flat=True))
        progress(0, "entries")
        for start in range(0, count, batch_size):
            with transaction.atomic():
                self._write_entries(range(start, min(count, start + batch_size)))
            progress(min(count, start + batch_size), "entries")
        progress(0, "editions")
        for start in range(0, count, batch_size):
            with transaction.atomic():
                self._write_editions(range(start, min(count, start + batch_size)))
            progress(min(count, start + batch_size), "editions")
        self._count_rows()
        return self.totals

    @cached_property
    def entry_of_key(self) -> dict[str, int]:
        """Generated entry ids by the match key of their headword, for inline references."""
        headwords = self.generator.headwords
        return {fold(headword): self.entry_ids[i] for i, (headword, _, _) in enumerate(headwords)}

    @cached_property
    def entry_index(self) -> dict[int, int]:
        return {entry_id: i for i, entry_id in enumerate(self.entry_ids)}

    @cached_property
    def works_by_id(self) -> dict[int, Work]:
        return {work.pk: work for work in self.works}

    def _write_works(self) -> list[Work]:
        rng = random.Random(self.generator.seed)
        works = [
            Work(
                title=f"{rng.choice(EVENTS)}s and {rng.choice(CONCEPTS)} in {rng.choice(PLACES)}",
                authors=[_author(rng)],
                year=rng.randint(1900, 2020),
                publisher=rng.choice(["Verso", "Pluto", "Merlin", "Haymarket", "Brill"]),
                place=rng.choice(["London", "Leiden", "Chicago", "Paris", "Berlin"]),
            )
            for _ in range(self.generator.work_count)
        ]
        for work in works:
            work.fill_derived_fields()  # bulk_create skips Work.save()
        self.totals["works"] = len(works)
        return Work.objects.bulk_create(works)

    def _write_contributors(self) -> list[Contributor]:
        """About one contributor per 300 entries (at least 20), a few of them bodies rather
        than people, some with an ORCID iD; each signs entries spread over the alphabet."""
        rng = random.Random(self.generator.seed * 11)
        taken = set(Contributor.objects.values_list("slug", flat=True))
        people = []
        for number in range(max(20, self.generator.count // 300)):
            if number % 25 == 7:
                person = Contributor(
                    literal=f"{rng.choice(PLACES)} Institute of {rng.choice(THEMES)}"
                )
            else:
                person = Contributor(given=rng.choice(GIVEN), family=rng.choice(FAMILY))
                person.affiliation = f"University of {rng.choice(PLACES)}"
            if number % 3 == 0:
                digits = f"0000000{rng.randint(10**7, 10**8 - 1)}"
                full = digits + orcid_check_digit(digits)
                person.orcid = "-".join(full[i : i + 4] for i in range(0, 16, 4))
            person.fill_derived_fields()  # bulk_create skips Contributor.save()
            person.slug = free_slug(person.display_name, taken)
            taken.add(person.slug)
            people.append(person)
        self.totals["contributors"] = len(people)
        return Contributor.objects.bulk_create(people)

    def _write_themes(self) -> list[Theme]:
        themes = [
            Theme.objects.get_or_create(slug=make_slug(name), defaults={"name": name})[0]
            for name in THEMES
        ]
        # An entry's themes are listed in Theme's ordering, as the database sorts them.
        ordered = Theme.objects.filter(pk__in=[theme.pk for theme in themes])
        self.theme_rank = {pk: rank for rank, pk in enumerate(ordered.values_list("pk", flat=True))}
        return themes

    def _write_entries(self, indexes: range) -> None:
        """A batch of entries with their whole history, written by the one entry writer."""
        entries = [self._new_entry(index, self.generator.plan(index)) for index in indexes]
        create_entries(entries=entries)
        self.entry_ids.extend(new.entry.pk for new in entries)

    def _new_entry(self, index: int, plan: EntryPlan) -> NewEntry:
        steps = self.generator.revisions
        roles = list(CitationRole)
        return NewEntry(
            entry=Entry(
                headword=plan.headword,
                slug=self._slug(plan.headword),
                entry_type=plan.entry_type,
                dates=plan.dates,
                body=self.generator.body_at(plan, steps),
            ),
            comment="Created" if steps == 1 else f"Revised ({steps})",
            date_created=self._date(index, steps),
            aliases=[Alias(name=name, kind=kind) for name, kind in plan.aliases],
            credits=self._credits(index),
            citations=[
                Citation(
                    work=self.works[w],
                    role=roles[n % 3],
                    locator=f"pp. {10 + n * 7}–{14 + n * 7}",
                    order=n,
                )
                for n, w in enumerate(plan.works)
            ],  # fmt: skip
            theme_ids=sorted(
                (self.themes[t].pk for t in plan.themes), key=self.theme_rank.__getitem__
            ),
            earlier=[
                EarlierState(
                    fields={"body": self.generator.body_at(plan, step)},
                    comment="Created" if step == 1 else f"Revised ({step})",
                    date_created=self._date(index, step),
                )
                for step in range(1, steps)
            ],
        )

    def _credits(self, index: int) -> list[Credit]:
        """One author per entry, and a co-author for about one in four."""
        people = self.contributors
        rng = random.Random(self.generator.seed * 13 + index)
        signers = [rng.choice(people)]
        if rng.random() < 0.25:
            signers.append(rng.choice([p for p in people if p is not signers[0]]))
        roles = [CreditRole.AUTHOR, CreditRole.CO_AUTHOR]
        return [
            Credit(contributor=person, role=role, order=order)
            for order, (person, role) in enumerate(zip(signers, roles, strict=False))
        ]

    def _slug(self, headword: str) -> str:
        slug = free_slug(headword, self.taken_slugs)
        self.taken_slugs.add(slug)
        return slug

    def _date(self, index: int, step: int):
        return self.generator.start + timedelta(days=(index % 1500) + 30 * step)

    def _write_editions(self, indexes: range) -> None:
        plans = {index: self.generator.plan(index) for index in indexes}
        entries = Entry.objects.in_bulk([self.entry_ids[index] for index in indexes])
        batch = EditionBatch(self, plans, {i: entries[self.entry_ids[i]] for i in indexes})
        batch.write()
        settle_workflows(entry_ids=list(entries))

    def _count_rows(self) -> None:
        ids = self.entry_ids
        self.totals["entries"] = len(ids)
        self.totals["aliases"] = Alias.objects.filter(entry_id__in=ids).count()
        self.totals["credits"] = Credit.objects.filter(entry_id__in=ids).count()
        self.totals["citations"] = Citation.objects.filter(entry_id__in=ids).count()
        references = CrossReference.objects.filter(source_id__in=ids)
        self.totals["cross-references"] = references.count()
        records = EntryRevision.objects.filter(entry_id__in=ids)
        self.totals["revisions"] = records.count()
        versions = Version.objects.filter(revision__entry_record__entry_id__in=ids)
        self.totals["versions"] = versions.count()


def _author(rng: random.Random) -> dict:
    family = rng.choice(FAMILY)
    # Keys in the order PostgreSQL's jsonb gives them back, so that the works' versions hold
    # the text reversion writes when it follows a citation to its stored work.
    return {"given": rng.choice(GIVEN), "family": family}


class EditionBatch:
    """The editions of one batch of entries, each frozen at a revision of its history."""

    def __init__(self, writer: BatchWriter, plans: dict, entries: dict):
        self.writer, self.plans, self.entries = writer, plans, entries
        self.generator = writer.generator
        self.children: dict[int, list] = {index: [] for index in plans}
        ids = [entry.pk for entry in entries.values()]
        for citation in Citation.objects.filter(entry_id__in=ids):
            self.children[self._index(citation.entry_id)].append(citation)
        for credit in Credit.objects.filter(entry_id__in=ids).select_related("contributor"):
            self.children[self._index(credit.entry_id)].append(credit)

    def write(self) -> None:
        records = EntryRevision.objects.filter(entry_id__in=[e.pk for e in self.entries.values()])
        revisions: dict[int, list[Revision]] = {index: [] for index in self.plans}
        for record in records.select_related("revision").order_by("revision_id"):
            revisions[self._index(record.entry_id)].append(record.revision)
        self._write_editions(revisions)

    def _count(self, name: str, rows: list) -> list:
        self.writer.totals[name] += len(rows)
        return rows

    def _index(self, entry_id: int) -> int:
        return self.writer.entry_index[entry_id]

    def _entry_at(self, index: int, step: int) -> Entry:
        """The entry as it stood at revision ``step``: only its body differs between steps."""
        entry = self.entries[index]
        entry.body = self.generator.body_at(self.plans[index], step)
        return entry

    def _write_editions(self, revisions: dict[int, list[Revision]]) -> None:
        made = [pair for i, rows in revisions.items() for pair in self._editions(i, rows)]
        self._count("editions", made)
        insert_editions([EditionRows.frozen(edition, snapshot) for edition, snapshot in made])
        for index in self.plans:
            self._entry_at(index, self.generator.revisions)  # back to the body it has stored

    def _editions(self, index: int, revisions: list[Revision]) -> list[tuple]:
        rng = random.Random(self.generator.seed * 7 + index)
        if rng.random() < 0.02:
            return []  # a draft that was never published
        last = len(revisions) if rng.random() < 0.7 or len(revisions) == 1 else len(revisions) - 1
        count = min(last, rng.choice([1, 2, 2, 3]))
        steps = range(last - count + 1, last + 1)
        first = revisions[steps[0] - 1].date_created + timedelta(days=1)
        citations = self._citations(index)
        return [self._edition(index, number, revisions[step - 1], step, first, step == last,
                              citations)
                for number, step in enumerate(steps, start=1)]  # fmt: skip

    def _edition(self, index, number, revision, step, first, current, citations) -> tuple:
        """The edition ``create_edition`` would have frozen at revision ``step``, unsaved, and
        the snapshot it freezes (whose links are written once the edition is)."""
        entry, plan = self._entry_at(index, step), self.plans[index]
        snapshot = EntrySnapshot.of_parts(
            entry,
            aliases=plan.aliases,
            byline=self._byline(index),
            citations=citations,
            # The references the entry had when its body was this step's.
            references=inline_reference_rows(entry, target_of=self.writer.entry_of_key.get),
            themes=[self.writer.themes[theme].pk for theme in plan.themes],
        )
        edition = Edition(
            entry=entry, number=number, revision=revision, is_current=current,
            **snapshot.edition_fields(), change_summary=f"Edition {number}",
            first_published_at=first, published_at=revision.date_created + timedelta(days=1),
        )  # fmt: skip
        return edition, snapshot

    def _byline(self, index: int) -> list[dict]:
        credits = [c for c in self.children[index] if isinstance(c, Credit)]
        return [
            byline_item(c.contributor, c.role) for c in sorted(credits, key=attrgetter("order"))
        ]

    def _citations(self, index: int) -> list[dict]:
        works = self.writer.works_by_id
        cited = [c for c in self.children[index] if isinstance(c, Citation)]
        # CITATION_ORDER as the database sorts it: the roles' values differ in their first
        # letter, so Python's string order and any collation agree.
        cited.sort(key=attrgetter(*CITATION_ORDER))
        return [citation_item(c, works[c.work_id]) for c in cited]
