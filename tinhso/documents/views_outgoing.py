"""Pages for outgoing documents (thin: the rules are in outgoing.py and permissions.py),
and the public page of published documents."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.accounts.permissions import role_required
from tinhso.core.acting import acted
from tinhso.core.choices import OrgUnitKind
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.paging import CappedPaginator
from tinhso.core.signing import verify_pdf
from tinhso.core.throttle import upload_limited
from tinhso.core.views_verify import checked_upload
from tinhso.documents import outgoing, permissions, search
from tinhso.documents.choices import DeliveryChannel, OutgoingState, Secrecy
from tinhso.documents.forms_outgoing import (
    DraftForm,
    IssueForm,
    OutgoingFilterForm,
    PublicSearchForm,
    ReplaceDraftForm,
    ReturnForm,
    ReviewForm,
    SignForm,
    SubmitForm,
)
from tinhso.documents.models import IncomingDocument, OutgoingDocument
from tinhso.documents.views import PAGE, STAFF
from tinhso.exchange.models import Member, Service

PUBLIC_PAGE = 20


def _document(request: HttpRequest, pk: int) -> OutgoingDocument:
    document = get_object_or_404(
        OutgoingDocument.objects.select_related("unit", "drafter", "signer"), pk=pk
    )
    if not permissions.can_view_outgoing(request.user, document):
        raise Http404
    return document


def _url(document: OutgoingDocument) -> str:
    return reverse("documents:outgoing", args=[document.pk])


@role_required(*STAFF)
def outgoing_list(request: HttpRequest) -> HttpResponse:
    form = OutgoingFilterForm(request.GET or None)
    documents = permissions.visible_outgoing(request.user)
    if form.is_valid():
        documents = search.matching(documents, form.cleaned_data["q"] or "")
        if form.cleaned_data["state"]:
            documents = documents.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["kind"]:
            documents = documents.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["field"]:
            documents = documents.filter(field=form.cleaned_data["field"])
        if form.cleaned_data["signer"]:
            documents = documents.filter(signer__full_name__icontains=form.cleaned_data["signer"])
        if form.cleaned_data["since"]:
            documents = documents.filter(issued_on__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            documents = documents.filter(issued_on__lte=form.cleaned_data["until"])
    page = CappedPaginator(
        documents.select_related("unit", "drafter").order_by("-created_at", "-id"), PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/outgoing_list.html",
        {
            "form": form,
            "page": page,
            "can_draft": permissions.drafting_units(request.user).exists(),
        },
    )


@role_required(*STAFF)
@upload_limited("outgoing")
def outgoing_new(request: HttpRequest) -> HttpResponse:
    units = permissions.drafting_units(request.user)
    if not units.exists():
        raise PermissionDenied
    reply_to = request.GET.get("reply_to", "")
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial=_reply_initial(request, reply_to),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = outgoing.do_draft_outgoing(
                unit=data["unit"],
                kind=data["kind"],
                subject=data["subject"],
                field=data["field"],
                urgency=data["urgency"],
                secrecy=data["secrecy"],
                public=data["public"],
                file_bytes=data["file"].read(),
                file_name=data["file"].name or "",
                in_reply_to=_replying_to(request, data["in_reply_to"]),
                acting_user=request.user,
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(_url(document))
    return render(request, "documents/outgoing_new.html", {"form": form})


def _replying_to(request: HttpRequest, pk: int | None) -> IncomingDocument | None:
    if not pk:
        return None
    found = permissions.visible_documents(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _reply_initial(request: HttpRequest, reply_to: str) -> dict[str, Any]:
    """Drafting the answer to an incoming document: its subject as a start."""
    if not reply_to.isdigit() or len(reply_to) > 18:
        return {}
    incoming = _replying_to(request, int(reply_to))
    assert incoming is not None
    return {
        "in_reply_to": incoming.pk,
        "kind": "CV",
        # The document's own words, in Vietnamese whatever the page's language.
        "subject": f"Trả lời văn bản số {incoming.notation} về {_lowered(incoming.subject)}",
    }


def _lowered(subject: str) -> str:
    return subject[:1].lower() + subject[1:]


def _submit_form(document: OutgoingDocument, data: Any = None) -> SubmitForm:
    return SubmitForm(
        data,
        reviewers=permissions.reviewers_for(document.unit),
        signers=permissions.signers_for(document.unit),
    )


def issue_recipients(document: OutgoingDocument) -> list[tuple[str, str]]:
    """Where an issued document can go over the axis: the platform's other agencies,
    then other systems' members that have a document service."""
    # Agencies, not the desks inside them (a department's office, the one-stop desk).
    units = (
        OrgUnit.objects.filter(is_active=True)
        .exclude(kind__in=[OrgUnitKind.OFFICE, OrgUnitKind.ONE_STOP])
        .exclude(pk=document.unit.pk)
        .exclude(identifier="")
        .order_by("path")
    )
    choices = {unit.identifier: unit.name for unit in units}
    members = Member.objects.filter(
        is_active=True,
        pk__in=Service.objects.filter(
            code=settings.DOCUMENTS_EDXML_SERVICE_CODE, is_active=True
        ).values("subsystem__member"),
    ).order_by("name")
    for member in members:
        choices.setdefault(member.code, member.name)
    return list(choices.items())


