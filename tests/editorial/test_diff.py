"""Entry snapshots (working copy, revision, edition) and their word-level comparison."""

import json

import pytest
from reversion.models import Version

from dictionary.models import Alias, AliasKind, Citation, CrossReference
from dictionary.snapshots import EntrySnapshot
from editorial.diff import compare, word_diff
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge():
    return factories.make_serge()


def _changes(diff, name):
    return [change for change in diff.fields if change.name == name]


def test_compare_marks_changed_words_only(serge):
    old = EntrySnapshot.of_entry(serge)
    serge.body = "A revolutionary novelist. See [[Zinoviev, Grigori]]."
    serge.save()
    diff = compare(old, EntrySnapshot.of_entry(serge))
    [body] = diff.body.blocks
    assert body.kind == "changed" and diff.changed
    html = body.markup_inline
    assert '<del><span class="diff-marker visually-hidden">removed: </span>writer</del>' in html
    assert '<ins><span class="diff-marker visually-hidden">added: </span>novelist</ins>' in html
    assert "A revolutionary " in html and "revolutionary</" not in html
    # The body's new [[link]] is its inline cross-reference: shown once, in the body.
    assert diff.fields == []


def test_compare_against_nothing_shows_everything_added(serge):
    diff = compare(None, EntrySnapshot.of_entry(serge))
    assert diff.changed
    assert {change.kind for change in diff.fields} == {"added"}
    assert {"headword", "aliases", "citations", "cross_references"} <= {
        change.name for change in diff.fields
    }
    assert {block.kind for block in diff.body.blocks} == {"added"}


def test_compare_reports_alias_additions_removals_and_changes(serge):
    old = EntrySnapshot.of_entry(serge)
    Alias.objects.filter(name="Kibalchich, Victor").update(kind=AliasKind.BIRTH_NAME)
    Alias.objects.create(entry=serge, name="Kibalchich, V. L.")
    new = EntrySnapshot.of_entry(serge)
    changes = {(change.kind, change.html) for change in _changes(compare(old, new), "aliases")}
    kinds = sorted(kind for kind, _ in changes)
    assert kinds == ["added", "changed"]
    changed = next(html for kind, html in changes if kind == "changed")
    assert "Variant" in changed and "Birth" in changed and "<del>" in changed
    removed = compare(new, old)
    assert sorted(c.kind for c in _changes(removed, "aliases")) == ["changed", "removed"]


def test_compare_reports_citation_changes_at_word_level(serge):
    old = EntrySnapshot.of_entry(serge)
    Citation.objects.update(locator="pp. 1–25", confirmed=False)
    other = factories.make_work("Conquered City", year=1932)
    factories.cite(serge, other)
    changes = _changes(compare(old, EntrySnapshot.of_entry(serge)), "citations")
    assert [change.kind for change in changes] == ["changed", "added"]
    assert "25" in changes[0].html and "<del>" in changes[0].html
    assert "unconfirmed" in changes[0].html
    assert "Conquered City" in changes[1].html and changes[1].label == "Citation"


def test_compare_reports_cross_reference_changes(serge):
    old = EntrySnapshot.of_entry(serge)
    CrossReference.objects.filter(kind="see-also").delete()
    CrossReference.objects.create(source=serge, target_text="Radek, Karl", kind="see")
    changes = _changes(compare(old, EntrySnapshot.of_entry(serge)), "cross_references")
    assert [(change.kind, "Radek" in change.html) for change in changes] == [
        ("added", True),
        ("removed", False),
    ]
    assert "Trotsky, Leon" in changes[1].html


def test_compare_reports_theme_and_type_changes_with_labels(serge):
    old = EntrySnapshot.of_entry(serge)
    serge.entry_type = "organization"
    serge.save()
    serge.themes.clear()
    changes = {change.name: change for change in compare(old, EntrySnapshot.of_entry(serge)).fields}
    assert changes["themes"].kind == "removed" and "Anarchism" in changes["themes"].html
    assert "Person" in changes["entry_type"].html and "Organization" in changes["entry_type"].html


def test_diff_escapes_markup_typed_into_a_body(serge):
    old = EntrySnapshot.of_entry(serge)
    serge.body = "Harmless <script>alert('x')</script> text & more."
    serge.save()
    *_, body = compare(old, EntrySnapshot.of_entry(serge)).body.blocks  # the new paragraph
    for html in (body.markup_inline, body.markup_new, body.rendered_inline, body.rendered_new):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html and "&amp;" in html


def test_word_diff_keeps_paragraph_breaks():
    html = word_diff("One.\n\nTwo three.", "One.\n\nTwo four.")
    assert html.startswith("One.\n\nTwo ")
    assert "three" in html and "four" in html


def _edit_stored_entry(revision, entry_id, change):
    version = Version.objects.get(
        revision=revision, object_id=str(entry_id), content_type__model="entry"
    )
    data = json.loads(version.serialized_data)
    change(data[0]["fields"])
    version.serialized_data = json.dumps(data)
    version.save()


def test_old_version_without_a_field_and_with_an_unknown_one_still_shows(serge):
    revision = factories.latest_revision(serge)

    def as_before_a_migration(fields):
        del fields["dates"]  # a field a later migration added
        fields["nationality"] = "Belgian"  # a field a later migration removed

    _edit_stored_entry(revision, serge.pk, as_before_a_migration)
    snapshot = EntrySnapshot.of_revision(revision, serge.pk)
    assert snapshot.dates == "" and snapshot.removed_fields == {"nationality": "Belgian"}
    assert snapshot.headword == "Serge, Victor"
    changes = {
        change.name: change for change in compare(snapshot, EntrySnapshot.of_entry(serge)).fields
    }
    assert set(changes) == {"dates", "nationality"}
    assert changes["dates"].kind == "added" and "1890" in changes["dates"].html
    assert (
        changes["nationality"].kind == "removed" and changes["nationality"].label == "nationality"
    )


def test_word_diff_of_a_long_body_marks_only_the_changed_word():
    sentences = [f"Sentence number {number} says something." for number in range(3000)]
    old = " ".join(sentences)
    sentences[1500] = "Sentence number 1500 says nothing."
    html = word_diff(old, " ".join(sentences))
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
    assert "removed: </span>something</del>" in html and "added: </span>nothing</ins>" in html


def test_word_diff_shows_a_wholesale_rewrite_as_replaced():
    old = " ".join(f"old{number}" for number in range(5000))
    new = " ".join(f"new{number}" for number in range(5000))
    html = word_diff(old, new)
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
    assert html.endswith("new4999</ins>")


def test_a_work_s_authors_show_in_reading_order_with_their_particles():
    entry = factories.make_entry("Goethe, Johann Wolfgang von")
    first = factories.latest_revision(entry)
    beethoven = {"given": "Ludwig", "dropping-particle": "van", "family": "Beethoven"}
    work = factories.make_work("Egmont overture", year=1810, authors=[beethoven])
    with factories.revising(entry, comment="Cited"):
        factories.cite(entry, work)
    edition = factories.publish(entry)
    [added] = _changes(
        compare(
            EntrySnapshot.of_revision(first, entry.pk),
            EntrySnapshot.of_revision(edition.revision, entry.pk),
        ),
        "citations",
    )
    assert added.kind == "added" and "Egmont overture, 1810, by Ludwig van Beethoven;" in added.html
    # The edition reads the same work from its frozen CSL copy.
    assert EntrySnapshot.of_edition(edition).citations == (
        EntrySnapshot.of_revision(edition.revision, entry.pk).citations
    )
