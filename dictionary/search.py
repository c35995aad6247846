"""Free-text search over current editions: PostgreSQL full text and trigrams, a SQLite fallback.

PostgreSQL (migration 0002): each edition carries a ``search_vector`` written by a trigger at
insert (headword weight A, aliases B, body C) in the ``headword_english`` configuration, which
is English stemming with ``unaccent`` in front, so diacritics are ignored. A partial GIN index
covers current editions. When full text finds less than a page (``THIN_RESULT``), editions
whose headword or alias is spelt nearly alike are added by trigram word similarity
(``pg_trgm``, GIN index) on ``search_names``, the folded headword and aliases: "Zinovyev" finds
Zinoviev. Terms found in more than ``RANKING_CAP`` editions are not ranked (ranking every
row of a common word costs tens of milliseconds at 100,000 entries); their results come in
alphabetical order instead. One bounded count of the matches decides which of these paths a
search takes, and is remembered for the count the page shows. Snippets come from
``ts_headline``, run only for the rows of the page shown. "Did you mean" looks for names with
a looser trigram threshold.

SQLite (development and small dictionaries): every word of the folded query must occur in the
folded headword, aliases or body (``search_names``/``search_text``, plain substring matching with
a crude suffix stemmer); a headword match ranks above an alias match above a body match. When
nothing matches, names within a small edit distance (``difflib``) are used instead, which reads
every current name: fine for thousands of entries, not for 100,000. Snippets are cut in Python.

Both are capped (``capped_query``): at most ``MAX_QUERY_LENGTH`` characters and
``MAX_QUERY_TERMS`` distinct words, a repeated word counting once. Unbounded, one word
repeated 400 times held a PostgreSQL worker for over a minute in ``ts_headline`` (its cost
grows about with the cube of the terms), and 200 words overflowed the SQLite query builder.
"""

import difflib
import html
import json
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from django.utils.safestring import SafeString, mark_safe

from .markup import plain_text
from .models import Edition
from .text import fold

CONFIG = "headword_english"
RANKING_CAP = 2000
# Beyond this many matches by the planner's estimate (close for such words: they are among
# the commonest lexemes its statistics keep), a search is not counted but shown as about that
# many. Counting "movement" up to the cap at 100,000 entries read the vectors of 3,900 rows
# (8.7 ms) to learn what the estimate already said.
TRUSTED_ESTIMATE = 10 * RANKING_CAP
THIN_RESULT = 50
NAME_THRESHOLD = 0.5
NAME_MATCHES = 100
SUGGESTION_THRESHOLD = 0.35
SNIPPET_WORDS = 30
SNIPPET_MIN_WORDS = 12  # and the words of a text that holds none of the query's
_MARK_START, _MARK_END = "\x02", "\x03"
_SUFFIXES = ("ings", "ing", "ies", "es", "ed", "s")
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12


def capped_query(query: str) -> str:
    """``query`` with repeated words merged (the first of each kept); ``ValidationError``
    with a message for the reader when it is longer than the caps allow."""
    query = query.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            f"A search can be at most {MAX_QUERY_LENGTH} characters long "
            f"(this one has {len(query)}).",
            code="search_too_long",
        )
    words: dict[str, str] = {}
    for word in query.split():
        words.setdefault(word.casefold(), word)
    if len(words) > MAX_QUERY_TERMS:
        raise ValidationError(
            f"A search can have at most {MAX_QUERY_TERMS} different words "
            f"(this one has {len(words)}).",
            code="search_too_many_words",
        )
    return " ".join(words.values())


def search_editions(editions: QuerySet, query: str) -> QuerySet:
    """Editions of ``editions`` matching ``query``, annotated with ``rank``, best first.
    ``ValidationError`` when the query is beyond the caps (``capped_query``)."""
    query = capped_query(query)
    if not fold(query):
        return editions.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _search_postgresql(editions, query)
    return _search_sqlite(editions, query)


def highlight(editions, query: str) -> dict[int, SafeString]:
    """Snippets of the given editions (one page of results) with the matches in <mark>; an
    edition whose text holds no word of the query (found by its headword, or by a name spelt
    alike) shows its first words."""
    editions = list(editions)
    query = capped_query(query)
    if not editions or not fold(query):
        return {}
    if connection.vendor == "postgresql":
        snippets = _headlines_postgresql([edition.pk for edition in editions], query)
    else:
        words = _sqlite_words(query)
        snippets = {edition.pk: _cut_snippet(edition.body, words) for edition in editions}
    return {pk: _marked_html(text) for pk, text in snippets.items()}


def snippet_fields() -> tuple[str, ...]:
    """The edition fields ``highlight`` reads besides the key: the body on SQLite, which cuts
    snippets in Python; none on PostgreSQL, which cuts them from the stored row."""
    return () if connection.vendor == "postgresql" else ("body",)