@role_required(*STAFF)
def outgoing_page(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    user = request.user
    step = outgoing.current_step(document)
    mine = document.drafter_id == user.pk
    context: dict[str, Any] = {
        "document": document,
        "reviews": document.reviews.select_related("reviewer"),
        "notes": document.notes.select_related("author"),
        "deliveries": document.deliveries.all(),
        "step": step,
        "AXIS": DeliveryChannel.AXIS,
    }
    if mine and document.state in (OutgoingState.DRAFT, OutgoingState.CONVERTING):
        context["replace_form"] = ReplaceDraftForm()
    if mine and document.state == OutgoingState.DRAFT and document.draft_pdf:
        context["submit_form"] = _submit_form(document)
    if step is not None and step.reviewer_id == user.pk:
        context["review_form"] = ReviewForm()
    if document.state == OutgoingState.TO_SIGN and permissions.can_sign(user, document):
        context["sign_form"] = SignForm()
        context["return_form"] = ReturnForm()
    if document.state == OutgoingState.TO_ISSUE and permissions.can_issue(user, document):
        context["issue_form"] = IssueForm(recipients=issue_recipients(document))
    if document.state == OutgoingState.ISSUED and permissions.can_issue(user, document):
        context["more_form"] = IssueForm(recipients=issue_recipients(document))
    if document.state == OutgoingState.ISSUED and document.final_pdf:
        with document.final_pdf.open("rb") as stored:
            context["verification"] = verify_pdf(stored.read())
    return render(request, "documents/outgoing.html", context)


@role_required(*STAFF)
def outgoing_file(request: HttpRequest, pk: int) -> FileResponse:
    document = _document(request, pk)
    file = document.current_pdf
    if not file:
        raise Http404
    name = (document.notation or f"du-thao-{document.pk}").replace("/", "-")
    response = FileResponse(file.open("rb"), content_type="application/pdf", filename=f"{name}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*STAFF)
@upload_limited("outgoing")
def replace_draft(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = ReplaceDraftForm(request.POST, request.FILES)
    return acted(
        request,
        _url(document),
        form,
        lambda data: outgoing.do_replace_draft(
            document,
            file_bytes=data["file"].read(),
            file_name=data["file"].name or "",
            acting_user=request.user,
        ),
        _("Đã cập nhật dự thảo."),
    )


@require_POST
@role_required(*STAFF)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = _submit_form(document, request.POST)
    return acted(
        request,
        _url(document),
        form,
        lambda data: outgoing.do_submit_outgoing(
            document,
            reviewers=form.reviewers(),
            signer=data["signer"],
            signer_title=data["signer_title"],
            acting_user=request.user,
        ),
        _("Đã trình dự thảo."),
    )


@require_POST
@role_required(*STAFF)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return acted(
        request,
        _url(document),
        ReviewForm(request.POST),
        lambda data: outgoing.do_review_outgoing(
            document,
            approve=data["decision"] == "approve",
            note=data["note"],
            acting_user=request.user,
        ),
        _("Đã ghi ý kiến duyệt."),
    )


@require_POST
@role_required(*STAFF)
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return acted(
        request,
        _url(document),
        ReturnForm(request.POST),
        lambda data: outgoing.do_return_outgoing(
            document, note=data["note"], acting_user=request.user
        ),
        _("Đã trả lại dự thảo cho người soạn."),
    )


@require_POST
@role_required(*STAFF)
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return acted(
        request,
        _url(document),
        SignForm(request.POST),
        lambda data: outgoing.do_sign_outgoing(
            document, code=data["code"], acting_user=request.user
        ),
        _("Đã ký số văn bản."),
    )


@require_POST
@role_required(*STAFF)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _sending(request, pk, outgoing.do_issue_outgoing, _("Đã ban hành văn bản."))


@require_POST
@role_required(*STAFF)
def send_more(request: HttpRequest, pk: int) -> HttpResponse:
    return _sending(request, pk, outgoing.do_send_more, _("Đã gửi bổ sung."))


def _sending(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    """Issuing and sending more take the same form: recipients ticked, addresses typed."""
    document = _document(request, pk)
    choices = issue_recipients(document)
    form = IssueForm(request.POST, recipients=choices)
    names = dict(choices)
    return acted(
        request,
        _url(document),
        form,
        lambda data: act(
            document,
            recipients=[(code, names[code]) for code in data["recipients"]],
            emails=form.email_list(),
            acting_user=request.user,
        ),
        done,
    )


# The public page -------------------------------------------------------------------


def published() -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.filter(
        public=True, state=OutgoingState.ISSUED, secrecy=Secrecy.NONE
    )


def public_list(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET or None)
    documents = published()
    if form.is_valid():
        documents = search.matching(documents, form.cleaned_data["q"] or "")
        if form.cleaned_data["kind"]:
            documents = documents.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["field"]:
            documents = documents.filter(field=form.cleaned_data["field"])
    page = CappedPaginator(
        documents.select_related("unit").order_by("-issued_at", "-id"), PUBLIC_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "documents/public_list.html", {"form": form, "page": page})


def public_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(published(), pk=pk)
    name = document.notation.replace("/", "-")
    return FileResponse(
        document.final_pdf.open("rb"), content_type="application/pdf", filename=f"{name}.pdf"
    )


@upload_limited("verify-copy")
def public_check(request: HttpRequest, token: str) -> HttpResponse:
    """Where the QR code on an issued document leads: what the agency holds (number,
    date, signatures) and a check of the copy the visitor has against it. A secret or
    unpublished document shows only that it exists and is valid, not its content."""
    document = get_object_or_404(
        OutgoingDocument.objects.select_related("unit"), verify_token=token[:100]
    )
    with document.final_pdf.open("rb") as stored:
        held = verify_pdf(stored.read())
    uploaded, _name, error = checked_upload(request, "copy")
    return render(
        request,
        "documents/public_check.html",
        {
            "document": document,
            "held": held,
            "uploaded": uploaded,
            "error": error,
            "shown": published().filter(pk=document.pk).exists(),
        },
    )
