"""Writes the messy seed corpus of issue 11 and its ground truth (run it to regenerate).

    .venv/bin/python tests/data/messy_seeds/generate.py

Deterministic (a fixed seed, no clock): the same files every run, which
``tests/editorial/test_messy_corpus.py`` checks before it imports them and measures the
importer. Every name, title and sentence is invented. The shapes are those a scraped
glossary shows: dates in every printed form (in the body's opening bracket or inside the
headword), Windows-1252 punctuation read as control characters, paragraphs glued together
(after sentences, headings and colons) beside abbreviations, initials and acronyms that
must stay whole, works with their year beside roles, events and names that are not works,
mentions of other entries beside given names, nicknames and homonyms that must not be
linked, See documents in several spellings, trailing boilerplate, and a few files that are
not seed documents at all.
"""

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
TRUTH = HERE / "truth.json"
PEOPLE = 330
SEED = 11

GIVEN = [
    "Ada",
    "Bram",
    "Cora",
    "Dov",
    "Elke",
    "Fen",
    "Goran",
    "Hedda",
    "Ivo",
    "Jana",
    "Kasimir",
    "Lotte",
    "Milan",
    "Nadia",
    "Oskar",
    "Pia",
    "Quentin",
    "Rosa",
    "Sven",
    "Tamsin",
    "Ulla",
    "Viktor",
    "Wanda",
    "Xaver",
    "Yelena",
    "Zoltan",
    "Agnes",
    "Bertil",
    "Clemens",
    "Dorit",
    "Emil",
    "Frieda",
    "Gustav",
    "Hilde",
    "Ilse",
    "Jonas",
    "Kaja",
    "Leopold",
    "Mirjam",
    "Nils",
    "Ottilie",
    "Pavel",
]
FAMILY = [
    "Ashdown",
    "Brennholt",
    "Corvane",
    "Dulmer",
    "Eskvall",
    "Farrant",
    "Gilchreest",
    "Holloway",
    "Istrane",
    "Jessup",
    "Kerrowan",
    "Lindqvist",
    "Marrable",
    "Nettleford",
    "Oakenshaw",
    "Pellinger",
    "Quarmby",
    "Rastrick",
    "Sallow",
    "Thurgood",
    "Umberley",
    "Vantongeren",
    "Wetherall",
    "Yardley",
    "Zelenko",
    "Abernathy",
    "Blackmore",
    "Caskey",
    "Drummond",
    "Elphick",
    "Fenwright",
    "Gorrie",
    "Hartigan",
    "Inchbald",
    "Jolliffe",
    "Kinnear",
    "Lusk",
    "Mottram",
    "Norreys",
    "Orchard",
    "Petheram",
    "Rainford",
    "Scobie",
    "Tennant",
    "Upjohn",
    "Varley",
    "Wragge",
]
PARTICLES = ["van", "de la", "von", "da"]
PLACES = [
    "Leeds",
    "Lyon",
    "Riga",
    "Ghent",
    "Turin",
    "Bergen",
    "Cork",
    "Graz",
    "Brno",
    "Aarhus",
    "Porto",
    "Split",
]
NOUNS = [
    "Winter",
    "Harbour",
    "Bread",
    "Fire",
    "Salt",
    "Iron",
    "Road",
    "Glass",
    "Orchard",
    "Weavers",
    "Lanterns",
    "River",
    "Tide",
    "Workshop",
    "Frontier",
    "Ashes",
    "Granary",
    "Quarry",
    "Bridge",
    "Lamp",
]
ADJECTIVES = [
    "Long",
    "Quiet",
    "Bitter",
    "Open",
    "Northern",
    "Silent",
    "Red",
    "Distant",
    "Last",
    "Broken",
]
ORGANIZATIONS = [
    "Weavers’ League",
    "Northern Workers’ Union",
    "Free Press Society",
    "Harbour Committee",
    "Lamplighters’ Guild",
    "Union of Printers (UP)",
]
CONCEPTS = ["Mutual Aid", "Cooperative Banking", "Syndicalism", "Guild Socialism", "Land Reform"]

