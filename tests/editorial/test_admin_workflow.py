"""The workflow in the admin: who may open what, the review screen, filters, tasks, preview."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dictionary.models import Edition, Entry
from editorial import services
from editorial.models import State
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def serge(db):
    entry = factories.make_entry("Serge, Victor", body="A revolutionary and writer.")
    factories.publish(entry)
    return Entry.objects.get(pk=entry.pk)


@pytest.fixture
def submitted(serge, editor):
    factories.revise(serge, user=editor, body="A revolutionary and novelist.")
    services.submit_for_review(entry=serge, user=editor, message="Novels.")
    return Entry.objects.get(pk=serge.pk)


def _as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(entry, suffix: str) -> str:
    return f"/admin/dictionary/entry/{entry.pk}/{suffix}"


# Who may open what -------------------------------------------------------------------------

PAGES = ["change/", "review/", "preview/", "submit/", "publish-now/", "unpublish/"]
ALLOWED = {
    "editor": {"change/", "review/", "preview/", "submit/"},
    "reviewer": {"change/", "review/", "preview/"},
    "chief": set(PAGES),
}


@pytest.mark.parametrize("role", ["editor", "reviewer", "chief"])
def test_each_role_opens_exactly_its_pages(role, request, serge):
    factories.revise(serge, user=factories.make_user(role="Editors"), body="Draft.")
    client = _as(request.getfixturevalue(role))
    for page in PAGES:
        expected = 200 if page in ALLOWED[role] else 403
        assert client.get(_url(serge, page)).status_code == expected, page
    people = client.get("/admin/auth/user/").status_code
    assert people == (200 if role == "chief" else 403)


def test_anonymous_is_sent_to_log_in_everywhere(serge):
    client = _as(None)
    for page in [*PAGES, "review/decide/", "review/comment/"]:
        response = client.get(_url(serge, page))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(_url(serge, "review/decide/"), {"decision": "approve"}).status_code == 302
    assert Edition.objects.count() == 1


def test_an_editor_posting_a_decision_is_forbidden(submitted):
    other = factories.make_user(role="Editors")
    data = {"decision": "approve", "comments": "", "expected_version": 1}
    assert _as(other).post(_url(submitted, "review/decide/"), data).status_code == 403
    assert services.get_workflow(submitted).state == State.IN_REVIEW


def test_decisions_are_post_only(submitted, reviewer):
    assert _as(reviewer).get(_url(submitted, "review/decide/")).status_code == 405


def test_only_superusers_make_superusers(chief):
    page = _as(chief).get(f"/admin/auth/user/{chief.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    root = factories.make_user("root", is_superuser=True)
    assert _as(chief).get(f"/admin/auth/user/{root.pk}/change/").status_code == 302


# The review screen and decisions ---------------------------------------------------------


def test_review_screen_shows_the_diff_thread_and_decision_form(
    submitted, reviewer, django_assert_max_num_queries
):
    client = _as(reviewer)
    client.get(_url(submitted, "review/"))  # content types and known abbreviations read once
    with django_assert_max_num_queries(22):
        page = client.get(_url(submitted, "review/")).content.decode()
    assert "published edition → submitted revision" in page
    assert "<del>" in page and "writer" in page and "<ins>" in page and "novelist" in page
    assert "Novels." in page  # the submission message in the thread
    assert 'name="decision"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("layout", ["inline", "side"])
@pytest.mark.parametrize("text", ["markup", "rendered"])
def test_review_screen_in_each_layout_shows_the_changed_paragraph_in_context(
    serge, editor, reviewer, layout, text, django_assert_max_num_queries
):
    texts = [f"Paragraph {number}: *Work {number}* was written." for number in range(1, 9)]
    factories.revise(serge, user=editor, body="\n\n".join(texts))
    factories.publish(serge)
    texts[3] = "Paragraph 4: *Work 4* was printed."
    factories.revise(serge, user=editor, body="\n\n".join(texts))
    services.submit_for_review(entry=serge, user=editor, message="Printed.")
    client, url = _as(reviewer), _url(serge, "review/") + f"?diff={layout}&text={text}"
    client.get(url)  # content types and known abbreviations read once
    with django_assert_max_num_queries(22):
        page = client.get(url).content.decode()
    assert f'class="entry-diff diff-{layout}"' in page and f"diff-body diff-{text}" in page
    assert "removed: </span>written</del>" in page and "added: </span>printed</ins>" in page
    assert "2 unchanged paragraphs (1–2)" in page and "3 unchanged paragraphs (6–8)" in page
    assert "<strong>1</strong> word added" in page
    if layout == "side":
        assert '<th scope="col">Published edition 2</th>' in page
        assert '<th scope="col">Submitted revision</th>' in page
    assert ("<em>Work 4</em>" in page) is (text == "rendered")
    assert 'name="decision"' in page  # the decision form stays below the diff


def test_the_decision_form_is_not_offered_to_editors(submitted):
    page = _as(factories.make_user(role="Editors")).get(_url(submitted, "review/"))
    assert 'name="decision"' not in page.content.decode()


def test_request_changes_then_approve_through_the_admin(submitted, editor, reviewer, client):
    reviewer_client = _as(reviewer)
    version = services.get_workflow(submitted).version
    data = {"decision": "request_changes", "comments": "Name them.", "expected_version": version}
    response = reviewer_client.post(_url(submitted, "review/decide/"), data, follow=True)
    assert "Changes requested" in response.content.decode()
    editor_client = _as(editor)
    editor_client.post(_url(submitted, "review/comment/"), {"body": "Named."})
    editor_client.post(_url(submitted, "submit/"), {"message": "Named them."})
    assert services.get_workflow(submitted).state == State.IN_REVIEW
    version = services.get_workflow(submitted).version
    data = {"decision": "approve", "comments": "Fine.", "expected_version": version}
    response = reviewer_client.post(_url(submitted, "review/decide/"), data, follow=True)
    assert "now published as edition 2" in response.content.decode()
    assert "novelist" in client.get("/entries/serge-victor/").content.decode()


def test_a_stale_decision_in_the_admin_says_so(submitted, reviewer):
    stale = services.get_workflow(submitted).version
    services.request_changes(entry=submitted, user=reviewer, comments="First.")
    data = {"decision": "approve", "comments": "", "expected_version": stale}
    page = _as(reviewer).post(_url(submitted, "review/decide/"), data, follow=True)
    assert "Someone else changed the workflow" in page.content.decode()
    assert Edition.objects.filter(entry=submitted).count() == 1


def test_self_approval_in_the_admin_is_refused_with_a_message(serge):
    both = factories.make_user("both", role="Reviewers")
    both.groups.add(*factories.make_user(role="Editors").groups.all())
    factories.revise(serge, user=both, body="Mine.")
    services.submit_for_review(entry=serge, user=both, message="Mine.")
    data = {"decision": "approve", "expected_version": services.get_workflow(serge).version}
    page = _as(both).post(_url(serge, "review/decide/"), data, follow=True).content.decode()
    assert "someone else must review it" in page
    assert services.get_workflow(serge).state == State.IN_REVIEW


def test_submit_page_refuses_the_wrong_state_clearly(serge, editor):
    page = _as(editor).post(_url(serge, "submit/"), {"message": "Nothing changed"})
    assert page.status_code == 200
    assert "Cannot submit for review" in page.content.decode()


def test_chief_publishes_without_review_and_withdraws(serge, chief, client):
    factories.revise(serge, user=chief, body="Corrected.")
    chief_client = _as(chief)
    chief_client.post(_url(serge, "publish-now/"), {"summary": "Urgent fix."})
    assert Edition.objects.current().get(entry=serge).without_review
    chief_client.post(_url(serge, "unpublish/"), {"reason": "Disputed."})
    assert client.get("/entries/serge-victor/").status_code == 410


# The change page, the list, the index ---------------------------------------------------


def test_change_page_offers_submit_and_preview(serge, editor):
    factories.revise(serge, user=editor, body="Draft.")
    page = _as(editor).get(_url(serge, "change/")).content.decode()
    assert _url(serge, "submit/") in page and _url(serge, "preview/") in page
    assert "Workflow state: <strong>Draft</strong>" in page


def test_changelist_shows_state_and_filters_tasks(
    serge, submitted, editor, reviewer, django_assert_max_num_queries
):
    draft = factories.make_entry("Radek, Karl", user=editor)
    changes = factories.make_entry("Zinoviev, Grigori", user=editor)
    services.submit_for_review(entry=changes, user=editor, message="New.")
    services.request_changes(entry=changes, user=reviewer, comments="Dates?")
    client = _as(reviewer)
    with django_assert_max_num_queries(12):
        page = client.get("/admin/dictionary/entry/").content.decode()
    assert "In review" in page and "Changes requested" in page
    assert _listed(client, "awaiting_my_review") == {"Serge, Victor"}
    assert _listed(client, "changes_requested") == {"Zinoviev, Grigori"}
    assert _listed(client, "unpublished_changes") == {
        "Serge, Victor",
        "Radek, Karl",
        "Zinoviev, Grigori",
    }
    assert draft.headword in page


def test_my_own_submission_is_not_awaiting_my_review(submitted, editor):
    editor.groups.add(*factories.make_user(role="Reviewers").groups.all())
    assert _listed(_as(editor), "awaiting_my_review") == set()


def test_awaiting_my_review_lists_what_i_may_approve(serge, editor, reviewer, chief):
    """As the approval service decides: not a change the reviewer wrote part of, but a
    chief's own submission, which a chief may approve (logged as without review)."""
    factories.revise(serge, user=editor, body="A revolutionary and novelist.")
    factories.revise(serge, user=reviewer, body="A revolutionary, novelist and poet.")
    services.submit_for_review(entry=serge, user=editor, message="Novels and poems.")
    radek = factories.make_published("Radek, Karl")
    factories.revise(radek, user=chief, body="A journalist.")
    services.submit_for_review(entry=radek, user=chief, message="Journalism.")
    other = factories.make_user("second-reviewer", role="Reviewers")
    assert _listed(_as(reviewer), "awaiting_my_review") == {"Radek, Karl"}
    assert _listed(_as(other), "awaiting_my_review") == {"Serge, Victor", "Radek, Karl"}
    assert _listed(_as(chief), "awaiting_my_review") == {"Serge, Victor", "Radek, Karl"}
    for user, listed in ((reviewer, {"Radek, Karl"}), (other, {"Serge, Victor", "Radek, Karl"})):
        for title in {"Serge, Victor", "Radek, Karl"}:
            entry = Entry.objects.get(headword=title)
            may = services.APPROVE in services.allowed_actions(workflow=entry.workflow, user=user)
            assert may == (title in listed)


