"""The reader's site: every read goes through Edition.objects.current()."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import ListView

from .markup import render_body
from .models import Alias, Edition
from .text import fold


class EditionListView(ListView):
    template_name = "dictionary/entry_list.html"
    context_object_name = "editions"
    paginate_by = 50

    def get_queryset(self):
        return (
            Edition.objects.current()
            .only("headword", "slug", "dates", "entry_type", "summary", "number")
            .order_by("sort_key")
        )


def _link_resolver(edition: Edition):
    keys = {ref.target_key for ref in edition.references.all()}
    published = dict(
        Edition.objects.current()
        .filter(entry__match_key__in=keys)
        .values_list("entry__match_key", "slug")
    )
    aliased = Alias.objects.filter(
        match_key__in=keys - published.keys(), entry__editions__is_current=True
    )
    for alias in aliased.select_related("entry"):
        published.setdefault(alias.match_key, alias.entry.slug)

    def link_for(target: str):
        slug = published.get(fold(target))
        return reverse("dictionary:entry_detail", kwargs={"slug": slug}) if slug else None

    return link_for


def _render(request, edition: Edition, *, superseded: bool):
    context = {
        "edition": edition,
        "superseded": superseded,
        "body_html": render_body(edition.body, link_for=_link_resolver(edition)),
    }
    return render(request, "dictionary/entry_detail.html", context)


def entry_detail(request, slug):
    edition = Edition.objects.current().filter(slug=slug).first()
    if edition is None:
        alias = Alias.objects.filter(slug=slug, entry__editions__is_current=True).first()
        if alias is None:
            return render(request, "dictionary/not_found.html", {"slug": slug}, status=404)
        return redirect(alias.entry.get_absolute_url(), permanent=True)
    return _render(request, edition, superseded=False)


def edition_detail(request, slug, number):
    edition = get_object_or_404(Edition, slug=slug, number=number, entry__editions__is_current=True)
    return _render(request, edition, superseded=not edition.is_current)