# (printed, start, end): every date shape issue 11 lists, with invented years; None end
# means open or unknown. A form with no years is one the importer keeps as printed.
DATE_FORMS = [
    ("{a}–{b}", "{a}", "{b}"),
    ("{a}-{b2}", "{a}", "{b}"),
    ("{a}-?", "{a}", None),
    ("?–{b}", None, "{b}"),
    ("? - {b}", None, "{b}"),
    ("-{b}", None, "{b}"),
    ("{a}-{b}?", "{a}", "{b}"),
    ("{a}[{a1}?]–{b}", "{a}", "{b}"),
    ("{a}–present?", "{a}", None),
    ("c. {a}", "{a}", "{a}"),
    ("ca. {a}–{b}", "{a}", "{b}"),
    ("~{a} – ?", "{a}", None),
    ("circa {a}", "{a}", "{a}"),
    ("March 21, {a}–January 25, {b}", "{a}", "{b}"),
    ("23.7.{a}–26.11.{b}", "{a}", "{b}"),
    ("d. January 20 {b}", None, "{b}"),
    ("Dec. 14, {a} – May 11, {b}", "{a}", "{b}"),
    ("born {a}", "{a}", None),
    ("died {b}", None, "{b}"),
    ("b. {a}, {place}", "{a}", None),
    ("{a} or {a1x}", "{a}", "{a1x}"),
    ("{a}\x96{b}", "{a}", "{b}"),
    ("{a}–{b}", "{a}", "{b}"),
    ("{a}–{b}", "{a}", "{b}"),
    ("{a}–{b}", "{a}", "{b}"),
    ("{a}–{b}", "{a}", "{b}"),
]
OLD_DATES = [
    ("95-46 B.C.", -95, -46),
    ("c. 600–c. 450 BCE", -600, -450),
    ("428/427–348/347 BC", -428, -347),
    ("fl. 12th century", 1100, 1199),
    ("18th century", 1700, 1799),
    ("active 1840s", 1840, 1849),
]
UNREADABLE_DATES = ["Easter 1871–soon", "early 1900s–late 1950s?"]
HEADINGS = ["Early years", "Later life", "Political career", "Exile and return", "Legacy"]
ROLES = ["Vice-Chairman", "General Secretary", "Deputy Director", "President"]
EVENTS = ["General Strike", "Harbour Uprising", "Salt March", "Printers’ Congress"]
BOILERPLATE = [
    "Index of the Letter {letter} | Glossary of the Labour Movement",
    "Compiled by the Archive Volunteers.",
]
SOURCES = [
    "Glossary of the Labour Movement. Ada Corvane and Bram Sallow . 2011.",
    "Dictionary of Cooperative History. Museum of the Revolution . 1998.",
    "Biographical Notes. Elke van Dulmer & Ivo de la Farrant . 2004.",
]