def _listed(client, task: str) -> set[str]:
    response = client.get("/admin/dictionary/entry/", {"task": task})
    return {str(entry) for entry in response.context["cl"].result_list}


def test_admin_index_lists_each_persons_tasks(
    submitted, editor, reviewer, django_assert_max_num_queries
):
    client = _as(reviewer)
    client.get("/admin/")
    with django_assert_max_num_queries(10):
        page = client.get("/admin/").content.decode()
    assert "My pending tasks" in page and "Reviews awaiting me" in page
    assert _url(submitted, "review/") in page
    services.request_changes(entry=submitted, user=reviewer, comments="More.")
    factories.make_entry("Radek, Karl", user=editor)
    page = _as(editor).get("/admin/").content.decode()
    assert "My entries with changes requested" in page and "Serge, Victor" in page
    assert "My drafts" in page and "Radek, Karl" in page
    assert (
        "Nothing is waiting for you" in _as(factories.make_user()).get("/admin/").content.decode()
    )


# The preview ---------------------------------------------------------------------------


def test_preview_shows_the_working_copy_marked_and_leaves_nothing(serge, editor, client):
    factories.revise(serge, user=editor, body="A revolutionary and *novelist*.")
    editions = list(Edition.objects.values_list("pk", "is_current"))
    response = _as(editor).get(_url(serge, "preview/"))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "dictionary/entry_detail.html"
    assert response.context["preview"] is True
    # The reader's template marks the page itself: an announced banner styled by the site's
    # stylesheet, and a robots meta tag in the head.
    banner = '<p class="preview-banner" role="status">Preview — not published.'
    assert page.count(banner) == 1 and "style=" not in page.split(banner)[1][:200]
    assert "Readers see the last published edition until this is approved." in page
    head = page.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' in head
    assert "<em>novelist</em>" in page
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives
    assert response["X-Robots-Tag"] == "noindex"
    assert "Surrogate-Key" not in response
    assert list(Edition.objects.values_list("pk", "is_current")) == editions
    public = client.get("/entries/serge-victor/").content.decode()
    assert "novelist" not in public and "preview-banner" not in public
    assert 'name="robots"' not in public


