"""About this dictionary, and how to cite it."""

from django.shortcuts import render

from ..bylines import names_in_words
from ..publication import publication


def about(request):
    """The work's general editors, publisher, place, ISSN/ISBN and licence, and how to cite."""
    work = publication()
    context = {"work": work, "editors_in_words": names_in_words(work.editor_names)}
    return render(request, "dictionary/about.html", context)
