"""The meeting's pages: the organiser's set-up, the invited person's programme, the
document reader for the tablet, the QR code's landing (thin: rules in actions.py and
permissions.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.core.acting import acted
from tinhso.core.errors import ActionError
from tinhso.core.throttle import upload_limited
from tinhso.meetings import actions, live, pages, permissions
from tinhso.meetings.choices import DocumentState
from tinhso.meetings.forms import (
    CheckInForm,
    DocumentForm,
    InviteForm,
    ItemForm,
    MeetingForm,
    NoteForm,
    PublishForm,
    ReplyForm,
    SearchForm,
    TaskForm,
    VoteForm,
)
from tinhso.meetings.models import Meeting, MeetingDocument, Minutes, Participant


def meeting_of(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, for one who may see it; a 404 for anyone else."""
    meeting = get_object_or_404(Meeting.objects.select_related("body", "chair", "secretary"), pk=pk)
    if not permissions.can_view(request.user, meeting):
        raise Http404
    return meeting


def _organised(request: HttpRequest, pk: int) -> Meeting:
    meeting = meeting_of(request, pk)
    if not permissions.can_organise(request.user, meeting):
        raise Http404
    return meeting


def _url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


def qr_svg(code: str) -> str:
    """The QR code of a meeting or a document: its landing page's full address."""
    address = settings.SITE_URL + reverse("meetings:landing", args=[code])
    return str(segno.make(address, error="m").svg_inline(scale=4, border=2))


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    # A meeting stays "upcoming" until half a day after it began.
    now = timezone.now() - dt.timedelta(hours=12)
    meetings = permissions.visible_meetings(request.user).select_related("body")
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:50],
            "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:20],
            "can_organise": permissions.organising_units(request.user).exists(),
        },
    )