def test_a_preview_writes_nothing_and_rolls_nothing_back(serge, editor):
    factories.revise(serge, user=editor, body="A revolutionary and *novelist*.")
    staff = _as(editor)
    with CaptureQueriesContext(connection) as queries:
        assert staff.get(_url(serge, "preview/")).status_code == 200
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE", "SAVEPOINT", "ROLLBACK"} & set(statements)


def test_a_preview_reads_a_fixed_number_of_queries_however_long_the_entry(editor):
    entry = factories.make_serge()
    with factories.revising(entry, user=editor, comment="Filled"):
        for number in range(6):
            factories.cite(entry, factories.make_work(), order=number + 1)
            factories.credit(entry, factories.make_contributor(), order=number)
    staff = _as(editor)
    staff.get(_url(entry, "preview/"))  # the session's own first reads
    with CaptureQueriesContext(connection) as queries:
        page = staff.get(_url(entry, "preview/")).content.decode()
    assert page.count('<li class="work">') == 7
    # The session, the user and their permissions, the entry, six for its snapshot, its last
    # edition, its links' targets, "referenced by", its themes: none per work or credit.
    assert len(queries) <= 16


def test_a_preview_leaves_the_cache_as_it_found_it(serge, editor, client):
    from django.core.cache import cache

    from dictionary.caching import publication_generation

    client.get("/entries/serge-victor/")  # the published page's parts are now cached
    factories.revise(serge, user=editor, body="A revolutionary and *novelist*.")
    generation = publication_generation()
    cached = dict(cache._cache)
    assert "<em>novelist</em>" in _as(editor).get(_url(serge, "preview/")).content.decode()
    # Nothing was announced as published (every cached page would go stale), nothing of the
    # draft was kept, and nothing cached was read over or replaced.
    assert publication_generation() == generation
    assert dict(cache._cache) == cached  # the local-memory cache the tests run with
    assert "novelist" not in client.get("/entries/serge-victor/").content.decode()


