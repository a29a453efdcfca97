"""The public archive (/nghi-quyet/): published resolutions, conclusions and minutes,
read without signing in."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tinhso.core.paging import CappedPaginator
from tinhso.meetings import archive
from tinhso.meetings.forms import ArchiveForm
from tinhso.meetings.models import Publication

PAGE = 20


def archive_list(request: HttpRequest) -> HttpResponse:
    form = ArchiveForm(request.GET or None)
    found = archive.search()
    if form.is_valid():
        data = form.cleaned_data
        found = archive.search(
            words=data["q"] or "",
            term=data["term"] or "",
            session=data["session"],
            kind=data["kind"] or "",
            number=data["number"] or "",
            since=data["since"],
            until=data["until"],
        )
    page = CappedPaginator(found, PAGE).get_page(request.GET.get("page"))
    return render(request, "meetings/archive.html", {"form": form, "page": page})


def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.select_related("meeting__body"), pk=pk)
    return render(request, "meetings/archive_detail.html", {"publication": publication})


def archive_file(request: HttpRequest, pk: int) -> FileResponse:
    publication = get_object_or_404(Publication, pk=pk)
    name = publication.number.replace("/", "-")
    return FileResponse(
        publication.file.open("rb"), content_type="application/pdf", filename=f"{name}.pdf"
    )
