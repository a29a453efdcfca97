"""The clerk's, the leader's and the handler's pages for incoming documents (thin: the
rules are in actions.py and permissions.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.accounts.models import User
from tinhso.accounts.permissions import role_required
from tinhso.core.acting import acted
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.paging import CappedPaginator
from tinhso.core.pdfs import read_pdf
from tinhso.core.throttle import upload_limited
from tinhso.documents import actions, ocr, permissions, recognise, search
from tinhso.documents.choices import AssignmentState, IncomingState, OutgoingState
from tinhso.documents.forms import (
    AssignForm,
    CommentForm,
    FinishForm,
    ForwardForm,
    IncomingFilterForm,
    RefuseArrivalForm,
    RegisterArrivalForm,
    RegisterIncomingForm,
)
from tinhso.documents.models import (
    ArrivalState,
    ArrivedPackage,
    Assignment,
    IncomingDocument,
    OutgoingDocument,
)

STAFF = permissions.STAFF
PAGE = 30


def _filtered(
    documents: QuerySet[IncomingDocument], form: IncomingFilterForm
) -> QuerySet[IncomingDocument]:
    if not form.is_valid():
        return documents
    data = form.cleaned_data
    documents = search.matching(documents, data.get("q") or "")
    if data.get("state"):
        documents = documents.filter(state=data["state"])
    if data.get("late"):
        documents = documents.filter(deadline__lt=timezone.localdate()).exclude(
            state=IncomingState.DONE
        )
    if data.get("kind"):
        documents = documents.filter(kind=data["kind"])
    if data.get("field"):
        documents = documents.filter(field=data["field"])
    if data.get("since"):
        documents = documents.filter(received_at__date__gte=data["since"])
    if data.get("until"):
        documents = documents.filter(received_at__date__lte=data["until"])
    return documents


@role_required(*STAFF)
def incoming_list(request: HttpRequest) -> HttpResponse:
    form = IncomingFilterForm(request.GET or None)
    documents = _filtered(permissions.visible_documents(request.user), form).select_related("unit")
    page = CappedPaginator(documents.order_by("-received_at", "-id"), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/incoming_list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "can_register": permissions.registering_units(request.user).exists(),
            "arrivals": ArrivedPackage.objects.filter(
                unit__in=permissions.registering_units(request.user), state=ArrivalState.WAITING
            ).select_related("unit"),
        },
    )


def _register_form(
    request: HttpRequest, data: Any = None, files: Any = None, **kw: Any
) -> RegisterIncomingForm:
    units = permissions.registering_units(request.user)
    if not units.exists():
        raise PermissionDenied
    return RegisterIncomingForm(data, files, units=units, **kw)


def _registered(
    request: HttpRequest, form: RegisterIncomingForm, **given: Any
) -> IncomingDocument | None:
    """Register what the form says (with the file or arrival ``given``); the document,
    or None with the refusal on the form."""
    data = form.cleaned_data
    try:
        document = actions.do_register_incoming(
            issuer=data["issuer"],
            notation=data["notation"],
            kind=data["kind"],
            issued_on=data["issued_on"],
            subject=data["subject"],
            field=data["field"],
            urgency=data["urgency"],
            secrecy=data["secrecy"],
            allow_duplicate=data["allow_duplicate"],
            acting_user=request.user,
            **given,
        )
    except ActionError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(
        request, _("Đã vào sổ văn bản đến số %(number)d.") % {"number": document.number}
    )
    return document


@role_required(*STAFF)
@upload_limited("incoming")
def incoming_new(request: HttpRequest) -> HttpResponse:
    form = _register_form(request, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        document = _registered(
            request,
            form,
            unit=form.cleaned_data["unit"],
            file_bytes=upload.read(),
            file_name=upload.name or "",
        )
        if document is not None:
            return redirect("documents:incoming", pk=document.pk)
    return render(request, "documents/incoming_new.html", {"form": form})


@require_POST
@role_required(*STAFF)
@upload_limited("incoming_read")
def incoming_read(request: HttpRequest) -> HttpResponse:
    """The fields read from the chosen PDF (HTMX, as the clerk picks the file): the
    form's other fields come back filled for the clerk to check."""
    upload = request.FILES.get("file")
    found: dict[str, object] = {}
    problem, by_ocr = "", False
    if upload is None or (upload.size or 0) > actions.MAX_FILE_BYTES:
        problem = _("Không đọc được tệp này; hãy nhập các trường bằng tay.")
    else:
        try:
            data = actions.as_pdf(upload.read())
            text = read_pdf(data, name=upload.name or "").text
            if not text.strip():
                # A scan: read its first page (a few seconds), where the fields are.
                text, by_ocr = ocr.read_pdf_pages(data, pages=1), True
        except ActionError as exc:
            problem = exc.message
        else:
            found = recognise.guess(text).as_initial()
            if not found:
                problem = _("Không đọc được trường nào từ tệp; hãy nhập các trường bằng tay.")
    form = _register_form(request, initial=found)
    return render(
        request,
        "documents/_incoming_fields.html",
        {"form": form, "problem": problem, "read": found, "by_ocr": by_ocr},
    )


