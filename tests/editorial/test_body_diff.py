"""The body compared paragraph by paragraph: folding, context, word counts, both layouts,
markup and rendered; and the fields a diff never shows."""

import pytest

from dictionary.snapshots import EntrySnapshot
from editorial import body_diff
from editorial.body_diff import Fold, compare_bodies, paragraphs
from editorial.diff import compare
from tests import factories


def _body(count: int, changes: dict | None = None, newline: str = "\n") -> str:
    texts = [
        f"Paragraph {number} tells of *Book {number}* and more." for number in range(1, 1 + count)
    ]
    for number, text in (changes or {}).items():
        texts[number - 1] = text
    return (newline * 2).join(texts)


def _kinds(diff) -> list:
    return [
        (block.kind, block.count) if isinstance(block, Fold) else block.kind
        for block in diff.blocks
    ]


def test_one_change_in_a_long_body_shows_one_paragraph_of_context_each_side():
    diff = compare_bodies(_body(12), _body(12, {6: "Paragraph 6 tells of *Book 6* and less."}))
    assert _kinds(diff) == [("fold", 4), "same", "changed", "same", ("fold", 5)]
    fold = diff.blocks[0]
    assert (fold.first, fold.last) == (1, 4)
    assert [diff.blocks[1].number, diff.blocks[2].number, diff.blocks[3].number] == [5, 6, 7]


def test_a_single_unchanged_paragraph_between_changes_is_shown_not_folded():
    changes = {
        2: "Paragraph 2 tells of *Book 2* and less.",
        6: "Paragraph 6 tells of *Book 6* and less.",
    }
    diff = compare_bodies(_body(7), _body(7, changes))
    # 1 and 3 are context of 2; 5 and 7 of 6; 4 alone stays shown.
    assert _kinds(diff) == ["same", "changed", "same", "same", "same", "changed", "same"]


def test_two_hidden_paragraphs_between_changes_fold():
    changes = {
        2: "Paragraph 2 tells of *Book 2* and less.",
        7: "Paragraph 7 tells of *Book 7* and less.",
    }
    diff = compare_bodies(_body(8), _body(8, changes))
    assert _kinds(diff) == ["same", "changed", "same", ("fold", 2), "same", "changed", "same"]


def test_words_added_and_removed_are_counted():
    diff = compare_bodies(
        "One two three.\n\nFour five.", "One two three four.\n\nFour five.\n\nSix seven eight."
    )
    assert (diff.words_added, diff.words_removed) == (4, 0)
    diff = compare_bodies("Alpha beta gamma.\n\nDelta.", "Alpha gamma.")
    assert (diff.words_added, diff.words_removed) == (0, 2)


def test_crlf_and_lf_bodies_are_the_same():
    lf, crlf = _body(5), _body(5, newline="\r\n")
    assert paragraphs(lf) == paragraphs(crlf)
    diff = compare_bodies(crlf, lf)
    assert not diff.changed and (diff.words_added, diff.words_removed) == (0, 0)
    edited = compare_bodies(crlf, _body(5, {5: "Paragraph 5 tells of *Book 5* and less."}))
    assert [block.kind for block in edited.blocks if block.kind != "fold"] == ["same", "changed"]


def test_an_inserted_paragraph_is_added_and_its_neighbours_unchanged():
    old = _body(4)
    new = _body(4).replace("\n\nParagraph 3", "\n\nA new paragraph entirely.\n\nParagraph 3")
    diff = compare_bodies(old, new)
    assert _kinds(diff) == ["same", "same", "added", "same", "same"]
    added = diff.blocks[2]
    assert (added.old_number, added.new_number) == (None, 3)
    after = diff.blocks[3]
    assert (after.old_number, after.new_number, after.renumbered) == (3, 4, True)
    assert not diff.blocks[1].renumbered
    assert added.markup_old == "" and "added: </span>A new paragraph entirely.</ins>" in (
        added.markup_new
    )


def test_a_rewritten_paragraph_is_paired_with_its_new_form_and_an_unlike_one_removed():
    old = "Opening.\n\nSerge was born in Brussels in 1890.\n\nA paragraph about nothing alike."
    new = "Opening.\n\nSerge was born in Brussels, Belgium, in 1890."
    kinds = [
        (block.kind, block.old_number, block.new_number)
        for block in compare_bodies(old, new).blocks
    ]
    assert kinds == [("same", 1, 1), ("changed", 2, 2), ("removed", 3, None)]


def test_a_paragraph_moved_whole_is_a_move_not_words_removed_and_added():
    old = _body(6)
    texts = paragraphs(old)
    new = "\n\n".join([texts[1], texts[0], *texts[2:5], "A new closing paragraph.", texts[5]])
    diff = compare_bodies(old, new)
    moved = [block for block in diff.blocks if block.kind.startswith("moved")]
    assert [(block.kind, block.label) for block in moved] == [
        ("moved-here", "moved here from paragraph 2"),
        ("moved-away", "moved to paragraph 1"),
    ]
    assert all("<del>" not in block.markup_inline for block in moved)
    assert (diff.words_added, diff.words_removed) == (4, 0)  # the closing paragraph only