class Corpus:
    """The documents being made, and what the importer should make of each."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.files: dict[str, bytes] = {}
        self.truth: list[dict] = []
        self.people: list[dict] = []
        self.used_titles: set[str] = set()
        self.nicknames: list[str] = []

    def person(self, number: int) -> dict:
        given, family = self.rng.choice(GIVEN), self.rng.choice(FAMILY)
        if number % 23 == 0:
            family = f"{self.rng.choice(PARTICLES)} {family}"
        nickname = self.rng.choice(GIVEN) if number % 17 == 0 else None
        headword = f"{family}, {given}" + (f" ({nickname})" if nickname else "")
        return {
            "number": number,
            "given": given,
            "family": family,
            "headword": headword,
            "nickname": nickname,
        }

    def dates(self, number: int) -> tuple[str, int | None, int | None]:
        rng = self.rng
        if number % 41 == 7:
            return rng.choice(OLD_DATES)
        if number % 97 == 13:
            return (rng.choice(UNREADABLE_DATES), None, None)
        a = rng.randint(1780, 1930)
        b = a + rng.randint(25, 90)
        form, start, end = rng.choice(DATE_FORMS)
        values = {
            "a": a,
            "b": b,
            "b2": str(b)[2:] if str(b)[:2] == str(a)[:2] else b,
            "a1": str(a + 2)[2:],
            "a1x": a + 1,
            "place": rng.choice(PLACES),
        }
        printed = form.format(**values)
        if form == "{a}[{a1}?]–{b}" and a % 100 > 97:
            printed = f"{a}–{b}"  # "1898[00?]" would cross a century
        start = int(start.format(**values)) if start else None
        end = int(end.format(**values)) if end else None
        return printed, start, end

    def title(self) -> str:
        while True:
            shape = self.rng.randrange(4)
            noun, other = self.rng.sample(NOUNS, 2)
            adjective = self.rng.choice(ADJECTIVES)
            title = [
                f"The {adjective} {noun}",
                f"{noun} and {other}",
                f"Notes from a {adjective} {noun}",
                f"A History of the {noun}",
            ][shape]
            if title not in self.used_titles:
                self.used_titles.add(title)
                return title


def sentence_pool(rng: random.Random, person: dict, place: str) -> list[str]:
    """Plain sentences with the traps that must not break a paragraph."""
    pronoun, object_pronoun = rng.choice([("He", "him"), ("She", "her")])
    return [
        f"{pronoun} was born in {place} to a family of dyers.",
        f"{pronoun} took a Ph.D. at the university of {rng.choice(PLACES)}.",
        f"{pronoun} travelled twice to the U.S.S.R. and wrote about it.",
        f"{pronoun} admired the reforms of Charles I. and said so.",
        f"Friends knew {object_pronoun} as the quiet one of St. Albans.",
        f"{pronoun} corresponded with E. H. Drummond for years.",
        f"{pronoun} worked as a printer and organiser in {place}.",
        f"{pronoun} spoke at meetings across the north.",
        f"The police watched {object_pronoun} closely after 1921.",
    ]


def glued(paragraphs: list[str]) -> str:
    """Paragraphs run together as a scrape leaves them: no space at the breaks."""
    return "".join(paragraphs)


def make_person_document(corpus: Corpus, person: dict, others: list[dict]) -> None:
    number = person["number"]
    printed, start, end = corpus.dates(number)
    paragraphs, works, links = person_paragraphs(corpus, person, others)
    headword_line, body_dates, aliases = headword_and_dates(corpus, person, printed, start, end)
    lines = [f"- {headword_line}", f"- {body_dates}{glued(paragraphs)}"]
    if number % 13 == 0:
        lines[1] += corpus.rng.choice(BOILERPLATE).format(letter=person["family"][0].upper())
    lines.append(corpus.rng.choice(SOURCES))
    if number % 29 == 0:
        lines.append("Compiled by the Archive Volunteers.")
    if number % 9 == 0:  # a stray space before the full stop at a lost break
        lines[1] = lines[1].replace(paragraphs[0], paragraphs[0][:-1] + " .", 1)
    name = f"{number:04d}_{person['family'].lower().replace(' ', '-')}.txt"
    corpus.files[name] = ("\n".join(lines) + "\n").encode("utf-8")
    corpus.truth.append(
        {
            "file": name,
            "outcome": "created",
            "headword": person["headword"],
            "dates": _printed_tidy(printed),
            "start_year": start,
            "end_year": end,
            "aliases": aliases,
            "paragraphs": paragraphs,
            "works": works,
            "links": links,
        }
    )


def person_paragraphs(corpus: Corpus, person: dict, others: list[dict]):
    """The body's paragraphs, the works it names and the links it should get."""
    rng, number = corpus.rng, person["number"]
    place = rng.choice(PLACES)
    sentences = sentence_pool(rng, person, place)
    rng.shuffle(sentences)
    paragraphs = [" ".join([sentences.pop(), sentences.pop()])]
    if number % 5 == 0:
        paragraphs.append(rng.choice(HEADINGS))
    body, links = [sentences.pop()], {}
    for other in others:
        mention = f"{other['given']} {other['family']}"
        body.append(f"{rng.choice(['Allied with', 'Later met'])} {mention} in {place}.")
        if other.get("linkable", True):
            links[mention] = other["headword"]
    if corpus.nicknames and number % 6 == 0:
        body.append(f"Comrades called {rng.choice(corpus.nicknames)} a friend.")
    body.append(f"{rng.choice(['Bram', 'Ada', 'Viktor'])} stayed behind.")
    works = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        sentence, work = work_sentence(corpus, person)
        body.append(sentence)
        works.append(work)
    body.extend(non_work_sentences(corpus, person))
    paragraphs.append(" ".join(body))
    if number % 7 == 0:
        paragraphs += [
            f"{person['given']} later wrote:",
            "The hours were long and the pay was short.",
        ]
    closing = " ".join(sentences[:2])
    if number % 10 == 3:  # a paragraph opening with a year: no capital marks its break
        closing = f"{rng.randint(1900, 1950)} found {person['given']} in {place}. {closing}"
    paragraphs.append(closing)
    return paragraphs, works, links