@login_required
def new_meeting(request: HttpRequest) -> HttpResponse:
    units = permissions.organising_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, units=units, people=permissions.people_of(units))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.do_create_meeting(acting_user=request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(_url(meeting))
    return render(request, "meetings/new.html", {"form": form})


def _invite_form(meeting: Meeting, data: Any = None) -> InviteForm:
    units = type(meeting.body).objects.filter(pk=meeting.body.pk)
    return InviteForm(data, people=permissions.people_of(units))


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    user: Any = request.user
    me = meeting.participants.filter(user=user).first()
    organiser = permissions.can_organise(request.user, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "items": _with_times(meeting),
        "loose": meeting.documents.filter(item__isnull=True),
        "me": me,
        "reply_form": ReplyForm(initial={"reply": me.reply}) if me else None,
        "organiser": organiser,
        "qr": qr_svg(meeting.code),
    }
    if organiser:
        context.update(
            participants=meeting.participants.select_related("user"),
            item_form=ItemForm(),
            document_form=DocumentForm(meeting=meeting),
            invite_form=_invite_form(meeting),
        )
    context.update(_room_and_after(request, meeting, organiser))
    return render(request, "meetings/meeting.html", context)


def _with_times(meeting: Meeting) -> list[Any]:
    """The agenda with each item's planned start: the meeting's start plus the minutes
    of the items before it."""
    items = list(meeting.items.prefetch_related("documents"))
    at = timezone.localtime(meeting.starts_at)
    for item in items:
        item.planned_at = at  # type: ignore[attr-defined]
        at += dt.timedelta(minutes=item.minutes)
    return items


def _room_and_after(request: HttpRequest, meeting: Meeting, organiser: bool) -> dict[str, Any]:
    """The live panel's first drawing, the chair's console, and what followed."""
    presiding = permissions.can_preside(request.user, meeting)
    context = live.context_for(request.user, meeting, live.state_key(meeting.pk))
    context.update(
        votes=meeting.votes.all(),
        tasks=meeting.tasks.select_related("unit"),
        publications=meeting.publications.all(),
        minutes=Minutes.objects.filter(meeting=meeting).first(),
        search_form=SearchForm(),
        today=timezone.localdate(),
    )
    if presiding:
        context.update(vote_form=VoteForm(meeting=meeting))
    if organiser or presiding:
        context.update(task_form=TaskForm())
    if organiser:
        context.update(publish_form=PublishForm(meeting=meeting))
    return context


@require_POST
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    return acted(
        request,
        _url(meeting),
        ReplyForm(request.POST),
        lambda data: actions.do_reply(meeting, acting_user=request.user, **data),
        _("Đã ghi câu trả lời của bạn."),
    )


@require_POST
@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    form = CheckInForm(request.POST)

    def act(data: dict[str, Any]) -> object:
        participant = Participant.objects.filter(pk=data["participant"], meeting=meeting).first()
        if participant is None:
            raise Http404
        return actions.do_check_in(meeting, participant, acting_user=request.user)

    return acted(request, _url(meeting), form, act, _("Đã điểm danh."))


@require_POST
@login_required
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    return acted(
        request,
        _url(meeting),
        ItemForm(request.POST),
        lambda data: actions.do_add_item(meeting, acting_user=request.user, **data),
        _("Đã thêm nội dung vào chương trình."),
    )


@require_POST
@login_required
@upload_limited("meeting_document")
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    form = DocumentForm(request.POST, request.FILES, meeting=meeting)
    return acted(
        request,
        _url(meeting),
        form,
        lambda data: actions.do_add_document(
            meeting,
            title=data["title"],
            file_bytes=data["file"].read(),
            file_name=data["file"].name or "",
            item=data["item"],
            replaces=data["replaces"],
            acting_user=request.user,
        ),
        _("Đã thêm tài liệu."),
    )


@require_POST
@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    return acted(
        request,
        _url(meeting),
        _invite_form(meeting, request.POST),
        lambda data: actions.do_invite(
            meeting,
            people=list(data["people"]),
            role=data["role"],
            guests=data["guests"],
            acting_user=request.user,
        ),
        _("Đã gửi giấy mời."),
    )


def _document(request: HttpRequest, pk: int) -> MeetingDocument:
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting", "item"), pk=pk)
    if not permissions.visible_documents(request.user).filter(pk=document.pk).exists():
        raise Http404
    return document


@login_required
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    """The document page by page; the reader's own notes beside each page."""
    document = _document(request, pk)
    notes: dict[int, list[Any]] = {}
    reader_user: Any = request.user
    for note in document.notes.filter(author=reader_user):
        notes.setdefault(note.page, []).append(note)
    return render(
        request,
        "meetings/reader.html",
        {
            "document": document,
            "meeting": document.meeting,
            # One form per page, each with its own ids (a label finds its own box).
            "pages": [
                (n, notes.get(n, []), NoteForm(auto_id=f"id_p{n}_%s"))
                for n in range(1, document.pages + 1)
            ],
            "ready": document.state == DocumentState.READY,
            "history": _versions(document),
            "qr": qr_svg(document.code),
        },
    )


def _versions(document: MeetingDocument) -> list[MeetingDocument]:
    """Every version of this document, the newest first."""
    newest = document
    while newest.superseded_by_id is not None:
        newest = newest.superseded_by  # type: ignore[assignment]
    found = [newest]
    while True:
        older = MeetingDocument.objects.filter(superseded_by=found[-1]).first()
        if older is None:
            return found
        found.append(older)


@login_required
def page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    document = _document(request, pk)
    if document.state != DocumentState.READY or not 1 <= page <= document.pages:
        raise Http404
    response = HttpResponse(pages.page_png(document, page), content_type="image/png")
    # Kept by this browser only (a confidential page must not sit in a shared cache).
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_POST
@login_required
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = NoteForm(request.POST)
    back = reverse("meetings:reader", args=[document.pk])
    page = form.data.get("page", "")
    anchor = f"#page-{page}" if str(page).isdigit() and len(str(page)) < 7 else ""
    return acted(
        request,
        back + anchor,
        form,
        lambda data: actions.do_note(document, acting_user=request.user, **data),
        _("Đã lưu ghi chú."),
    )


@login_required
def landing(request: HttpRequest, code: str) -> HttpResponse:
    """Where a QR code leads: after sign-in, the meeting or the document — for those
    who may see it; for anyone else the same 404 as a code that does not exist."""
    code = code[:20]
    meeting = Meeting.objects.filter(code=code).first()
    if meeting is not None and permissions.can_view(request.user, meeting):
        return redirect(_url(meeting))
    document = MeetingDocument.objects.filter(code=code).first()
    if (
        document is not None
        and permissions.visible_documents(request.user).filter(pk=document.pk).exists()
    ):
        return redirect("meetings:reader", pk=document.pk)
    raise Http404