def _document(request: HttpRequest, pk: int) -> IncomingDocument:
    document = get_object_or_404(
        IncomingDocument.objects.select_related("unit", "registered_by"), pk=pk
    )
    if not permissions.can_view(request.user, document):
        raise Http404
    return document


def _holders(document: IncomingDocument) -> list[tuple[str, str]]:
    """The departments inside the document's unit and the officials working there."""
    units = (
        OrgUnit.objects.filter(path__startswith=document.unit.path)
        .exclude(pk=document.unit.pk)
        .order_by("path")
    )
    people = (
        User.objects.filter(
            memberships__org_unit__path__startswith=document.unit.path,
            memberships__role__in=[*permissions.HANDLERS],
        )
        .distinct()
        .order_by("full_name")
    )
    return [(f"o{u.pk}", str(u)) for u in units] + [
        (f"u{p.pk}", p.full_name or str(p)) for p in people
    ]


def _holder(value: str) -> actions.Holder:
    kind, number = value[:1], value[1:]
    if not number.isdigit() or len(number) > 18:
        raise ActionError(_("Chọn người hoặc phòng, ban."))
    if kind == "u":
        return actions.Holder(user=get_object_or_404(User, pk=int(number)))
    if kind == "o":
        return actions.Holder(org_unit=get_object_or_404(OrgUnit, pk=int(number)))
    raise ActionError(_("Chọn người hoặc phòng, ban."))


