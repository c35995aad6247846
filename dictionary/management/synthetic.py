"""Planning synthetic entries (names, dates, bodies, aliases), reproducible from a seed."""

import itertools
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from dictionary.dates import parse_dates
from dictionary.models import AliasKind, EntryType
from dictionary.text import fold


def _words(text: str) -> list[str]:
    return text.split()


GIVEN = _words("""
    Victor Grigori Lev Nikolai Vladimir Rosa Clara Karl Anna Maria Georgi Leon Alexandra
    Nadezhda Vera Sofia Ivan Pavel Fyodor Mikhail Boris Olga Inessa Julius Ruth Heinrich
    Ernst Antonio Amadeo Andrés Joaquín Ferenc György Béla Endre Jan Józef Tadeusz Hélène
    Émile Jules Louise Pierre Max Otto Paul Willi Emma Hugo Rudolf Lajos Mátyás Dora Ilse
""")
FAMILY = _words("""
    Zinoviev Kamenev Bukharin Radek Trotsky Lenin Lukács Luxemburg Zetkin Liebknecht Serge
    Kibalchich Kollontai Krupskaya Gramsci Bordiga Nin Maurín Kun Rákosi Varga Révai Souvarine
    Rosmer Monatte Thalheimer Brandler Levi Fischer Maslow Korsch Pannekoek Gorter Roland-Holst
    Sneevliet Tasca Togliatti Dimitrov Kolarov Rakovsky Preobrazhensky Pyatakov Smilga Sokolnikov
    Tomsky Rykov Riazanov Ioffe Krestinsky Antonov-Ovseenko Shlyapnikov Medvedev Sapronov
    Osinsky Miasnikov Ciliga Tarov Bekker Dingelstedt Eltsin Solntsev Poznansky Sermuks
    Wolff Münzenberg Eberlein Frölich Walcher Böttcher Jogiches Warski Kostrzewa Łapiński
    Pilsudski Dąbrowski Nowak Kowalczyk Horváth Szabó Tóth Nagy Molnár Dubois Lefèvre Girard
""")
PLACES = _words("""
    Petrograd Moscow Kharkov Kiev Odessa Tula Kazan Baku Tiflis Berlin Hamburg Munich Leipzig
    Vienna Budapest Prague Warsaw Łódź Kraków Paris Lyon Marseille Barcelona Madrid Turin Milan
    Naples Amsterdam Rotterdam Brussels Zurich Geneva Sofia Bucharest Belgrade Riga Vilnius
""")
ORGANIZATION_KINDS = ["Party", "Union", "League", "Federation", "Bureau", "Circle", "Group"]
ORGANIZATION_ADJECTIVES = [
    "Socialist", "Workers'", "Communist", "Anarchist", "Revolutionary", "Independent",
    "Left", "United", "Agrarian", "Syndicalist", "Democratic", "Popular",
]  # fmt: skip
EVENTS = ["Strike", "Uprising", "Congress", "Conference", "Mutiny", "Trial", "Famine", "Purge"]
CONCEPTS = [
    "populism", "syndicalism", "centralism", "internationalism", "entrism", "federalism",
    "cooperativism", "defencism", "ultra-leftism", "economism", "collectivism", "municipalism",
]  # fmt: skip
PAPERS = ["Herald", "Tribune", "Voice", "Spark", "Banner", "Review", "Bulletin", "Courier"]
OCCUPATIONS = [
    "journalist", "organizer", "printer", "teacher", "lawyer", "novelist", "economist",
    "historian", "engineer", "translator", "poet", "metalworker", "physician", "editor",
]  # fmt: skip
RARE_WORDS = ["zemstvo", "samizdat", "narodnik", "okhrana", "smychka", "trudovik"]
THEMES = [
    "Labour movement", "Revolution of 1905", "Revolution of 1917", "Civil war", "Exile",
    "Press and publishing", "Women's movement", "Trade unions", "Internationalism", "Repression",
]  # fmt: skip
SENTENCES = [
    "Born in {place} in {year}, {short} grew up among {occupation}s and joined the movement early.",
    "From {year} {short} worked as a {occupation} in {place}, writing for {paper}.",
    "{short} met {ref} in {place} and took part in the debates of the movement.",
    "In {year} {short} was arrested in {place}, spent two years in prison and went into exile.",
    "The {rare} question divided {short} from {ref} for a decade.",
    "{short} translated *{title}* and edited the movement's papers in {place}.",
    "After {year} {short} broke with {ref} and turned to history and memoirs.",
    "Accounts of {short} in the history of the movement differ on the years in {place}.",
]


@dataclass
class EntryPlan:
    """Everything generated for one entry, reproducible from (seed, index)."""

    headword: str
    entry_type: str
    dates: str
    paragraphs: list[str]
    aliases: list[tuple[str, str]] = field(default_factory=list)
    works: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)