def test_preview_of_a_never_published_entry(editor, client):
    draft = factories.make_entry("Radek, Karl", body="Drafted text.", user=editor)
    page = _as(editor).get(_url(draft, "preview/")).content.decode()
    assert "Drafted text." in page and "Preview — not published" in page
    assert "Readers see nothing of this entry until it is published." in page
    assert "edition 1." in page  # what publishing it would make
    assert client.get("/entries/radek-karl/").status_code == 404
    assert not Edition.objects.exists()


def _article(page: str) -> str:
    """The entry itself, from its headword to its "Cite this entry" box, without the
    instants it was published at (a preview shows the moment it was asked for)."""
    article = page[page.index('<article class="entry"') : page.index('<section class="cite"')]
    return re.sub(r'datetime="[^"]*"', 'datetime=""', article)


def test_preview_shows_exactly_what_publishing_then_shows(editor, client):
    zinoviev = factories.make_published("Zinoviev, Grigori")
    factories.make_entry("Radek, Karl")  # not published: a reference to it is no link
    entry = factories.make_entry(
        "Serge, Victor",
        dates="1890–1947",
        body="Friend of [[Zinoviev, Grigori|Zinoviev]] and [[Radek, Karl]].",
        aliases=("Kibalchich, Victor",),
        user=editor,
    )
    factories.publish(entry)
    with factories.revising(entry, user=editor, comment="Filled"):
        entry.themes.add(factories.make_theme("Anarchism"))
        factories.credit(entry, factories.make_contributor("Walker", given="David"))
        factories.cite(entry, factories.make_work("Memoirs of a Revolutionary", year=1951))
    preview = _article(_as(editor).get(_url(entry, "preview/")).content.decode())
    for shown in [
        "Anarchism",
        "David Walker",
        "Kibalchich, Victor",
        "Memoirs of a Revolutionary",
        f'href="/entries/{zinoviev.slug}/">Zinoviev</a>',
        "edition 2.",
    ]:
        assert shown in preview, shown
    assert 'href="/entries/radek-karl/"' not in preview
    factories.publish(entry)
    assert _article(client.get("/entries/serge-victor/").content.decode()) == preview