def suggest(query: str) -> str | None:
    """A published headword close to ``query``, for "did you mean", or None."""
    folded = fold(capped_query(query))
    if not folded:
        return None
    if connection.vendor == "postgresql":
        return _suggest_postgresql(folded)
    return _suggest_sqlite(folded)


# PostgreSQL


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=CONFIG)


def _similar_names(editions: QuerySet, folded: str, threshold: float) -> QuerySet:
    """Editions with a name at least ``threshold`` alike to ``folded`` (trigram word
    similarity), the closest first."""
    return (
        editions.filter(_trigram_threshold(threshold), search_names__trigram_word_similar=folded)
        .annotate(similarity=TrigramWordSimilarity(folded, "search_names"))
        .order_by("-similarity", "sort_key", "id")
    )


def _trigram_threshold(threshold: float) -> RawSQL:
    """A condition, always true, that sets the threshold of ``%>`` for its own statement:
    the server default, 0.6, misses "Zinovyev" for Zinoviev. It refers to no row, so
    PostgreSQL evaluates it once, before the scan, as a one-time filter (an InitPlan); being
    transaction-local, the setting lasts for the statement alone in autocommit. Setting it
    for the session took a query of its own before each search."""
    return RawSQL(
        "(SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)) IS NOT NULL",
        [str(threshold)],
        output_field=BooleanField(),
    )


def _search_postgresql(editions: QuerySet, query: str) -> QuerySet:
    tsquery = _tsquery(query)
    matches = editions.filter(search_vector=tsquery)
    estimate = planner_estimate(matches)
    if estimate > TRUSTED_ESTIMATE:
        unranked = matches.annotate(rank=Value(0.0, output_field=FloatField()))
        return remember_count(unranked.order_by("sort_key", "id"), MatchCount(estimate, 0, True))
    # One count, up to the cap, decides the path (thin, ranked, unranked) and is the count
    # the page shows (``remember_count``): a probe for thinness and the page's own count
    # read the index twice.
    found = MatchCount(matches.order_by().values("pk")[: RANKING_CAP + 1].count(), RANKING_CAP + 1)
    if found.rows < THIN_RESULT:
        return _with_similar_names(editions, matches, query, tsquery, found=found)
    if found.rows > RANKING_CAP:
        unranked = matches.annotate(rank=Value(0.0, output_field=FloatField()))
        return remember_count(unranked.order_by("sort_key", "id"), found)
    ranked = matches.annotate(rank=SearchRank(F("search_vector"), tsquery))
    return remember_count(ranked.order_by("-rank", "sort_key", "id"), found)


class MatchCount(NamedTuple):
    """What a search learnt of how many rows it found: ``rows`` exactly when fewer than
    ``bound``, at least ``bound`` when as many; or PostgreSQL's estimate (``estimated``)."""

    rows: int
    bound: int
    estimated: bool = False


def remember_count(queryset: QuerySet, count: MatchCount) -> QuerySet:
    """``queryset`` with a note of its ``count``, for the page that shows it (``noted_count``,
    ``count_up_to``). The note stays on this queryset object only: a filter or an order
    makes a new queryset, which counts again."""
    queryset.match_count = count
    return queryset


def noted_count(queryset: QuerySet) -> MatchCount | None:
    """The count a search noted on ``queryset`` (``remember_count``), if any."""
    return getattr(queryset, "match_count", None)


def count_up_to(queryset: QuerySet, bound: int) -> int:
    """The rows of ``queryset``, counted up to ``bound``: from its note when that answers,
    else with one query reading at most ``bound`` ids."""
    noted = noted_count(queryset)
    counted = noted is not None and not noted.estimated
    if counted and (noted.rows < noted.bound or noted.bound >= bound):
        return min(noted.rows, bound)
    return queryset.order_by().values("pk")[:bound].count()


def _with_similar_names(editions, matches, query: str, tsquery, *, found: MatchCount):
    """Few full-text matches (``found``): add editions whose headword or alias is spelt
    nearly alike."""
    folded = fold(query)
    similar = _similar_names(editions, folded, NAME_THRESHOLD)
    close = list(similar.values_list("pk", flat=True)[:NAME_MATCHES])
    if not close:
        ranked = matches.annotate(rank=SearchRank(F("search_vector"), tsquery))
        if not found.rows:  # nothing to read: the page costs no query
            ranked = ranked.none()
        return remember_count(ranked.order_by("-rank", "sort_key", "id"), found)
    similarity = TrigramWordSimilarity(folded, "search_names") * Value(0.5)
    if not found.rows:  # only names spelt alike: they are the rows, and their count
        alike = editions.filter(pk__in=close).annotate(rank=similarity)
        return remember_count(
            alike.order_by("-rank", "sort_key", "id"), MatchCount(len(close), len(close) + 1)
        )
    found = editions.filter(Q(search_vector=tsquery) | Q(pk__in=close))
    rank = SearchRank(F("search_vector"), tsquery) + similarity
    return found.annotate(rank=rank).order_by("-rank", "sort_key", "id")


