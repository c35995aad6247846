"""Forms of the editorial workspace: the entry form's stale-save check and workflow actions."""

import re
from dataclasses import dataclass, replace

from django import forms
from django.core.exceptions import ValidationError

from dictionary.models import Citation, CrossReference, Edition, Entry, ReferenceKind, Work
from dictionary.services import entries_named
from dictionary.snapshots import EntrySnapshot
from dictionary.text import TEXT_VALIDATORS, fold, title_match_key

from .diff import compare
from .services.editing import StaleEntryError, check_entry_version

# "Title (1951)": a title with the year that tells two works of that title apart.
_TITLE_YEAR = re.compile(r"\s*\((\d{3,4})\)\s*$")
# The parts of a snapshot that the change form's inlines edit.
_INLINE_PARTS = ("aliases", "alias_kinds", "byline", "citations", "references")


class EntryAdminForm(forms.ModelForm):
    """The entry change form, carrying the lock version the editor loaded.

    A save whose loaded version is no longer the entry's is refused here, by the service's
    own check, and the other person's change it carries is shown compared with this one
    (``conflict``); ``save_entry`` checks again in its UPDATE.
    """

    loaded_lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Entry
        fields = ["headword", "slug", "entry_type", "dates", "themes", "body"]
        # Long entries are edited whole: a tall, full-width box, the markup help beside it.
        widgets = {"body": forms.Textarea(attrs={"rows": 28, "class": "entry-body-editor"})}
        help_texts = {
            "body": "Markup: a blank line starts a new paragraph; *Title* in italics; "
            "[[Zinoviev, Grigori]] links to an entry, [[Zinoviev, Grigori|Zinoviev]] with "
            "other words shown. Typed links become cross-references on save."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.saved_in_between = []
        # Theirs and yours side by side: on a refused POST, a link to switch would lose yours.
        self.conflict_display = DiffDisplay(mode="side")
        if self.instance.pk:
            self.fields["loaded_lock_version"].initial = self.instance.lock_version

    def clean_body(self) -> str:
        # Browsers send a textarea's line breaks as CRLF; stored as sent, an untouched
        # paragraph break would show in the diff as removed and added again.
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        try:
            check_entry_version(
                entry=self.instance, loaded_version=cleaned.get("loaded_lock_version")
            )
        except StaleEntryError as error:
            loaded = cleaned.get("loaded_lock_version")
            self.conflict = self._conflict_diff(error.theirs, cleaned, error.loaded(loaded))
            # Who saved in between, and when: the revisions after the version loaded.
            self.saved_in_between = error.saved_since(loaded)
            raise ValidationError(
                "Someone else saved this entry after you opened it, so your changes were not "
                "saved and nothing of theirs was overwritten. Their saved version and yours "
                "are compared below: copy what you need, then reload the entry and redo it.",
                code="stale",
            ) from error
        return cleaned

    def _conflict_diff(self, theirs: EntrySnapshot, cleaned: dict, loaded: EntrySnapshot | None):
        # The typed fields the snapshot holds (not the form's own, such as the lock version).
        typed = [name for name in self._meta.fields if name in cleaned and hasattr(theirs, name)]
        yours = {name: cleaned[name] for name in typed}
        # Aliases, byline, citations and cross-references are the inlines' rows, which this
        # form does not read: yours are compared as you loaded them, so that what was
        # changed in between shows (rows you changed yourself are not saved either).
        if loaded is not None:
            yours.update((name, getattr(loaded, name)) for name in _INLINE_PARTS)
        if "themes" in yours:
            yours["themes"] = tuple(sorted(theme.pk for theme in yours["themes"]))
        return compare(theirs, replace(theirs, **yours))


class CitationForm(forms.ModelForm):
    """A citation, its work chosen by the autocomplete or, where it cannot run (no
    JavaScript: its list is filled by script), by typing the work's title."""

    work_title = forms.CharField(
        label="or title",
        required=False,
        max_length=500,
        validators=TEXT_VALIDATORS,
        widget=forms.TextInput(attrs={"size": 18}),
        help_text="A recorded work’s title, where the list above cannot be used; "
        "“Title (1951)” picks one of two works of one title.",
    )

    class Meta:
        model = Citation
        fields = ["work", "role", "locator", "order", "confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].required = False  # a title may name it instead

    def clean(self):
        cleaned = super().clean()
        title = " ".join(cleaned.get("work_title", "").split())
        if title and not cleaned.get("work"):
            cleaned["work"] = _work_titled(title)
        if not cleaned.get("work") and "work" not in self.errors:
            self.add_error("work", "Choose the work cited, or type its title.")
        return cleaned


def _work_titled(title: str):
    """The one recorded work of this title ("Title (1951)": of that year too)."""
    year = _TITLE_YEAR.search(title)
    works = Work.objects.filter(title_key=title_match_key(title))
    if year and not works.exists():
        works = Work.objects.filter(
            title_key=title_match_key(title[: year.start()]), year=int(year.group(1))
        )
    found = list(works.order_by("year", "pk")[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            {"work_title": f"No work is recorded with the title “{title}”: add it under Works."}
        )
    years = ", ".join(str(work.year or "no year") for work in found)
    raise ValidationError(
        {
            "work_title": f"{len(found)} works have this title ({years}): add the year, "
            f"as in “{title} ({found[0].year})”."
        }
    )


class CrossReferenceForm(forms.ModelForm):
    """A "see" or "see also" reference, its target typed once.

    The name typed is looked up as the entry links in a body are ([[...]]): a headword, else
    another name of an entry; an entry's address (slug) picks one of two homonyms. Found,
    the reference points at the entry and keeps its headword; not found, it keeps the name
    as typed, listed among the wanted entries and linked once an entry takes that name. The
    headword kept is the published one, never one only a draft has. A
    row left as it was keeps its target: an older row typed under another spelling stays.
    """

    to = forms.CharField(
        label="To entry",
        max_length=255,
        validators=TEXT_VALIDATORS,
        help_text="The headword, another name or the address of the entry; a name no entry "
        "has yet is kept as a wanted entry.",
    )

    class Meta:
        model = CrossReference
        fields = ["kind", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Inline references come from the body's links, never from this form.
        self.fields["kind"].choices = [
            choice for choice in ReferenceKind.choices if choice[0] != ReferenceKind.INLINE
        ]
        if self.instance.pk:
            self.fields["to"].initial = self.instance.target_text

    def clean_to(self) -> str:
        name = " ".join(self.cleaned_data["to"].split())
        if self.instance.pk and name == self.instance.target_text:
            return name  # unchanged: its target stays what it was
        target = _entry_for(name)
        source = self.instance.source_id
        if target is not None and source is not None and target.pk == source:
            raise ValidationError("An entry cannot refer to itself.", code="self")
        self.instance.target = target
        self.instance.target_text = _known_name(target) if target else name
        return name


def _known_name(target: Entry) -> str:
    """The headword readers know the target by, its current edition's: a headword changed
    only in a draft must not reach another entry's page. An entry never published has only
    its working copy's."""
    published = Edition.objects.current().filter(entry=target).values_list("headword", flat=True)
    return published.first() or target.headword


def _entry_for(name: str) -> Entry | None:
    """The entry ``name`` picks (see CrossReferenceForm); None when no entry has it, and a
    ValidationError naming the addresses to choose from when two entries share it."""
    by_address = Entry.objects.filter(slug=name).first()
    if by_address is not None:
        return by_address
    key = fold(name)
    found = entries_named({key}).get(key)
    if found is not None:
        return Entry.objects.get(pk=found)
    homonyms = list(Entry.objects.filter(match_key=key).values_list("slug", flat=True))
    if len(homonyms) > 1:
        raise ValidationError(
            "%(count)s entries are headed “%(name)s”: type the address of the one you mean "
            "(%(slugs)s).",
            code="homonym",
            params={"count": len(homonyms), "name": name, "slugs": ", ".join(homonyms)},
        )
    return None


class CrossReferenceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """One reference of a kind to each target: the rows' pairs must differ (the database
        refuses a second one, which would otherwise surface as an error page)."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            if not form.cleaned_data.get("to"):
                continue
            pair = (fold(form.instance.target_text), form.cleaned_data.get("kind"))
            if pair in seen:
                form.add_error("to", "This entry already has this reference.")
            seen.add(pair)


class DiffDisplayForm(forms.Form):
    """How a reviewer reads a diff, from the page's query string (``?diff=side&text=rendered``):
    remembered by the links that carry it, nowhere else."""

    diff = forms.ChoiceField(
        choices=[("inline", "Inline"), ("side", "Side by side")], required=False
    )
    text = forms.ChoiceField(
        choices=[("markup", "Markup"), ("rendered", "As readers see it")], required=False
    )


@dataclass(frozen=True)
class DiffLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class DiffDisplay:
    """The chosen way of showing a diff, the links to the others, and what was refused."""

    mode: str = "inline"
    text: str = "markup"
    links: tuple = ()  # (what the choice is about, its DiffLinks)
    note: str = ""


def diff_display(request) -> DiffDisplay:
    """The display ``request`` asks for; a value not offered falls back to the default and
    is named in ``note``, so a mistyped link says what happened."""
    form = DiffDisplayForm(request.GET)
    form.is_valid()
    chosen = {name: form.cleaned_data.get(name) or "" for name in form.fields}
    refused = [f"“{name}={request.GET[name]}”" for name in form.errors]
    chosen = {name: value or form.fields[name].choices[0][0] for name, value in chosen.items()}
    links = tuple(
        (about, tuple(_diff_links(request, name, form.fields[name].choices, chosen[name])))
        for name, about in (("diff", "Layout"), ("text", "Text"))
    )
    note = ""
    if refused:
        note = f"Not a way to show differences: {', '.join(refused)}; shown the usual way."
    return DiffDisplay(mode=chosen["diff"], text=chosen["text"], links=links, note=note)


def _diff_links(request, name: str, choices, current: str):
    for value, label in choices:
        query = request.GET.copy()
        query[name] = value
        yield DiffLink(label, f"{request.path}?{query.urlencode()}", value == current)


class _StepForm(forms.Form):
    """A workflow step's form: it carries the workflow version the page was shown at, so
    that a step someone else took meanwhile is reported instead of compounded."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SubmitForm(_StepForm):
    message = forms.CharField(
        label="Message to the reviewers",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed and why.",
        validators=TEXT_VALIDATORS,
    )


class WithdrawForm(_StepForm):
    reason = forms.CharField(
        label="Reason (optional)", required=False, max_length=1000, validators=TEXT_VALIDATORS
    )


class DecisionForm(forms.Form):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"

    decision = forms.ChoiceField(
        label="Decision",
        choices=[(APPROVE, "Approve and publish"), (REQUEST_CHANGES, "Request changes")],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="Comments to the editors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when requesting changes. Internal: readers never see it.",
        validators=TEXT_VALIDATORS,
    )
    public_summary = forms.CharField(
        label="What changed, for readers",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown with the new edition in its history and in the feed. Prefilled "
        "from the submission message (used as it is if left empty): rewrite it for readers.",
        validators=TEXT_VALIDATORS,
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.REQUEST_CHANGES and not cleaned.get("comments", "").strip():
            self.add_error("comments", "Say what should change: the editor reads this.")
        return cleaned


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 4}), validators=TEXT_VALIDATORS
    )


class UnpublishForm(_StepForm):
    reason = forms.CharField(
        label="Reason for withdrawing",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=TEXT_VALIDATORS,
    )


class PublishNowForm(_StepForm):
    summary = forms.CharField(
        label="Change summary and why review is skipped",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=TEXT_VALIDATORS,
    )