def test_both_layouts_mark_words_the_inline_one_both_ways():
    diff = compare_bodies("Serge wrote novels.", "Serge wrote poems.")
    [row] = diff.blocks
    assert "removed: </span>novels</del>" in row.markup_inline
    assert "added: </span>poems</ins>" in row.markup_inline
    assert "novels</del>" in row.markup_old and "<ins>" not in row.markup_old
    assert "poems</ins>" in row.markup_new and "<del>" not in row.markup_new


def test_the_rendered_view_shows_what_readers_see_with_the_changes_marked():
    diff = compare_bodies(
        "He wrote *Midnight in the Century*, see [[Trotsky, Leon|Trotsky]].",
        "He wrote *Conquered City*, see [[Trotsky, Leon|Trotsky]].",
    )
    [row] = diff.blocks
    inline = row.rendered_inline
    assert inline.startswith("<p>He wrote <em>") and "*" not in inline and "[[" not in inline
    assert "removed: </span>Midnight in the Century</del>" in inline
    assert "added: </span>Conquered City</ins></em>" in inline
    assert '<span class="xref-unlinked">Trotsky</span>' in inline
    assert (
        "<ins>" not in row.rendered_old and "Midnight in the Century</del></em>" in row.rendered_old
    )
    assert "<del>" not in row.rendered_new and "<em><ins>" in row.rendered_new


def test_a_change_is_one_run_not_word_by_word():
    [row] = compare_bodies("Read *Title 5* now.", "Read *Other title* now.").blocks
    assert row.markup_inline.count("<del>") == 1 and row.markup_inline.count("<ins>") == 1
    assert "removed: </span>Title 5</del>" in row.markup_inline


def test_the_rendered_view_is_sanitised_as_the_public_page_is():
    *_, row = compare_bodies(
        "Now and then, a text.",
        'Now <img src=x onerror=alert(1)> and <a href="javascript:x">then</a>, a text.',
    ).blocks
    for html in (row.rendered_inline, row.rendered_new):
        assert "<img" not in html and "<a " not in html and "&lt;img" in html


def test_an_unchanged_body_is_no_change():
    diff = compare_bodies(_body(3), _body(3))
    assert not diff.changed and [block.kind for block in diff.blocks] == ["same"] * 3


# Through compare(): the body apart, internal fields never shown ---------------------------


@pytest.mark.django_db
def test_compare_puts_the_body_apart_with_its_word_counts():
    entry = factories.make_entry("Serge, Victor", body=_body(8))
    old = EntrySnapshot.of_entry(entry)
    entry.body = _body(8, {4: "Paragraph 4 tells of *Book 4*, then more again."})
    entry.save()
    diff = compare(old, EntrySnapshot.of_entry(entry))
    assert diff.changed and diff.fields == []
    assert (diff.words_added, diff.words_removed) == (2, 1)  # +then, again; -and
    assert _kinds(diff.body) == [("fold", 2), "same", "changed", "same", ("fold", 3)]


@pytest.mark.django_db
def test_internal_fields_of_a_stored_version_never_show():
    entry = factories.make_entry("Serge, Victor", body="Text.")
    stored = EntrySnapshot.of_entry(entry)
    from dataclasses import replace

    bookkeeping = {"lock_version": 7, "loaded_lock_version": 6, "updated_at": "2026-01-01"}
    old = replace(stored, removed_fields={**bookkeeping, "nationality": "Belgian"})
    new = replace(stored, removed_fields={"lock_version": 8, "loaded_lock_version": 7})
    names = [change.name for change in compare(old, new).fields]
    assert names == ["nationality"]  # a content field a migration removed still shows


def test_a_rewrite_of_a_long_body_weighs_paragraphs_by_place(monkeypatch):
    """Four hundred paragraphs all rewritten: taken by place, not weighed pair by pair
    (160,000 weighings, which took seconds), each unlike its new form and so removed, the
    new one added. Counted, not timed: speed belongs to the bench."""
    weighed = []
    alike = body_diff._alike
    monkeypatch.setattr(body_diff, "_alike", lambda a, b: weighed.append(1) or alike(a, b))
    old = "\n\n".join(
        f"Paragraph {n} " + " ".join(f"w{n}x{k}" for k in range(100)) for n in range(400)
    )
    new = "\n\n".join(
        f"Paragraph {n} " + " ".join(f"v{n}y{k}" for k in range(100)) for n in range(400)
    )
    diff = compare_bodies(old, new)
    shown = [block.markup_inline + block.rendered_inline for block in diff.blocks]
    assert len(shown) == 800
    assert [block.kind for block in diff.blocks[:4]] == ["removed", "added"] * 2
    assert len(weighed) == 400  # one weighing a place
    # Every word of each paragraph, its "Paragraph n" too: the paragraph went whole.
    assert diff.words_removed == 400 * 102 and diff.words_added == 400 * 102