def planner_estimate(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the rows ``queryset`` returns, read without reading them;
    None on other databases."""
    database = connections[queryset.db]
    if database.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with database.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _headlines_postgresql(pks: list[int], query: str) -> dict[int, str]:
    """Snippets cut by ``ts_headline``, the dearest part of a results page: it parses and
    stems the whole body. It runs only for rows that hold the words; a row found by a name
    spelt alike holds none, and gets its first words as ``ts_headline`` would give them."""
    plain = Func(F("body"), function="headword_plain")
    headline = SearchHeadline(
        plain,
        _tsquery(query),
        config=CONFIG,
        start_sel=_MARK_START,
        stop_sel=_MARK_END,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_MIN_WORDS,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    snippet = Case(
        When(search_vector=_tsquery(query), then=headline),
        default=Left(plain, SNIPPET_MIN_WORDS * 40),
        output_field=TextField(),
    )
    rows = Edition.objects.filter(pk__in=pks).annotate(snippet=snippet)
    return {
        pk: text if _MARK_START in text else " ".join(text.split()[:SNIPPET_MIN_WORDS])
        for pk, text in rows.values_list("pk", "snippet")
    }


def _suggest_postgresql(folded: str) -> str | None:
    close = _similar_names(Edition.objects.current(), folded, SUGGESTION_THRESHOLD)
    return close.values_list("headword", flat=True).first()


# SQLite


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _sqlite_words(query: str) -> list[str]:
    return [_stem(word) for word in fold(query).split()]


def _search_sqlite(editions: QuerySet, query: str) -> QuerySet:
    words = _sqlite_words(query)
    found = editions
    for word in words:
        found = found.filter(Q(search_names__contains=word) | Q(search_text__contains=word))
    counted = found.order_by().values("pk")[: RANKING_CAP + 1].count()
    if not counted:
        found = editions.filter(pk__in=_close_name_matches(editions, fold(query).split()))
    rank = sum(
        (
            Case(
                When(sort_key__contains=word, then=Value(3.0)),
                When(search_names__contains=word, then=Value(2.0)),
                default=Value(1.0),
                output_field=FloatField(),
            )
            for word in words
        ),
        start=Value(0.0, output_field=FloatField()),
    )
    ranked = found.annotate(rank=rank).order_by("-rank", "sort_key", "id")
    return remember_count(ranked, MatchCount(counted, RANKING_CAP + 1)) if counted else ranked


def _name_words(editions: QuerySet) -> dict[str, set[int]]:
    owners: dict[str, set[int]] = {}
    for pk, names in editions.order_by().values_list("pk", "search_names").iterator():
        for word in names.split():
            owners.setdefault(word, set()).add(pk)
    return owners


def _close_name_matches(editions: QuerySet, words: list[str]) -> set[int]:
    owners = _name_words(editions)
    matched: set[int] | None = None
    for word in words:
        close = difflib.get_close_matches(word, owners, n=5, cutoff=0.75)
        pks = set().union(*(owners[name] for name in close))
        matched = pks if matched is None else matched & pks
    return matched or set()


def _suggest_sqlite(folded: str) -> str | None:
    headwords: dict[str, str] = {}
    for headword, names in Edition.objects.current().values_list("headword", "search_names"):
        for name in names.splitlines():
            headwords.setdefault(name, headword)
    close = difflib.get_close_matches(folded, headwords, n=1, cutoff=0.6)
    if not close:
        words = {word: name for name in headwords for word in name.split()}
        close = [words[w] for w in difflib.get_close_matches(folded, words, n=1, cutoff=0.7)]
    return headwords[close[0]] if close else None


def _folded_word(word: str) -> str:
    # Most words are plain ASCII: lower() is all the folding they need, and much cheaper.
    return word.lower() if word.isascii() else fold(word)


def _cut_snippet(body: str, stems: list[str]) -> str:
    words = plain_text(body).split()
    hit = [any(stem in _folded_word(word) for stem in stems) for word in words]
    first = hit.index(True) if True in hit else 0
    start = max(0, first - SNIPPET_WORDS // 3)
    end = start + SNIPPET_WORDS
    marked = [
        f"{_MARK_START}{word}{_MARK_END}" if matched else word
        for word, matched in zip(words[start:end], hit[start:end], strict=True)
    ]
    prefix = "… " if start else ""
    suffix = " …" if end < len(words) else ""
    return prefix + " ".join(marked) + suffix


def _marked_html(text: str) -> SafeString:
    escaped = html.escape(text or "", quote=False)
    # The markers are control characters, which escaping leaves alone and bodies never hold.
    return mark_safe(escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))
