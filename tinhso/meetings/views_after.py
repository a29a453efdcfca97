"""After the session: the minutes (drafted, edited, signed twice), publishing to the
archive, follow-up tasks; and search inside a meeting's documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.core.acting import acted
from tinhso.core.paging import CappedPaginator
from tinhso.core.signing import verify_pdf
from tinhso.core.text import fold
from tinhso.meetings import archive, followup, minutes, permissions
from tinhso.meetings.choices import DocumentState, MinutesState
from tinhso.meetings.forms import (
    MinutesForm,
    PublishForm,
    SearchForm,
    SignForm,
    TaskDoneForm,
    TaskForm,
)
from tinhso.meetings.models import Meeting, Minutes
from tinhso.meetings.views import meeting_of

MAX_HITS = 50


def _minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes", args=[meeting.pk])


def _minutes_of(meeting: Meeting) -> Minutes:
    found = Minutes.objects.filter(meeting=meeting).first()
    if found is None:
        raise Http404
    return found


@login_required
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    found = Minutes.objects.filter(meeting=meeting).first()
    user: Any = request.user
    writer = user.pk == meeting.secretary_id or permissions.can_organise(user, meeting)
    checks = None
    if found is not None and found.pdf:
        with found.pdf.open("rb") as handle:
            checks = verify_pdf(handle.read())
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "minutes": found,
            "writer": writer,
            "form": MinutesForm(initial={"text": found.text if found else ""}),
            "sign_form": SignForm(),
            "my_turn": found is not None
            and (
                (found.state == MinutesState.DRAFT and user.pk == meeting.secretary_id)
                or (found.state == MinutesState.SECRETARY_SIGNED and user.pk == meeting.chair_id)
            ),
            "checks": checks,
        },
    )


@require_POST
@login_required
def start_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    return acted(
        request,
        _minutes_url(meeting),
        forms.Form({}),
        lambda _d: minutes.do_start_minutes(meeting, acting_user=request.user),
        _("Đã lập dự thảo biên bản từ diễn biến cuộc họp."),
    )


@require_POST
@login_required
def edit_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    found = _minutes_of(meeting)
    return acted(
        request,
        _minutes_url(meeting),
        MinutesForm(request.POST),
        lambda d: minutes.do_edit_minutes(found, text=d["text"], acting_user=request.user),
        _("Đã lưu biên bản."),
    )


@require_POST
@login_required
def sign_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    found = _minutes_of(meeting)
    return acted(
        request,
        _minutes_url(meeting),
        SignForm(request.POST),
        lambda d: minutes.do_sign_minutes(found, code=d["code"], acting_user=request.user),
        _("Đã ký biên bản."),
    )


@login_required
def minutes_file(request: HttpRequest, pk: int) -> FileResponse:
    meeting = meeting_of(request, pk)
    found = _minutes_of(meeting)
    if not found.pdf:
        raise Http404
    response = FileResponse(
        found.pdf.open("rb"), content_type="application/pdf", filename="bien-ban.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    return acted(
        request,
        reverse("meetings:meeting", args=[meeting.pk]) + "#after",
        PublishForm(request.POST, meeting=meeting),
        lambda d: archive.do_publish(meeting, acting_user=request.user, **d),
        _("Đã công bố lên trang văn bản của HĐND, UBND."),
    )


@require_POST
@login_required
def assign_task(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    return acted(
        request,
        reverse("meetings:meeting", args=[meeting.pk]) + "#after",
        TaskForm(request.POST),
        lambda d: followup.do_assign_task(meeting, acting_user=request.user, **d),
        _("Đã giao nhiệm vụ."),
    )


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """Tasks from meetings, for the units that carry them out and the leaders who gave
    them: overdue first, then by deadline."""
    mine = followup.tasks_for(request.user).select_related("meeting", "unit")
    page = CappedPaginator(mine.order_by("state", "due", "id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/tasks.html",
        {
            "page": page,
            "overdue": followup.overdue(mine).count(),
            "form": TaskDoneForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def finish_task(request: HttpRequest) -> HttpResponse:
    def act(data: dict[str, Any]) -> object:
        task = followup.tasks_for(request.user).filter(pk=data["task"]).first()
        if task is None:
            raise Http404
        return followup.do_finish_task(task, report=data["report"], acting_user=request.user)

    return acted(
        request, reverse("meetings:tasks"), TaskDoneForm(request.POST), act, _("Đã báo cáo.")
    )


@login_required
def search(request: HttpRequest, pk: int) -> HttpResponse:
    """Words in the meeting's documents (current versions), with the pages they are on."""
    meeting = meeting_of(request, pk)
    form = SearchForm(request.GET or None)
    hits: list[tuple[Any, list[int]]] = []
    words: list[str] = []
    if form.is_valid():
        words = fold(form.cleaned_data["q"] or "").split()[:10]
    if words:
        found = meeting.documents.filter(
            superseded_by__isnull=True, state=DocumentState.READY
        ).only("pk", "title", "folded_pages", "pages", "item_id")
        for word in words:
            found = found.filter(folded__contains=word)
        for document in found[:MAX_HITS]:
            pages = [
                n
                for n, text in enumerate(document.folded_pages, start=1)
                if all(w in text for w in words)
            ]
            hits.append((document, pages))
    return render(
        request,
        "meetings/search.html",
        {"meeting": meeting, "form": form, "hits": hits, "searched": bool(words)},
    )
