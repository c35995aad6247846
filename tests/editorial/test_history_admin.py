"""The admin's history pages: list, compare, restore and recover, for each role."""

import pytest
from reversion.models import Version

from dictionary.models import Alias, Entry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(editor):
    entry = factories.make_entry(
        "Serge, Victor", user=editor, body="A revolutionary writer.", aliases=("Kibalchich",)
    )
    with factories.revising(entry, user=editor, comment="Called him a novelist"):
        entry.body = "A revolutionary novelist."
        entry.save()
        Alias.objects.filter(entry=entry).delete()
    return entry


def _revisions(entry):
    return [version.revision for version in Version.objects.get_for_object(entry).order_by("pk")]


def _url(name, *args):
    from django.urls import reverse

    return reverse(f"admin:dictionary_entry_{name}", args=args)


def _html(response):
    return response.content.decode()


# History list -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief"])
def test_each_role_sees_the_history(client, serge, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_url("history", serge.pk))
    assert response.status_code == 200
    page = _html(response)
    assert "Called him a novelist" in page and "Created" in page
    assert "editor" in page
    assert ("Restore this version" in page) is (role != "reviewer")


def test_anonymous_is_sent_to_log_in(client, serge):
    for url in [
        _url("history", serge.pk),
        _url("compare", serge.pk) + f"?from={_revisions(serge)[0].pk}",
        _url("restore", serge.pk, _revisions(serge)[0].pk),
        _url("recoverlist"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_history_shows_the_edition_published_from_a_revision(client, serge, editor, chief):
    factories.publish(serge, user=chief)
    client.force_login(editor)
    page = _html(client.get(_url("history", serge.pk)))
    assert "Edition 1" in page and "Published edition 1" in page
    assert "from=published&amp;to=current" in page


def test_history_is_paginated(client, serge, editor):
    for number in range(30):
        with factories.revising(serge, user=editor, comment=f"Change number {number}"):
            pass
    client.force_login(editor)
    first = _html(client.get(_url("history", serge.pk)))
    assert "Change number 29" in first and "Change number 0<" not in first
    older = _html(client.get(_url("history", serge.pk) + "?page=2"))
    assert "Change number 0" in older and "Created" in older


@pytest.mark.parametrize("revisions", [3, 30])
def test_history_query_count_does_not_grow(
    client, serge, editor, revisions, django_assert_max_num_queries
):
    for number in range(revisions):
        with factories.revising(serge, user=editor, comment=f"Change {number}"):
            pass
    client.force_login(editor)
    with django_assert_max_num_queries(10) as captured:
        assert client.get(_url("history", serge.pk)).status_code == 200
    # The stored JSON (~1 KB a version) is not read for a list.
    assert not any("serialized_data" in query["sql"] for query in captured.captured_queries)


# Compare --------------------------------------------------------------------------------------


def test_compare_two_revisions_shows_a_word_diff(client, serge, reviewer):
    first, second = _revisions(serge)
    client.force_login(reviewer)
    response = client.get(_url("compare", serge.pk) + f"?from={first.pk}&to={second.pk}")
    assert response.status_code == 200
    page = _html(response)
    assert "removed: </span>writer</del>" in page and "added: </span>novelist</ins>" in page
    assert "Kibalchich" in page and "Removed" in page
    assert "Restore revision" not in page  # reviewers may not restore


def test_compare_with_working_copy_and_published_edition(client, serge, editor, chief):
    factories.publish(serge, user=chief)
    serge.body = "A revolutionary poet."
    serge.save()
    client.force_login(editor)
    page = _html(client.get(_url("compare", serge.pk) + "?from=published&to=current"))
    assert "removed: </span>novelist</del>" in page and "added: </span>poet</ins>" in page
    assert "Published edition 1" in page and "Current working copy" in page


def test_compare_escapes_markup_in_the_body(client, serge, editor):
    serge.body = "Said <script>alert(1)</script> once."
    serge.save()
    client.force_login(editor)
    page = _html(client.get(_url("compare", serge.pk) + f"?from={_revisions(serge)[1].pk}"))
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=abc", "“from” must be a revision number"),
        ("?from=999999", "there is no revision 999999"),
        ("", "“from” must be a revision number"),
        ("?from=published", "this entry has no published edition"),
    ],
)
def test_compare_explains_a_wrong_parameter(client, serge, editor, query, message):
    client.force_login(editor)
    response = client.get(_url("compare", serge.pk) + query)
    assert response.status_code == 400
    assert message in _html(response)