class Generator:
    """Plans and writes synthetic entries; entry ``i`` always comes out the same for a seed."""

    def __init__(self, *, count: int, seed: int, revisions: int, works: int):
        self.count, self.seed, self.revisions, self.work_count = count, seed, revisions, works
        rng = random.Random(seed)
        self.headwords = _unique_headwords(rng, count)
        self.start = timezone.now() - timedelta(days=5 * 365)

    def plan(self, index: int) -> EntryPlan:
        rng = random.Random(self.seed * 1_000_003 + index)
        headword, entry_type, dates = self.headwords[index]
        short = headword.split(",")[0]
        first = parse_dates(dates).start_year or rng.randint(1860, 1900)
        years = (first + 15, first + 60) if entry_type == EntryType.PERSON else (first, first + 30)
        paragraphs = [self._paragraph(rng, short, index, years) for _ in range(rng.randint(2, 4))]
        plan = EntryPlan(headword, entry_type, dates, paragraphs)
        plan.aliases = _aliases(rng, headword, entry_type)
        plan.works = rng.sample(range(self.work_count), k=min(self.work_count, rng.randint(1, 4)))
        plan.themes = rng.sample(range(len(THEMES)), k=rng.randint(0, 2))
        return plan

    def body_at(self, plan: EntryPlan, revision: int) -> str:
        """The body as it stood at revision ``revision`` (1-based): paragraphs were added."""
        shown = max(1, len(plan.paragraphs) - (self.revisions - revision))
        return "\n\n".join(plan.paragraphs[:shown])

    def _paragraph(self, rng: random.Random, short: str, index: int, years: tuple) -> str:
        sentences = rng.sample(SENTENCES, k=3)
        return " ".join(
            sentence.format(
                short=short,
                place=rng.choice(PLACES),
                year=rng.randint(*years),
                occupation=rng.choice(OCCUPATIONS),
                paper=f"*The {rng.choice(PLACES)} {rng.choice(PAPERS)}*",
                ref=self._reference(rng, index),
                title=f"{rng.choice(EVENTS)} in {rng.choice(PLACES)}",
                rare=rng.choice(RARE_WORDS) if rng.random() < 0.01 else "land",
            )
            for sentence in sentences
        )

    def _reference(self, rng: random.Random, index: int) -> str:
        target = rng.randrange(self.count)
        if target == index:
            return "the others"
        headword = self.headwords[target][0]
        if rng.random() < 0.5 and "," in headword:
            return f"[[{headword}|{headword.split(',')[0]}]]"
        return f"[[{headword}]]"


def _person(rng: random.Random) -> tuple[str, str, str]:
    born = rng.randint(1830, 1920)
    dates = rng.choice(
        [f"{born}–{born + rng.randint(25, 85)}", f"b. {born}", f"c. {born}–{born + 50}"]
    )
    name = f"{rng.choice(FAMILY)}, {rng.choice(GIVEN)}"
    # One or two initials keep the name space (and so "(2)"-style duplicates) realistic.
    initials = rng.choice([0, 1, 1, 2])
    name += "".join(f" {rng.choice(GIVEN)[0]}." for _ in range(initials))
    return name, EntryType.PERSON, dates


def _other(rng: random.Random) -> tuple[str, str, str]:
    kind = rng.choices(
        ["organization", "event", "concept", "publication", "place"], weights=[35, 40, 3, 17, 5]
    )[0]
    year = rng.randint(1860, 1939)
    place = rng.choice(PLACES)
    if kind == "organization":
        noun = f"{rng.choice(ORGANIZATION_ADJECTIVES)} {rng.choice(ORGANIZATION_KINDS)}"
        return f"{noun} of {place}", kind, f"{year}–{year + rng.randint(1, 40)}"
    if kind == "event":
        return f"{place} {rng.choice(EVENTS)} of {year}", kind, str(year)
    if kind == "concept":
        adjective = rng.choice(ORGANIZATION_ADJECTIVES).rstrip("'")
        return f"{adjective} {rng.choice(CONCEPTS)}", kind, ""
    if kind == "publication":
        return f"{place} {rng.choice(PAPERS)}", kind, f"{year}–{year + rng.randint(1, 30)}"
    return f"{place} district", kind, ""


def _unique_headwords(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    seen: set[str] = set()
    headwords = []
    for _ in range(count):
        headword, entry_type, dates = (_person if rng.random() < 0.7 else _other)(rng)
        # Reference works tell namesakes apart by their dates, then by a number.
        named = [headword, f"{headword} ({dates})"] if dates else [headword]
        numbered = (f"{headword} ({n})" for n in itertools.count(2))
        headword = next(name for name in itertools.chain(named, numbered) if fold(name) not in seen)
        seen.add(fold(headword))
        headwords.append((headword, entry_type, dates))
    return headwords


def _aliases(rng: random.Random, headword: str, entry_type: str) -> list[tuple[str, str]]:
    if entry_type == EntryType.PERSON and rng.random() < 0.4:
        family, given = headword.split(", ", 1)
        variant = family.replace("v", "w").replace("y", "i").replace("ov", "off")
        if fold(variant) != fold(family):
            return [(f"{variant}, {given}", AliasKind.VARIANT)]
        return [(f"{rng.choice(FAMILY)}, {given}", AliasKind.BIRTH_NAME)]
    if entry_type == EntryType.ORGANIZATION and rng.random() < 0.5:
        letters = "".join(word[0] for word in headword.split() if word[0].isupper())
        return [(letters, AliasKind.ABBREVIATION)] if len(letters) > 1 else []
    return []
