"""The staff workspace: entries with their aliases, citations and cross-references."""

import re
from contextlib import contextmanager

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Func
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from reversion.admin import VersionAdmin

from dictionary.admin import change_comment
from dictionary.models import Alias, Citation, Credit, CrossReference, Entry
from editorial.autocomplete_admin import ChosenLabelsInline
from editorial.history_admin import HistoryAdminMixin
from editorial.linking_admin import LinkingAdminMixin
from editorial.quality.admin import QualityEntryAdminMixin
from editorial.records_admin import ReadOnlyAdmin

from . import services
from .forms import CitationForm, CrossReferenceForm, CrossReferenceFormSet, EntryAdminForm
from .models import Review, Transition
from .workflow_admin import TaskFilter, WorkflowAdminMixin

# One empty row under the aliases, citations and cross-references: without JavaScript (no
# "Add another" button) it is the way to add one. A row left blank is unchanged, so the
# formset ignores it; the stale-copy check runs on the entry form, before any row.
NEW_ROWS = 1


class AliasInline(admin.TabularInline):
    model = Alias
    extra = NEW_ROWS
    fields = ["name", "kind", "slug"]


class CreditInline(ChosenLabelsInline):
    model = Credit
    extra = 0
    fields = ["contributor", "role", "order"]
    autocomplete_fields = ["contributor"]
    verbose_name_plural = "byline (who wrote the entry, in order)"

    def get_queryset(self, request):
        # Each row shows its contributor's name (its title and the autocomplete's choice).
        return super().get_queryset(request).select_related("contributor")


class CitationInline(ChosenLabelsInline):
    model = Citation
    form = CitationForm
    extra = NEW_ROWS
    fields = ["work", "work_title", "role", "locator", "order", "confirmed"]
    autocomplete_fields = ["work"]

    def get_queryset(self, request):
        # Each row shows its work's title (its title and the autocomplete's choice).
        return super().get_queryset(request).select_related("work")


class CrossReferenceInline(admin.TabularInline):
    """ "See" and "see also" references: the target typed once (CrossReferenceForm), what it
    leads to shown beside it."""

    model = CrossReference
    form = CrossReferenceForm
    formset = CrossReferenceFormSet
    fk_name = "source"
    extra = NEW_ROWS
    fields = ["to", "links_to", "kind", "order"]
    readonly_fields = ["links_to"]

    def get_queryset(self, request):
        # Inline references come from the body; editing them here would type them twice.
        return super().get_queryset(request).exclude(kind="inline").select_related("target")

    @admin.display(description="leads to")
    def links_to(self, reference: CrossReference) -> str:
        if reference.target_id is None:
            return "a wanted entry (none has this name yet)" if reference.pk else "–"
        url = reverse("admin:dictionary_entry_change", args=[reference.target_id])
        return format_html('<a href="{}">{}</a>', url, reference.target)


def _search_words(search_term: str) -> list[str]:
    """The words of an admin search as Django splits them: "quoted phrases" stay whole."""
    words = []
    for bit in smart_split(search_term):
        if len(bit) > 1 and bit[0] in "\"'" and bit[-1] == bit[0]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


def _one_word(words: list[str]) -> bool:
    return len(words) == 1 and " " not in words[0]