def test_compare_refuses_a_revision_of_another_entry(client, serge, editor):
    other = factories.make_entry("Radek, Karl")
    client.force_login(editor)
    url = _url("compare", serge.pk) + f"?from={factories.latest_revision(other).pk}"
    response = client.get(url)
    assert response.status_code == 400 and "does not contain entry" in _html(response)


@pytest.mark.parametrize("revisions", [3, 30])
def test_compare_query_count_does_not_grow(
    client, serge, editor, revisions, django_assert_max_num_queries
):
    for number in range(revisions):
        with factories.revising(serge, user=editor, comment=f"Change {number}"):
            Alias.objects.create(entry=serge, name=f"Alias {number}")
    first, last = _revisions(serge)[0], _revisions(serge)[-1]
    client.force_login(editor)
    with django_assert_max_num_queries(14):
        url = _url("compare", serge.pk) + f"?from={first.pk}&to={last.pk}"
        assert client.get(url).status_code == 200


def test_old_reversion_revision_page_leads_to_compare(client, serge, editor):
    version = Version.objects.get_for_object(serge).last()
    client.force_login(editor)
    response = client.get(_url("revision", serge.pk, version.pk))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?from={version.revision_id}&to=current")


# Restore --------------------------------------------------------------------------------------


def test_editor_restores_a_version_after_confirming(client, serge, editor):
    first = _revisions(serge)[0]
    client.force_login(editor)
    confirm = client.get(_url("restore", serge.pk, first.pk))
    assert confirm.status_code == 200
    assert "added: </span>writer</ins>" in _html(confirm)
    response = client.post(
        _url("restore", serge.pk, first.pk),
        {"comment": "Back to the original", "lock_version": serge.lock_version},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("change", serge.pk)
    serge.refresh_from_db()
    assert serge.body == "A revolutionary writer."
    assert list(serge.aliases.values_list("name", flat=True)) == ["Kibalchich"]
    newest = factories.latest_revision(serge)
    assert newest.user == editor and newest.comment.endswith("Back to the original")


def test_restore_refuses_a_confirmation_made_before_another_change(client, serge, editor):
    first = _revisions(serge)[0]
    client.force_login(editor)
    stale = serge.lock_version
    Entry.objects.filter(pk=serge.pk).update(lock_version=stale + 1)
    response = client.post(_url("restore", serge.pk, first.pk), {"lock_version": stale})
    assert response.status_code == 302 and response["Location"].endswith("/restore/")
    assert Entry.objects.get(pk=serge.pk).body == "A revolutionary novelist."
    follow = client.get(response["Location"])
    assert "Someone changed this entry" in _html(follow)


@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewer_may_not_restore(client, serge, reviewer, method):
    client.force_login(reviewer)
    url = _url("restore", serge.pk, _revisions(serge)[0].pk)
    response = getattr(client, method)(url, {"lock_version": serge.lock_version})
    assert response.status_code == 403
    assert Entry.objects.get(pk=serge.pk).body == "A revolutionary novelist."


def test_chief_may_restore(client, serge, chief):
    client.force_login(chief)
    url = _url("restore", serge.pk, _revisions(serge)[0].pk)
    assert client.post(url, {"lock_version": serge.lock_version}).status_code == 302
    assert Entry.objects.get(pk=serge.pk).body == "A revolutionary writer."


# Recover --------------------------------------------------------------------------------------


def _deleted(entry):
    entry_id = entry.pk
    entry.delete()
    return Version.objects.get_deleted(Entry).get(object_id=str(entry_id))


def test_editor_recovers_a_deleted_entry_as_a_new_revision(client, serge, editor):
    version = _deleted(serge)
    client.force_login(editor)
    listing = _html(client.get(_url("recoverlist")))
    assert "Serge, Victor" in listing and _url("recover", version.pk) in listing
    confirm = client.get(_url("recover", version.pk))
    assert confirm.status_code == 200 and "novelist" in _html(confirm)
    response = client.post(_url("recover", version.pk))
    entry = Entry.objects.get(headword="Serge, Victor")
    assert response["Location"] == _url("change", entry.pk)
    assert entry.body == "A revolutionary novelist."
    newest = factories.latest_revision(entry)
    assert newest.user == editor and newest.comment.startswith("Recovered deleted entry")


def test_recovering_twice_is_refused_with_a_message(client, serge, editor):
    version = _deleted(serge)
    client.force_login(editor)
    client.post(_url("recover", version.pk))
    response = client.post(_url("recover", version.pk), follow=True)
    assert "has not been deleted" in _html(response)
    assert Entry.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewer_may_not_recover(client, serge, reviewer, method):
    version = _deleted(serge)
    client.force_login(reviewer)
    assert getattr(client, method)(_url("recover", version.pk)).status_code == 403
    assert not Entry.objects.exists()


def test_restore_page_refuses_a_revision_of_another_entry(client, serge, editor):
    other = factories.make_entry("Radek, Karl")
    client.force_login(editor)
    url = _url("restore", serge.pk, factories.latest_revision(other).pk)
    assert client.get(url).status_code == 404
    response = client.post(url, {"lock_version": serge.lock_version}, follow=True)
    assert "does not contain entry" in _html(response)
    assert Entry.objects.get(pk=serge.pk).body == "A revolutionary novelist."


# Compare: layouts, text, folding ---------------------------------------------------------------


@pytest.fixture
def long_serge(serge, editor):
    """Serge with a twelve-paragraph body, then one word of its sixth paragraph changed."""
    texts = [f"Paragraph {number} of the life, with *Book {number}*." for number in range(1, 13)]
    with factories.revising(serge, user=editor, comment="Long body"):
        serge.body = "\r\n\r\n".join(texts)
        serge.save()
    texts[5] = "Paragraph 6 of the work, with *Book 6*."
    with factories.revising(serge, user=editor, comment="One word"):
        serge.body = "\n\n".join(texts)
        serge.save()
    return serge


@pytest.mark.parametrize(
    ("query", "layout", "text"),
    [
        ("", "diff-inline", "diff-markup"),
        ("&diff=side", "diff-side", "diff-markup"),
        ("&diff=side&text=rendered", "diff-side", "diff-rendered"),
        ("&diff=inline&text=rendered", "diff-inline", "diff-rendered"),
    ],
)
def test_compare_in_each_layout_folds_the_unchanged_paragraphs(
    client, long_serge, editor, query, layout, text, django_assert_max_num_queries
):
    *_, long_body, one_word = _revisions(long_serge)
    client.force_login(editor)
    url = _url("compare", long_serge.pk) + f"?from={long_body.pk}&to={one_word.pk}{query}"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = _html(response)
    assert response.status_code == 200
    assert f'class="entry-diff {layout}"' in page and f"diff-body {text}" in page
    assert "removed: </span>life</del>" in page and "added: </span>work</ins>" in page
    # Paragraphs 5 and 7 around the change; 1–4 and 8–12 folded, the CRLF of the older
    # body no change.
    assert "4 unchanged paragraphs (1–4)" in page and "5 unchanged paragraphs (8–12)" in page
    assert page.count("<details") == 2
    assert "<strong>1</strong> word added" in page and "<strong>1</strong> word removed" in page
    if text == "diff-rendered":
        assert "<em>Book 6</em>" in page and "*Book 6*" not in page
    else:
        assert "*Book 6*" in page


def test_compare_links_to_the_other_layouts_keeping_the_versions(client, long_serge, editor):
    *_, long_body, one_word = _revisions(long_serge)
    client.force_login(editor)
    query = f"?from={long_body.pk}&to={one_word.pk}"
    page = _html(client.get(_url("compare", long_serge.pk) + query))
    assert (
        f'href="{_url("compare", long_serge.pk)}{query.replace("&", "&amp;")}&amp;diff=side"'
        in page
    )
    assert '<strong aria-current="page">Inline</strong>' in page
    assert "text=rendered" in page


def test_compare_names_a_layout_it_does_not_offer(client, long_serge, editor):
    *_, long_body, one_word = _revisions(long_serge)
    client.force_login(editor)
    url = _url("compare", long_serge.pk) + f"?from={long_body.pk}&to={one_word.pk}&diff=3d"
    page = _html(client.get(url))
    assert "Not a way to show differences: “diff=3d”" in page
    assert 'class="entry-diff diff-inline"' in page