# The changelist search ---------------------------------------------------------------------


def _searched(client, term: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/dictionary/entry/", {"q": term})
    assert response.status_code == 200
    # Each table searched on its own, by id: no JOIN with aliases, hence no DISTINCT.
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)
    return [entry.headword for entry in response.context["cl"].result_list]


def test_changelist_search_finds_by_headword_and_alias_once(editor, reviewer, chief):
    factories.make_entry("Serge, Victor", aliases=("Kibalchich, Victor", "Victor Serge"))
    factories.make_entry("Kibalchich, Nikolai")
    factories.make_entry("Radek, Karl", aliases=("Sobelsohn, Karl",))
    for user in (editor, reviewer, chief):
        client = _as(user)
        # "Victor" is in Serge's headword and in both his aliases: listed once all the same.
        assert _searched(client, "victor") == ["Serge, Victor"]
        assert _searched(client, "kibalchich") == ["Kibalchich, Nikolai", "Serge, Victor"]
        assert _searched(client, "sobelsohn") == ["Radek, Karl"]
        # Every word must match, each in the headword or an alias, as in Django's search.
        assert _searched(client, "kibalchich victor") == ["Serge, Victor"]
        assert _searched(client, '"karl radek"') == []
        assert _searched(client, "nobody") == []


def test_changelist_search_finds_words_in_the_body(editor):
    factories.make_entry("Serge, Victor", body="He wrote *Midnight in the Century*.")
    factories.make_entry("Radek, Karl", body="A journalist.")
    client = _as(editor)
    assert _searched(client, "midnight") == ["Serge, Victor"]
    assert _searched(client, "midnight journalist") == []


