"""How the API writes editions, themes and works: plain serializers over frozen editions."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..exporting.published import public_body, public_references
from ..models import EntryType, ReferenceKind


def _absolute(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


class EntrySummarySerializer(serializers.Serializer):
    """A current edition as a list row."""

    slug = serializers.CharField()
    headword = serializers.CharField()
    dates = serializers.CharField(help_text="As printed, e.g. “1890–1947”.")
    entry_type = serializers.ChoiceField(choices=EntryType.choices)
    summary = serializers.CharField(help_text="Plain-text opening of the body.")
    edition = serializers.IntegerField(source="number", help_text="Current edition number.")
    published_at = serializers.DateTimeField(help_text="When the current edition was published.")
    url = serializers.SerializerMethodField(help_text="This entry in the API.")
    html_url = serializers.SerializerMethodField(help_text="This entry on the reader's site.")

    def get_url(self, edition) -> str:
        return _absolute(self.context["request"], "api:entry_detail", slug=edition.slug)

    def get_html_url(self, edition) -> str:
        return _absolute(self.context["request"], "dictionary:entry_detail", slug=edition.slug)


class SearchResultSerializer(EntrySummarySerializer):
    snippet = serializers.CharField(
        allow_null=True, help_text="Matching words in context, HTML with <mark>."
    )


class ThemeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    entries_url = serializers.SerializerMethodField(help_text="The theme's entries in the API.")

    def get_entries_url(self, theme) -> str:
        url = _absolute(self.context["request"], "api:entry_list")
        return f"{url}?theme={theme.slug}"


class CitationSerializer(serializers.Serializer):
    """A work cited as the edition froze it."""

    role = serializers.CharField(help_text="by-subject, further-reading or source.")
    locator = serializers.CharField(allow_blank=True, required=False)
    order = serializers.IntegerField(required=False)
    confirmed = serializers.BooleanField(required=False)
    work_id = serializers.IntegerField(allow_null=True, required=False)
    csl = serializers.DictField(help_text="The work as a CSL-JSON item.")


class ReferenceSerializer(serializers.Serializer):
    """A cross-reference as the edition froze it, with the published entry it leads to."""

    target = serializers.CharField(help_text="The headword as written.")
    label = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=ReferenceKind.choices)
    slug = serializers.CharField(
        allow_null=True, help_text="The target's slug, or null while it is not published."
    )


class BylineSerializer(serializers.Serializer):
    """A credit as the edition froze it."""

    slug = serializers.CharField(help_text="The contributor's page: /contributors/<slug>/.")
    name = serializers.DictField(help_text="The name as CSL-JSON name parts.")
    display = serializers.CharField()
    role = serializers.CharField(help_text="author, co-author, reviser or translator.")


class EditionSerializer(EntrySummarySerializer):
    """One edition with everything it froze."""

    is_current = serializers.BooleanField()
    byline = BylineSerializer(many=True, help_text="Who signed the edition, in order.")
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    body = serializers.SerializerMethodField(
        help_text="Body markup: paragraphs, *italics*, [[links]] to published entries."
    )
    aliases = serializers.ListField(child=serializers.CharField())
    themes = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True)
    references = serializers.SerializerMethodField()
    change_summary = serializers.CharField(allow_blank=True)
    first_published_at = serializers.DateTimeField()
    editions_url = serializers.SerializerMethodField()

    def get_themes(self, edition) -> list[dict[str, str]]:
        return [{"slug": theme.slug, "name": theme.name} for theme in edition.themes.all()]

    def get_body(self, edition) -> str:
        return public_body(edition.body, self.context["links"])

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, edition) -> list[dict]:
        return public_references(self.context["links"])

    def get_editions_url(self, edition) -> str:
        slug = self.context.get("current_slug", edition.slug)
        return _absolute(self.context["request"], "api:edition_list", slug=slug)


class EditionListItemSerializer(serializers.Serializer):
    edition = serializers.IntegerField(source="number")
    published_at = serializers.DateTimeField()
    change_summary = serializers.CharField(allow_blank=True)
    is_current = serializers.BooleanField()
    url = serializers.SerializerMethodField()

    def get_url(self, edition) -> str:
        slug = self.context["current_slug"]
        return _absolute(
            self.context["request"], "api:edition_detail", slug=slug, number=edition.number
        )


class WorkSerializer(serializers.Serializer):
    """A work as the current editions cite it, with the entries that cite it."""

    id = serializers.IntegerField()
    csl = serializers.DictField(help_text="The work as a CSL-JSON item.")
    cited_by = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs of the entries whose editions cite it."
    )


class PageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Results in all (see count_is_estimate).")
    count_is_estimate = serializers.BooleanField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    errors = serializers.ListField(child=serializers.CharField())


class EntryPageSerializer(PageSerializer):
    results = EntrySummarySerializer(many=True)


class SearchPageSerializer(PageSerializer):
    results = SearchResultSerializer(many=True)


class WorkPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    results = WorkSerializer(many=True)