def work_sentence(corpus: Corpus, person: dict) -> tuple[str, list]:
    """A sentence naming a work with its year, in one of the ways bodies do."""
    rng = corpus.rng
    title, year = corpus.title(), rng.randint(1850, 1990)
    shape = rng.randrange(8)
    if shape == 0:
        return f"{title} ({year}) followed.", [title, year]
    if shape == 1:
        return f"{rng.choice(['His', 'Her'])} {title} ({year}) sold well.", [title, year]
    if shape == 2:
        return f"{person['given']}’s {title} ({year}) was reprinted.", [title, year]
    if shape == 3:
        return f"A reply followed, “{title}” ({year}).", [title, year]
    if shape == 5:
        subtitle = f"A {rng.choice(['Memoir', 'Study', 'Chronicle'])}"
        return f"Then came {title}: {subtitle} ({year}).", [f"{title}: {subtitle}", year]
    if shape == 4:  # one word and no cue: a precision-first reader misses it
        word = rng.choice(NOUNS)
        return f"{word} ({year}) came next.", [word, year]
    cue = rng.choice(["wrote", "published", "completed the study", "issued the pamphlet"])
    return f"In those years {person['given']} {cue} {title} ({year}).", [title, year]


def non_work_sentences(corpus: Corpus, person: dict) -> list[str]:
    """Capitalised phrases with a year that are not works: roles and events."""
    rng, number, given = corpus.rng, person["number"], person["given"]
    sentences = []
    if number % 3 == 0:
        sentences.append(f"{given} was {rng.choice(ROLES)} ({rng.randint(1900, 1960)}).")
    if number % 4 == 0:
        sentences.append(f"{given} joined the {rng.choice(EVENTS)} ({rng.randint(1900, 1960)}).")
    return sentences


def headword_and_dates(corpus: Corpus, person: dict, printed: str, start, end):
    """The headword line, the dates bracket opening the body, and the aliases: dates and a
    "known as" name are sometimes printed inside the headword instead."""
    number, rng = person["number"], corpus.rng
    readable = start is not None or end is not None
    if person.get("nickname") or not readable:
        return person["headword"], f"({printed})", []
    if number % 19 == 0:
        alias = f"{rng.choice(GIVEN)[0]}. {rng.choice(FAMILY)}"
        return f"{person['headword']} (known as {alias}, {printed})", "", [alias]
    if number % 11 == 0:
        return f"{person['headword']} ({printed}) .", "", []
    if number % 31 == 0:
        return f"{person['headword']} .", f"({printed})", []
    return person["headword"], f"({printed})", []


def _printed_tidy(printed: str) -> str:
    """The printed dates as an editor would keep them: the Windows-1252 dash repaired,
    range dashes as en dashes without spaces."""
    return re.sub(r"\s*[-–\x96]\s*", "–", printed).strip()