def test_changelist_search_finds_the_start_of_a_word_in_the_body(editor):
    factories.make_entry("Serge, Victor", body="A revolutionary and a novelist.")
    factories.make_entry("Radek, Karl", body="A journalist.")
    client = _as(editor)
    assert _searched(client, "revol") == ["Serge, Victor"]
    assert _searched(client, "REVOLUTIONARY novel") == ["Serge, Victor"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search: PostgreSQL")
def test_changelist_search_in_the_body_goes_by_words_on_postgresql(editor):
    """The body is searched through its full-text index: words, not letters. Words of a
    quoted phrase follow each other across a line break, which "contains" never matched;
    a piece from the middle of a word is no longer found in the body (headwords and aliases
    still match it)."""
    factories.make_entry("Serge, Victor", body="He met Karl\nRadek in Moscow.")
    factories.make_entry("Radek, Karl", body="A journalist.")
    client = _as(editor)
    assert _searched(client, '"karl radek"') == ["Serge, Victor"]
    assert _searched(client, "oscow") == []
    assert _searched(client, "adek") == ["Radek, Karl"]


def test_changelist_search_reads_tsquery_syntax_as_plain_text(editor):
    """What to_tsquery would read as operators (and, or, not, prefix, quotes, escapes) is
    only ever text: no error, and no word turned into "or" or "not"."""
    factories.make_entry("Serge, Victor", body="He wrote *Midnight in the Century*.")
    factories.make_entry("Radek, Karl", body="A journalist.")
    factories.make_entry("Lee & Roe", body="Printers.")
    client = _as(editor)
    assert _searched(client, "a & b | !c:* ' \\") == []
    assert _searched(client, '"midnight | journalist"') == []
    assert _searched(client, "'midnight' & \\journalist") == []
    assert _searched(client, "lee & roe") == ["Lee & Roe"]
    assert _searched(client, "&") == ["Lee & Roe"]
    if connection.vendor == "postgresql":  # where the body's words go through to_tsquery
        assert _searched(client, "!midnight") == ["Serge, Victor"]
        assert _searched(client, "midnight|journalist") == []
        assert _searched(client, "journalist:*") == ["Radek, Karl"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity: PostgreSQL")
def test_changelist_search_finds_a_misspelled_headword(editor):
    factories.make_entry("Zinoviev, Grigori")
    factories.make_entry("Radek, Karl")
    assert _searched(_as(editor), "zinovjev") == ["Zinoviev, Grigori"]


def test_changelist_search_needs_staff_permission(serge):
    response = Client().get("/admin/dictionary/entry/", {"q": "serge"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    outsider = factories.make_user("outsider")  # staff, but in no role
    assert _as(outsider).get("/admin/dictionary/entry/", {"q": "serge"}).status_code == 403


def test_who_may_not_comment_gets_no_comment_form_and_a_message(submitted):
    from django.contrib.auth.models import Permission

    reader = factories.make_user("archivist")
    reader.user_permissions.add(Permission.objects.get(codename="view_entry"))
    client = _as(reader)
    page = client.get(_url(submitted, "review/"))
    assert page.status_code == 200 and page.context["comment_form"] is None
    response = client.post(_url(submitted, "review/comment/"), {"body": "A note."}, follow=True)
    assert response.status_code == 200
    assert "You do not have permission to comment on reviews." in response.content.decode()
    assert not submitted.reviews.get().comments.filter(body="A note.").exists()


def test_a_change_page_address_that_is_not_an_id_is_not_an_error(editor):
    response = _as(editor).get("/admin/dictionary/entry/not-an-id/change/", follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()


def test_the_change_form_shows_the_dates_in_edtf_and_refuses_unreadable_dates(editor):
    entry = factories.make_entry("Holt, Bram", dates="1873–1941?")
    client = _as(editor)
    page = client.get(f"/admin/dictionary/entry/{entry.pk}/change/").content.decode()
    assert "1873/1941?" in page
    entry.dates = "Easter 1916–soon"
    with pytest.raises(ValidationError, match="not in a form Headword understands"):
        entry.clean()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
@pytest.mark.parametrize(
    ("table", "column", "index"),
    [
        ("dictionary_entry", "headword", "entry_headword_upper_trgm"),
        ("dictionary_alias", "name", "alias_name_upper_trgm"),
    ],
)
def test_each_word_of_the_changelist_search_has_a_trigram_index(table, column, index):
    """The search's "contains" on each column can be answered by an index, not a scan of
    every entry."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the planner's choice on few rows
        cursor.execute(f"EXPLAIN SELECT 1 FROM {table} WHERE UPPER({column}) LIKE '%%MIDNIGHT%%'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text index: PostgreSQL")
def test_the_changelist_search_in_the_body_has_a_full_text_index():
    """The body's words are looked up in the index of migration 0019, not by reading every
    body (3.6 s a search at 100,000 entries without an index)."""
    from editorial.admin import _entries_with_word_in_body

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the planner's choice on few rows
    plan = _entries_with_word_in_body("midnight").explain()
    assert "entry_body_simple_tsv" in plan
