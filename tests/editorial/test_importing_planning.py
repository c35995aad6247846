"""The import plan: each file's action and publication, decided before anything is written."""

from dictionary.seed_format import parse_seed_document
from editorial.importing.planning import (
    AFTER_ALIAS,
    ALIAS,
    CONFLICT,
    CREATE,
    DRAFT,
    NOW,
    UNCHANGED,
    UPDATE,
    Known,
    ReadFile,
    plan_import,
)


def _file(name: str, headword: str, body: str, digest: str | None = None) -> ReadFile:
    raw = f"- {headword}\n- {body}\n".encode()
    return ReadFile(name, name, digest or name, parse_seed_document(raw, name=name))


def _plan(*files, known=None, as_drafts=False, force=False):
    steps = plan_import(list(files), known=known or Known(), as_drafts=as_drafts, force=force)
    return [(step.item.name, step.action, step.publication, step.entry) for step in steps]


def test_a_new_file_creates_an_entry_published_now_or_as_a_draft():
    serge = _file("serge.txt", "Serge, Victor", "A writer.")
    assert _plan(serge) == [("serge.txt", CREATE, NOW, None)]
    assert _plan(serge, as_drafts=True) == [("serge.txt", CREATE, DRAFT, None)]


def test_a_file_of_an_existing_entry_updates_it_unless_unchanged_or_edited_since():
    serge = _file("serge.txt", "Serge, Victor", "A writer.", digest="new")
    known = Known(
        by_file={"serge.txt": 7}, keyed={"serge victor": {7: ""}}, digests={7: "old"},
        last_import={7: "serge.txt"},
    )  # fmt: skip
    assert _plan(serge, known=known) == [("serge.txt", UPDATE, NOW, 7)]
    known.digests[7] = "new"
    assert _plan(serge, known=known) == [("serge.txt", UNCHANGED, None, 7)]
    known.digests[7], known.last_import = "old", {}  # edited since its import
    assert _plan(serge, known=known) == [("serge.txt", CONFLICT, None, 7)]
    assert _plan(serge, known=known, force=True) == [("serge.txt", UPDATE, NOW, 7)]


def test_a_second_new_file_with_the_same_headword_conflicts_with_the_first():
    first = _file("a.txt", "Serge, Victor", "A writer.")
    second = _file("b.txt", "Serge, Victor", "A novelist.")
    assert _plan(first, second) == [
        ("a.txt", CREATE, NOW, None),
        ("b.txt", CONFLICT, None, "a.txt"),
    ]
    assert _plan(first, second, force=True)[1] == ("b.txt", UPDATE, NOW, "a.txt")


def test_an_entry_a_see_document_names_is_published_after_its_alias():
    see = _file("k.txt", "Kibalchich, Victor", "See Serge, Victor.")
    serge = _file("serge.txt", "Serge, Victor", "A writer.")
    assert _plan(see, serge) == [
        ("serge.txt", CREATE, AFTER_ALIAS, None),
        ("k.txt", ALIAS, NOW, "serge.txt"),
    ]
    assert _plan(see, serge, as_drafts=True)[1] == ("k.txt", ALIAS, DRAFT, "serge.txt")


def test_see_documents_of_unknown_targets_or_known_aliases():
    see = _file("k.txt", "Kibalchich, Victor", "See Serge, Victor.")
    assert _plan(see) == [("k.txt", ALIAS, None, None)]  # fails when carried out
    known = Known(keyed={"serge victor": {7: ""}}, alias_pairs={(7, "kibalchich victor")})
    assert _plan(see, known=known) == [("k.txt", UNCHANGED, None, 7)]
    known.alias_pairs.clear()
    assert _plan(see, known=known) == [("k.txt", ALIAS, DRAFT, 7)]  # not published by the run