def make_topic_document(corpus: Corpus, number: int, headword: str) -> None:
    rng = corpus.rng
    place = rng.choice(PLACES)
    paragraphs = [
        f"The {headword.split(' (')[0]} grew out of meetings in {place}.",
        "It spread along the coast within a decade.",
    ]
    text = f"- {headword}\n- {glued(paragraphs)}\n{rng.choice(SOURCES)}\n"
    name = f"{number:04d}_topic.txt"
    corpus.files[name] = text.encode("utf-8")
    corpus.truth.append(
        {
            "file": name,
            "outcome": "created",
            "headword": headword,
            "dates": "",
            "start_year": None,
            "end_year": None,
            "aliases": [],
            "paragraphs": paragraphs,
            "works": [],
            "links": {},
        }
    )


def make_see_documents(corpus: Corpus, people: list[dict], start: int) -> None:
    spellings = ["See {t}.", "See: {t}", "See {t}", "See {t}. Text by the Archive Volunteers."]
    for offset, person in enumerate(people):
        alias = f"{person['family']}, {person['given'][0]}."
        body = spellings[offset % len(spellings)].format(t=person["headword"])
        name = f"{start + offset:04d}_see.txt"
        corpus.files[name] = f"- {alias}\n- {body}\n".encode()
        corpus.truth.append({"file": name, "outcome": "alias", "see_target": person["headword"]})


def make_broken_documents(corpus: Corpus, start: int) -> None:
    """Files that are not seed documents: the only failures the importer should report."""
    broken = [b"", b"Just a note without the seed shape\n", b"- Headword only\n"]
    for offset, raw in enumerate(broken):
        name = f"{start + offset:04d}_broken.txt"
        corpus.files[name] = raw
        corpus.truth.append({"file": name, "outcome": "failed"})


def build() -> Corpus:
    corpus = Corpus(random.Random(SEED))
    people, seen = [], set()
    for number in range(1, PEOPLE + 1):
        person = corpus.person(number)
        if person["headword"] in seen or (person["family"], person["given"]) in seen:
            continue
        seen.update({person["headword"], (person["family"], person["given"])})
        people.append(person)
    _add_homonyms(corpus, people)
    corpus.nicknames = [person["nickname"] for person in people if person["nickname"]]
    shared = _shared_mentions(people)
    for person in people:
        others = corpus.rng.sample(people, 2)
        others = [
            {
                **other,
                "linkable": other is not person
                and f"{other['given']} {other['family']}" not in shared,
            }
            for other in others
            if other is not person
        ]
        make_person_document(corpus, person, others)
    for offset, headword in enumerate(ORGANIZATIONS + CONCEPTS):
        make_topic_document(corpus, 900 + offset, headword)
    plain = [person for person in people if person.get("homonym") is None][:20]
    make_see_documents(corpus, plain, 950)
    make_broken_documents(corpus, 990)
    return corpus


def _add_homonyms(corpus: Corpus, people: list[dict]) -> None:
    """Fathers and sons: the same headword, other dates (the slug tells them apart)."""
    for index in range(0, 40, 8):
        father = people[index]
        son = {**father, "number": 500 + index, "homonym": father["headword"]}
        father["homonym"] = father["headword"]
        people.append(son)


def _shared_mentions(people: list[dict]) -> set[str]:
    """Names two entries share: a mention of one must stay unlinked."""
    counts: dict[str, int] = {}
    for person in people:
        key = f"{person['given']} {person['family']}"
        counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count > 1}


def main() -> None:
    corpus = build()
    FILES.mkdir(parents=True, exist_ok=True)
    for old in FILES.glob("*.txt"):
        old.unlink()
    for name, raw in corpus.files.items():
        (FILES / name).write_bytes(raw)
    TRUTH.write_text(json.dumps(corpus.truth, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(corpus.files)} files written to {FILES}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE.parents[2]))
    main()
