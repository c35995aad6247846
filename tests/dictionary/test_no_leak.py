"""Nothing unpublished reaches a reader: drafts, unpublished revisions, withdrawn entries."""

import pytest

from dictionary.models import CitationRole
from tests import factories

pytestmark = pytest.mark.django_db

SECRETS = (
    "zanzibarword",  # the draft's body
    "Secretdraft",  # the draft's headword
    "secretdraft",  # ... and its slug
    "Drafttheme",  # a theme only the draft carries
    "Draftbook",  # a work only the draft cites
    "wolfsecret",  # the unpublished revision's body
    "Secretalias",  # an alias added in the unpublished revision
    "secretalias",
    "Revisedbook",  # a work cited only by the unpublished revision
    "withdrawnword",  # the withdrawn entry's body
    "Withdrawnperson",  # the withdrawn entry's headword
    "withdrawnperson",
    "secretslug",  # the new slug the unpublished revision gives a published alias
    "Draftrenamed",  # the new name a draft gives a published theme (refused)
)


@pytest.fixture
def world():
    factories.make_roles()
    editor = factories.make_user("leak-editor", role="Editors")
    chief = factories.make_user("leak-chief", role="Editors-in-chief")

    draft = factories.make_entry(
        "Secretdraft, Person",
        dates="1900–1950",
        body="The zanzibarword text.",
        aliases=("Draftname",),
    )
    draft.themes.add(factories.make_theme("Drafttheme"))
    factories.cite(draft, factories.make_work("Draftbook"), role=CitationRole.SOURCE)

    revised = factories.make_published(
        "Revised, Person",
        dates="1900–1950",
        body="Public text.",
        aliases=("Publicalias",),
        themes=[factories.make_theme("Publictheme")],
    )
    with factories.revising(revised, user=editor):
        revised.body = "Public text. The wolfsecret addition, see [[Secretdraft, Person]]."
        revised.save()
        revised.aliases.create(name="Secretalias")
        revised.aliases.create(name="Koba")  # a name only the draft gives it
        published_alias = revised.aliases.get(name="Publicalias")
        published_alias.slug = "secretslug"
        published_alias.save()
        factories.cite(revised, factories.make_work("Revisedbook"))
    from editorial.services import record_edit, submit_for_review, unpublish

    record_edit(entry=revised, user=editor)
    submit_for_review(entry=revised, user=editor, message="Added a secret")

    withdrawn = factories.make_published(
        "Withdrawnperson, Anna", dates="1890–1940", body="The withdrawnword text."
    )
    unpublish(entry=withdrawn, user=chief, reason="Legal advice")

    public = factories.make_published(
        "Public, Entry",
        dates="1900–1950",
        body="Knew [[Secretdraft, Person|a colleague]] and [[Withdrawnperson, Anna|a friend]]; "
        "see [[Revised, Person]], [[Koba|the pseudonym]] and [[Publicalias|the alias]].",
    )
    factories.make_published(
        "Other, Entry", entry_type="concept", dates="1920", body="Met [[Koba|someone]] once."
    )
    return {"draft": draft, "revised": revised, "withdrawn": withdrawn, "public": public}


def public_urls() -> list[str]:
    lists = ["/", "/entries/", "/chronology/", "/feed/", "/sitemap.xml"]
    lists += ["/sitemap-entries.xml", "/sitemap-pages.xml", "/no-such-page/"]
    filters = [
        "letter=S", "letter=W", "letter=R", "type=person", "theme=drafttheme",
        "period_from=1900&period_to=1950", "century=20", "sort=date", "sort=revised",
    ]  # fmt: skip
    searches = [f"q={word}" for word in ("zanzibarword", "wolfsecret", "Secretalias")]
    searches += ["q=withdrawnword", "q=Secretdraft", "q=Draftname", "q=Withdrawnperson"]
    lists += [f"/entries/?{query}" for query in filters + searches]
    lists += [f"/chronology/?{query}" for query in filters[3:7]]
    entries = []
    for slug in ("revised-person", "public-entry", "secretdraft-person", "withdrawnperson-anna"):
        entries += [f"/entries/{slug}/", f"/entries/{slug}/editions/"]
        entries += [f"/entries/{slug}/editions/1/", f"/entries/{slug}/editions/2/"]
        entries += [f"/entries/{slug}/cite.{fmt}" for fmt in ("bib", "ris", "json")]
        entries += [f"/entries/{slug}/works-cited.{fmt}" for fmt in ("bib", "ris", "json")]
    aliases = ["/entries/secretalias/", "/entries/draftname/", "/entries/secretslug/"]
    aliases += ["/entries/publicalias/", "/entries/koba/"]
    return lists + entries + aliases + api_urls(filters, searches) + oai_urls()