@role_required(*STAFF)
def incoming(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    assignments = list(
        document.assignments.select_related("user", "org_unit", "assigned_by").order_by(
            "assigned_at", "id"
        )
    )
    mine = [
        a
        for a in assignments
        if a.state == AssignmentState.OPEN and permissions.holds(request.user, a)
    ]
    holders = _holders(document)
    can_lead = permissions.can_lead(request.user, document)
    return render(
        request,
        "documents/incoming.html",
        {
            "document": document,
            "assignments": assignments,
            "notes": document.notes.select_related("author"),
            "mine": mine,
            "can_lead": can_lead,
            "assign_form": AssignForm(holders=holders) if can_lead else None,
            "forward_form": ForwardForm(holders=holders) if mine else None,
            "comment_form": CommentForm() if (can_lead or mine) else None,
            "finish_form": FinishForm() if mine else None,
            "today": timezone.localdate(),
            "replies": permissions.visible_outgoing(request.user)
            .filter(in_reply_to=document)
            .order_by("created_at"),
            "can_reply": (can_lead or bool(mine))
            and permissions.drafting_units(request.user).exists(),
            "citing": permissions.citing(request.user, document)[:20],
            "cited": permissions.cited(request.user, document)[:20],
        },
    )


@role_required(*STAFF)
def incoming_file(request: HttpRequest, pk: int) -> FileResponse:
    document = _document(request, pk)
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=f"van-ban-den-{document.year}-{document.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _back(document: IncomingDocument) -> str:
    return reverse("documents:incoming", args=[document.pk])


@require_POST
@role_required(*STAFF)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return acted(
        request,
        _back(document),
        AssignForm(request.POST, holders=_holders(document)),
        lambda data: actions.do_assign(
            document,
            lead=_holder(data["lead"]) if data["lead"] else None,
            coordinate=[_holder(v) for v in data["coordinate"]],
            inform=[_holder(v) for v in data["inform"]],
            days=data["days"],
            note=data["note"],
            acting_user=request.user,
        ),
        _("Đã phân công xử lý văn bản."),
    )


def _my_assignment(request: HttpRequest, document: IncomingDocument) -> Assignment:
    try:
        wanted = int(request.POST.get("assignment", ""))
    except ValueError:
        raise Http404 from None
    assignment = get_object_or_404(Assignment, pk=wanted, document=document)
    if not permissions.holds(request.user, assignment):
        raise Http404
    return assignment


@require_POST
@role_required(*STAFF)
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    assignment = _my_assignment(request, document)
    return acted(
        request,
        _back(document),
        ForwardForm(request.POST, holders=_holders(document)),
        lambda data: actions.do_forward(
            assignment,
            to=_holder(data["to"]),
            role=data["role"],
            note=data["note"],
            acting_user=request.user,
        ),
        _("Đã chuyển văn bản."),
    )


@require_POST
@role_required(*STAFF)
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return acted(
        request,
        _back(document),
        CommentForm(request.POST),
        lambda data: actions.do_comment(document, text=data["text"], acting_user=request.user),
        _("Đã ghi ý kiến."),
    )


@require_POST
@role_required(*STAFF)
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    assignment = _my_assignment(request, document)
    return acted(
        request,
        _back(document),
        FinishForm(request.POST),
        lambda data: actions.do_finish(assignment, note=data["note"], acting_user=request.user),
        _("Đã ghi nhận hoàn thành phần việc."),
    )


@role_required(*STAFF)
def my_work(request: HttpRequest) -> HttpResponse:
    """What waits for this official: the parts they hold, the late ones first."""
    today = timezone.localdate()
    waiting = (
        permissions.open_assignments_of(request.user)
        .select_related("document__unit", "org_unit")
        .order_by("deadline", "assigned_at")
    )
    to_assign = (
        permissions.documents_to_assign(request.user).select_related("unit").order_by("received_at")
    )
    user: Any = request.user
    outgoing_lists = [
        (_("Văn bản chờ bạn ký"), permissions.documents_to_sign(user), "sign"),
        (_("Dự thảo chờ bạn duyệt"), permissions.drafts_to_review(user), "review"),
        (
            _("Văn bản đã ký chờ bạn cấp số, ban hành"),
            permissions.documents_to_issue(user),
            "issue",
        ),
        (
            _("Dự thảo của bạn"),
            OutgoingDocument.objects.filter(
                drafter=user, state__in=[OutgoingState.DRAFT, OutgoingState.CONVERTING]
            ),
            "submit",
        ),
    ]
    return render(
        request,
        "documents/my_work.html",
        {
            "outgoing_lists": [
                (title, list(found.select_related("unit")[:50]), anchor)
                for title, found, anchor in outgoing_lists
            ],
            "waiting": waiting,
            "to_assign": to_assign,
            "today": today,
            "late": sum(1 for a in waiting if a.is_late(today)),
        },
    )


def _arrival(request: HttpRequest, pk: int) -> ArrivedPackage:
    arrival = get_object_or_404(ArrivedPackage.objects.select_related("unit"), pk=pk)
    if not permissions.can_register(request.user, arrival.unit):
        raise Http404
    return arrival


@role_required(*STAFF)
def arrival(request: HttpRequest, pk: int) -> HttpResponse:
    """An electronic document for the clerk to check and register (or refuse)."""
    found = _arrival(request, pk)
    initial = {
        "issuer": found.sender_name or found.sender_code,
        "notation": found.notation,
        "kind": found.kind,
        "issued_on": found.issued_on,
        "subject": found.subject,
        "urgency": found.urgency,
        "secrecy": found.secrecy,
    }
    form = RegisterArrivalForm(request.POST or None, initial=initial)
    if request.method == "POST" and found.state == ArrivalState.WAITING and form.is_valid():
        document = _registered(request, form, unit=found.unit, file_bytes=b"", arrival=found)
        if document is not None:
            return redirect("documents:incoming", pk=document.pk)
    return render(
        request,
        "documents/arrival.html",
        {"arrival": found, "form": form, "refuse_form": RefuseArrivalForm()},
    )


@role_required(*STAFF)
def arrival_file(request: HttpRequest, pk: int) -> FileResponse:
    found = _arrival(request, pk)
    if not found.file:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*STAFF)
def refuse_arrival(request: HttpRequest, pk: int) -> HttpResponse:
    found = _arrival(request, pk)
    form = RefuseArrivalForm(request.POST)
    if form.is_valid():
        try:
            actions.do_refuse_arrival(
                found, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ActionError as exc:
            messages.error(request, exc.message)
            return redirect("documents:arrival", pk=found.pk)
        messages.success(request, _("Đã từ chối tiếp nhận và báo cơ quan gửi."))
        return redirect("documents:incoming_list")
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("documents:arrival", pk=found.pk)