class _SimpleBodyVector(Func):
    """``to_tsvector('simple', body)``, written exactly as the index of migration 0019 is:
    Django's SearchVector wraps the column in COALESCE, which that index would not answer."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


# What to_tsquery reads as syntax (operators, quotes, the escape, weights and prefixes).
_TSQUERY_SYNTAX = re.compile(r"['\\\x00&|!():*<>@\[\]]")


def _prefix_query(word: str) -> SearchQuery | None:
    """The word as a quoted tsquery whose every part is a prefix ("revol" finds
    "revolution"; "karl radek" finds them in that order); None if nothing is left of it.

    Everything to_tsquery reads as syntax becomes a space before the word is quoted, so what
    an editor types is only ever words, never operators.
    """
    text = " ".join(_TSQUERY_SYNTAX.sub(" ", word).split())
    if not text:
        return None
    return SearchQuery(f"'{text}':*", config="simple", search_type="raw")


def _entries_with_word_in_body(word: str):
    """Ids of the entries whose body holds the word: on PostgreSQL as the start of a word,
    through the full-text index on the body (migration 0019); elsewhere anywhere in it."""
    if connection.vendor != "postgresql":
        return Entry.objects.filter(body__icontains=word).order_by().values("pk")
    query = _prefix_query(word)
    if query is None:
        return Entry.objects.none().values("pk")
    vector = _SimpleBodyVector("body")
    return Entry.objects.alias(words=vector).filter(words=query).order_by().values("pk")


@admin.register(Entry)
class EntryAdmin(
    LinkingAdminMixin, QualityEntryAdminMixin, WorkflowAdminMixin, HistoryAdminMixin, VersionAdmin
):
    form = EntryAdminForm
    list_display = ["headword", "entry_type", "dates", "workflow_state", "updated_at"]
    list_filter = [TaskFilter, "workflow__state", "entry_type", "themes"]
    list_select_related = ["workflow"]
    search_fields = ["headword", "aliases__name"]
    prepopulated_fields = {}
    filter_horizontal = ["themes"]
    inlines = [CreditInline, AliasInline, CitationInline, CrossReferenceInline]
    readonly_fields = ["dates_edtf"]  # derived from the dates on save
    fieldsets = [
        (None, {"fields": ["headword", "slug", "entry_type", "dates", "dates_edtf", "themes"]}),
        ("Text", {"fields": ["body", "loaded_lock_version"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Django's search (every word in the headword, an alias or the body), without its
        JOIN; on PostgreSQL, headwords spelled alike when nothing matches.

        Joining aliases makes Django add DISTINCT and scan every entry; here each word is
        looked up in each table on its own (the trigram indexes on upper(headword) and
        upper(name) answer "contains" on PostgreSQL) and the entries are taken by id. In the
        body, PostgreSQL matches the start of a word: a trigram index there made every entry
        write several times slower (issue 14), a full-text one about half as much.
        """
        words = _search_words(search_term)
        found = queryset
        for word in words:
            by_headword = Entry.objects.filter(headword__icontains=word).order_by().values("pk")
            by_alias = Alias.objects.filter(name__icontains=word).order_by().values("entry_id")
            by_body = _entries_with_word_in_body(word)
            found = found.filter(pk__in=by_headword.union(by_alias, by_body))
        if _one_word(words) and connection.vendor == "postgresql" and not found.exists():
            # A misspelled name ("Zinovjev"): the trigram index on upper(headword).
            alike = Entry.objects.annotate(upper_headword=Upper("headword")).filter(
                upper_headword__trigram_similar=words[0].upper()
            )
            found = queryset.filter(pk__in=alike.order_by().values("pk"))
        return found, False

    def has_delete_permission(self, request, obj=None):
        # A published entry is withdrawn (unpublished), never deleted.
        if obj is not None and obj.editions.exists():
            return False
        return super().has_delete_permission(request, obj)

    @contextmanager
    def create_revision(self, request):
        # The services record the revision of a save (save_entry, create_entries): a frame
        # of django-reversion's own would record a second one beside it.
        yield

    def save_model(self, request, obj, form, change):
        """Nothing yet: the entry is written with its inlines, by one service call in
        ``save_related``."""

    def save_related(self, request, form, formsets, change):
        """Save the entry with its inlines and themes through the one service that writes
        it, new (``create_entry``) or changed (``save_entry``, which may refuse a stale copy
        with StaleEntryError: ``change_view`` shows it)."""
        written = []

        def write_related(entry):
            super(EntryAdmin, self).save_related(request, form, formsets, change)
            written.append(self.construct_change_message(request, form, formsets, not change))

        def comment() -> str:
            return change_comment(written[-1])

        if change:
            services.save_entry(
                entry=form.instance,
                user=request.user,
                comment=comment,
                loaded_version=form.cleaned_data.get("loaded_lock_version"),
                changes=write_related,
            )
        else:
            services.create_entry(
                entry=form.instance, user=request.user, comment=comment, changes=write_related
            )


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "entry", "from_state", "to_state", "actor", "without_review"]
    list_filter = ["to_state", "without_review"]
    list_select_related = ["entry", "actor"]
    search_fields = ["entry__headword", "message"]
    date_hierarchy = "created_at"


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["entry", "status", "submitted_by", "created_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["entry", "submitted_by"]
    search_fields = ["entry__headword"]


class PeopleAdmin(UserAdmin):
    """People are managed by superusers and editors-in-chief; only superusers make superusers."""

    def get_queryset(self, request):
        people = super().get_queryset(request)
        return people if request.user.is_superuser else people.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields


class RoleGroupAdmin(GroupAdmin):
    """The role groups, readable by editors-in-chief and changed by superusers alone: a group
    that anyone else could edit would let them grant any permission, their own included.
    ``setup_roles`` sets each role's permissions."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, PeopleAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
