"""The readers' bulk downloads: a page listing them, and the files themselves."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..exporting.bulk import FILES, available_downloads, downloads_directory


@require_safe
def download_list(request):
    """/downloads/: the files of all current editions, with their sizes and build date."""
    context = {"downloads": available_downloads()}
    return render(request, "dictionary/downloads.html", context)


@require_safe
def download_file(request, fmt):
    if fmt not in FILES:
        raise Http404("No such download.")
    name, content_type = FILES[fmt]
    path = downloads_directory() / name
    if not path.exists():
        raise Http404("This download has not been built yet.")
    response = FileResponse(path.open("rb"), content_type=content_type, as_attachment=True)
    response["Cache-Control"] = "public, max-age=3600"
    return response