def oai_urls() -> list[str]:
    """Every OAI-PMH verb; GetRecord for every entry id the fixture made, drafts included."""
    from dictionary.models import Entry

    urls = ["/oai/?verb=Identify", "/oai/?verb=ListSets", "/oai/?verb=ListMetadataFormats"]
    urls += [
        f"/oai/?verb={verb}&metadataPrefix=oai_dc" for verb in ("ListIdentifiers", "ListRecords")
    ]
    urls += ["/oai/?verb=ListRecords&metadataPrefix=oai_dc&set=drafttheme"]
    for pk in Entry.objects.values_list("pk", flat=True):
        urls += [f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:headword:entry/{pk}"]
    return urls


API_FORMATS = ("json", "csl", "tei")


def api_urls(filters: list[str], searches: list[str]) -> list[str]:
    """Every URL of the read API, with the reader list's filters and searches."""
    urls = ["/api/v1/entries/", "/api/v1/themes/", "/api/v1/works/", "/api/v1/works/?after=0"]
    urls += ["/api/v1/openapi.json", "/api/v1/docs/", "/api/v1/search/"]
    urls += [f"/api/v1/entries/?{query}" for query in filters + searches]
    urls += [f"/api/v1/search/?{query}" for query in searches]
    urls += [f"/api/v1/works/{number}/" for number in range(1, 8)]
    slugs = ("revised-person", "public-entry", "secretdraft-person", "withdrawnperson-anna")
    for slug in (*slugs, "secretalias", "draftname"):
        base = f"/api/v1/entries/{slug}/"
        urls += [f"{base}?format={fmt}" for fmt in API_FORMATS]
        urls += [f"{base}editions/", f"{base}editions/1/", f"{base}editions/2/"]
        urls += [f"{base}editions/1/?format={fmt}" for fmt in API_FORMATS]
    return urls


def without_echo(text: str, url: str) -> str:
    """The page minus what the reader typed: a 404 repeats the address, a search its words."""
    echoed = [url, url.split("?")[0]]
    path = url.removeprefix("/api/v1")
    if path.startswith("/entries/") and path.count("/") >= 3:
        slug = path.split("/")[2]
        echoed += [slug, slug.replace("-", " ")]
    if "q=" in url:
        echoed.append(url.split("q=")[1])
    for typed in echoed:
        text = text.replace(typed, "")
    return text


def test_no_public_url_shows_unpublished_text_or_links(client, world):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in {200, 301, 302, 400, 404, 410}, url
        body = b"".join(response) if response.streaming else response.content
        text = without_echo(body.decode(), url)
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked at {url}"


def test_searching_for_unpublished_words_finds_nothing(client, world):
    for word in ("zanzibarword", "wolfsecret", "Secretalias", "withdrawnword", "Draftname"):
        response = client.get(f"/entries/?q={word}")
        assert response.context["page"].count == 0, word
        assert response.context["page"].items == [], word


def test_unpublished_entries_answer_404_and_aliases_do_not_redirect(client, world):
    for slug in ("secretdraft-person", "secretalias", "draftname", "secretslug", "koba"):
        assert client.get(f"/entries/{slug}/").status_code == 404, slug


def test_a_published_alias_url_keeps_redirecting_while_a_draft_changes_its_slug(client, world):
    response = client.get("/entries/publicalias/")
    assert (response.status_code, response["Location"]) == (301, "/entries/revised-person/")


def test_a_link_through_a_name_only_a_draft_gives_its_target_is_plain_text(client, world):
    page = client.get("/entries/public-entry/").content.decode()
    assert '<span class="xref-unlinked">the pseudonym</span>' in page
    assert '<a class="xref" href="/entries/revised-person/">the alias</a>' in page
    # Nor does the target list it as referring to it ("Other" names it only as "Koba").
    response = client.get("/entries/revised-person/")
    referring = [edition.headword for edition in response.context["referenced_by"]]
    assert referring == ["Public, Entry"]


def test_the_draft_alias_and_slug_reach_readers_once_published(client, world):
    factories.publish(world["revised"])
    response = client.get("/entries/secretslug/")
    assert (response.status_code, response["Location"]) == (301, "/entries/revised-person/")
    assert client.get("/entries/publicalias/").status_code == 404
    page = client.get("/entries/public-entry/").content.decode()
    assert '<a class="xref" href="/entries/revised-person/">the pseudonym</a>' in page
    response = client.get("/entries/revised-person/")
    referring = [edition.headword for edition in response.context["referenced_by"]]
    assert referring == ["Other, Entry", "Public, Entry"]


def test_a_published_theme_cannot_be_renamed_past_review(admin_client, client, world):
    """Decided: a theme's name and slug are frozen once an edition carries it (Theme)."""
    from django.core.exceptions import ValidationError

    from dictionary.models import Theme

    theme = Theme.objects.get(name="Publictheme")
    theme.name = "Draftrenamed"
    with pytest.raises(ValidationError, match="its name is fixed"):
        theme.full_clean()
    url = f"/admin/dictionary/theme/{theme.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="name"' not in page and 'name="slug"' not in page  # read only
    admin_client.post(url, {"name": "Draftrenamed", "slug": "draftrenamed", "description": ""})
    assert Theme.objects.get(pk=theme.pk).name == "Publictheme"
    page = client.get("/entries/revised-person/").content.decode()
    assert "Publictheme" in page and "Draftrenamed" not in page
    draft_only = Theme.objects.get(name="Drafttheme")  # no edition carries it: no reader sees it
    draft_only.name = "Drafttheme renamed"
    draft_only.full_clean()


def test_a_withdrawn_entry_answers_410_with_the_date_and_none_of_its_text(client, world):
    for url in ("/entries/withdrawnperson-anna/", "/entries/withdrawnperson-anna/editions/1/"):
        response = client.get(url)
        assert response.status_code == 410, url
        page = response.content.decode()
        assert "was withdrawn on" in page
        assert "Withdrawnperson" not in page and "withdrawnword" not in page


def test_published_entry_shows_its_edition_not_the_working_copy(client, world):
    page = client.get("/entries/revised-person/").content.decode()
    assert "Public text." in page and "wolfsecret" not in page


def test_links_to_unpublished_entries_are_plain_text(client, world):
    page = client.get("/entries/public-entry/").content.decode()
    assert '<span class="xref-unlinked">a colleague</span>' in page
    assert '<span class="xref-unlinked">a friend</span>' in page
    assert '<a class="xref" href="/entries/revised-person/">Revised, Person</a>' in page


def test_counts_include_only_current_editions(client, world):
    assert "3 entries published" in client.get("/").content.decode()
    assert client.get("/entries/?type=person").context["page"].count == 2
    assert client.get("/chronology/").context["page"].count == 3
