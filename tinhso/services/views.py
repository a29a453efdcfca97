"""Citizen pages: catalogue, submit, my dossiers, look-up. Thin: parse, authorise, call do_*."""

from __future__ import annotations

import logging
import uuid
from functools import reduce
from operator import add, or_
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.core import search, signing, tts, verification
from tinhso.core.errors import ActionError
from tinhso.core.models import ProcedureField
from tinhso.core.params import ascii_int
from tinhso.core.text import query_words
from tinhso.core.throttle import upload_limited
from tinhso.core.views_verify import checked_upload
from tinhso.services import actions, drafts, facts, payments, permissions
from tinhso.services.choices import INTERNAL_EVENTS, DocumentKind, ProcedureLevel
from tinhso.services.forms import (
    ApplicantForm,
    LookupForm,
    NoteForm,
    RatingForm,
    json_ready,
    schema_form,
)
from tinhso.services.models import (
    Dossier,
    DossierDocument,
    DossierDraft,
    Payment,
    Procedure,
)
from tinhso.services.throttle import too_many_lookups

log = logging.getLogger(__name__)


def catalogue(request: HttpRequest) -> HttpResponse:
    procedures = Procedure.objects.filter(is_active=True).select_related("field")
    query = request.GET.get("q", "")[:200]
    ranked = search.rank("procedures", query) if query.strip() else None
    words = query_words(query)
    if ranked is not None:
        # The procedure assistant's ranking (questions in everyday words, typos,
        # no diacritics), best first.
        order = Case(*(When(code=c, then=Value(i)) for i, c in enumerate(ranked)))
        procedures = (
            procedures.filter(code__in=ranked).order_by(order) if ranked else procedures.none()
        )
    elif words:
        # Without the assistant: any word may match, the more the higher.
        matched = [
            Case(When(search_text__contains=w, then=Value(1)), default=Value(0)) for w in words
        ]
        procedures = (
            procedures.filter(reduce(or_, (Q(search_text__contains=w) for w in words)))
            .annotate(score=reduce(add, matched))
            .order_by("-score", "name")
        )
    field = request.GET.get("field", "")[:50]
    if field:
        procedures = procedures.filter(field__code=field)
    level = request.GET.get("level", "")
    if level in ProcedureLevel.values:
        procedures = procedures.filter(level=level)
    page = Paginator(procedures, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": query,
        "field": field,
        "level": level,
        "fields": ProcedureField.objects.all(),
        "levels": ProcedureLevel.choices,
    }
    htmx = getattr(request, "htmx", False)  # set by django-htmx's middleware
    template = "services/_procedure_list.html" if htmx else "services/catalogue.html"
    return render(request, template, context)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(
        Procedure.objects.select_related("field", "agency"), code=code, is_active=True
    )
    return render(
        request,
        "services/procedure.html",
        {
            "procedure": procedure,
            "documents": procedure.documents.all(),
            "steps": procedure.steps.select_related("org_unit"),
        },
    )


def procedure_speech(request: HttpRequest, code: str) -> HttpResponse:
    """The procedure read aloud by the server (core/tts), for a device whose browser
    has no Vietnamese voice. Synthesised once, then kept (core/tts caches by text)."""
    procedure = get_object_or_404(
        Procedure.objects.select_related("agency"), code=code, is_active=True
    )
    try:
        speech = tts.speak(facts.spoken_summary(procedure))
    except tts.TtsError:
        log.exception("read-aloud of %s failed", code)
        return HttpResponse(
            _("Chưa đọc to được lúc này. Vui lòng thử lại sau."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(speech.audio, content_type=speech.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _place_error(exc: ActionError, errors: dict[int, str], where: Any = None) -> str:
    """Put an action's error next to the paper or field it names; the rest is general."""
    if exc.field and exc.field.startswith("doc_"):
        errors[int(exc.field[4:])] = exc.message
        return ""
    if exc.field == "agency" and where is not None:
        where.add_error("agency", exc.message)
        return ""
    return exc.message


def _kept_in_draft(draft: DossierDraft | None) -> dict[int, list[str]]:
    """The names of the papers a draft already holds, by requirement."""
    kept: dict[int, list[str]] = {}
    if draft is not None:
        for document in draft.documents.all():
            kept.setdefault(document.requirement_id, []).append(document.original_name)
    return kept


@login_required
@upload_limited("dossier")
def submit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code, is_active=True)
    user = request.user
    draft = DossierDraft.objects.filter(applicant=user, procedure=procedure).first()
    requirements = list(procedure.documents.all())
    errors: dict[int, str] = {}
    general_error = ""
    if request.method == "POST":
        post = request.POST
        uploads = {r.pk: request.FILES.getlist(f"doc_{r.pk}") for r in requirements}
        uploads = {k: v for k, v in uploads.items() if v}
        if "save_draft" in post:
            try:
                drafts.do_save_draft(user, procedure, post.dict(), uploads)
            except ActionError as exc:
                general_error = _place_error(exc, errors)
            else:
                messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại nộp sau."))
                return redirect("services:submit", code=procedure.code)
    else:
        post = None
    initial = draft.values if draft and post is None else None
    details = schema_form(procedure, post or initial)
    where = ApplicantForm(post or initial, procedure=procedure, prefix="a")
    if post is not None and "save_draft" not in post and details.is_valid() & where.is_valid():
        # Papers uploaded now, and for the other requirements those kept in the draft.
        files = {**drafts.draft_files(draft), **uploads}
        try:
            key = uuid.UUID(post.get("submission_key", ""))
        except ValueError:
            key = None
        try:
            dossier = actions.submit_online(
                user,
                procedure,
                commune_committee=where.cleaned_data.get("agency"),
                applicant_address=where.cleaned_data["applicant_address"],
                form_data=json_ready(details.cleaned_data),
                files=files,
                submission_key=key,
                request=request,
            )
            if draft is not None:
                drafts.discard_draft(draft)
        except ActionError as exc:
            general_error = _place_error(exc, errors, where)
        else:
            messages.success(request, _("Đã nộp hồ sơ %(code)s.") % {"code": dossier.code})
            return redirect("services:my_dossier", code=dossier.code)
    elif initial is not None:
        # A draft is shown as typed; its errors appear when it is submitted.
        details = schema_form(procedure, None)
        details.initial = {k[2:]: v for k, v in initial.items() if k.startswith("f-")}
        where = ApplicantForm(
            None,
            procedure=procedure,
            prefix="a",
            initial={k[2:]: v for k, v in initial.items() if k.startswith("a-")},
        )
    kept = _kept_in_draft(draft)
    return render(
        request,
        "services/submit.html",
        {
            "procedure": procedure,
            "details": details,
            "where": where,
            "draft": draft,
            "requirements": [(r, errors.get(r.pk), kept.get(r.pk, [])) for r in requirements],
            "general_error": general_error,
            "submission_key": uuid.uuid4(),
        },
    )


@login_required
def my_dossiers(request: AuthenticatedHttpRequest) -> HttpResponse:
    dossiers = Dossier.objects.filter(applicant=request.user).select_related("procedure")
    page = Paginator(dossiers, 20).get_page(request.GET.get("page"))
    return render(request, "services/my_dossiers.html", {"page": page})


def _my_dossier(request: AuthenticatedHttpRequest, code: str) -> Dossier:
    return get_object_or_404(
        Dossier.objects.select_related("procedure", "agency", "current_step"),
        code=code,
        applicant=request.user,
    )


@login_required
def my_dossier(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dossier = _my_dossier(request, code)
    documents = list(dossier.documents.select_related("requirement"))
    return render(
        request,
        "services/my_dossier.html",
        {
            "dossier": dossier,
            # What matters to the applicant, not the office's internal hand-overs.
            "events": dossier.events.exclude(kind__in=INTERNAL_EVENTS),
            "documents": documents,
            "result": next((d for d in documents if d.kind == DocumentKind.RESULT), None),
            "requirements": dossier.procedure.documents.all(),
            "rating_form": RatingForm(),
            "note_form": NoteForm(),
        },
    )


@require_POST
@login_required
@upload_limited("dossier-action")
def my_dossier_action(request: AuthenticatedHttpRequest, code: str, action: str) -> HttpResponse:
    dossier = _my_dossier(request, code)
    user = request.user
    try:
        if action == "supplement":
            files: dict[int | None, list] = {}
            for key in request.FILES:
                req_id = ascii_int(key[4:], minimum=1) if key.startswith("doc_") else None
                files.setdefault(req_id, []).extend(request.FILES.getlist(key))
            actions.do_supplement(
                dossier, files, acting_user=user, note=request.POST.get("note", ""), request=request
            )
            messages.success(request, _("Đã gửi giấy tờ bổ sung."))
        elif action == "withdraw":
            actions.do_withdraw(
                dossier, acting_user=user, note=request.POST.get("note", ""), request=request
            )
            messages.success(request, _("Đã gửi yêu cầu rút hồ sơ."))
        elif action == "rate":
            form = RatingForm(request.POST)
            if not form.is_valid():
                raise ActionError(_("Vui lòng chọn một mức đánh giá."), field="rating")
            actions.do_rate(
                dossier,
                form.cleaned_data["rating"],
                acting_user=user,
                comment=form.cleaned_data["comment"],
                request=request,
            )
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
        else:
            raise Http404
    except ActionError as exc:
        messages.error(request, exc.message)
    return redirect("services:my_dossier", code=dossier.code)


@login_required
def document(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A dossier's file, to its applicant and to officials of its units only."""
    doc = get_object_or_404(DossierDocument.objects.select_related("dossier"), pk=pk)
    if not permissions.can_view(request.user, doc.dossier):
        raise Http404
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Public look-up by code plus the last 4 digits of the applicant's phone or ID.

    A wrong pair and an unknown code get the same answer, so a stranger learns
    nothing, not even whether the code exists.
    """
    # The QR on the intake slip links here with the code only: show it, ask for the digits.
    # The digits go by POST: never in an address, a browser history or a server log.
    bound = request.method == "POST"
    form = LookupForm(
        request.POST if bound else None, initial={"code": request.GET.get("code", "")[:40]}
    )
    dossier = None
    not_found = False
    if form.is_bound and form.is_valid() and too_many_lookups(request):
        form.add_error(None, _("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
    elif form.is_bound and form.is_valid():
        code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
        candidate = Dossier.objects.select_related("procedure").filter(code=code).first()
        if candidate and secret in (
            candidate.applicant_phone[-4:],
            (candidate.applicant_citizen_id or "")[-4:] or None,
        ):
            dossier = candidate
        else:
            not_found = True
    return render(
        request,
        "services/lookup.html",
        {
            "form": form,
            "dossier": dossier,
            "not_found": not_found,
            "events": dossier.events.all() if dossier else [],
        },
    )


@upload_limited("verify-copy")
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public check of a document the agency issued (the QR code on it leads here).

    Shows what the agency holds (hash, signer, validity) and lets the visitor
    upload the copy they were given to see whether it is the same, untouched file.
    """
    document = (
        DossierDocument.objects.select_related("dossier__procedure", "dossier__agency")
        .filter(verify_token=token[:100])
        .first()
    )
    if document is None:
        elsewhere = verification.page_for(token[:100])
        if elsewhere:
            return redirect(elsewhere)
        # Someone holds a paper whose QR code leads nowhere: say what that means for
        # them, not "page not found".
        return render(request, "services/verify_unknown.html", status=404)
    with document.file.open("rb") as handle:
        held = signing.verify_pdf(handle.read())
    uploaded, _name, error = checked_upload(request, "copy", settings.DOSSIER_MAX_FILE_BYTES)
    return render(
        request,
        "services/verify.html",
        {
            "document": document,
            "dossier": document.dossier,
            "held": held,
            "uploaded": uploaded,
            "error": error,
        },
    )


# --- Fees ---------------------------------------------------------------------------
@require_POST
@login_required
def pay(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dossier = _my_dossier(request, code)
    try:
        provider = payments.get_provider()
    except LookupError:
        messages.error(
            request,
            _("Chưa có cổng thanh toán trực tuyến. Vui lòng nộp phí tại Bộ phận Một cửa."),
        )
        return redirect("services:my_dossier", code=dossier.code)
    try:
        payment = actions.do_start_payment(
            dossier, acting_user=request.user, provider=provider.name
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("services:my_dossier", code=dossier.code)
    return redirect(provider.start(payment))


def pay_simulator(request: HttpRequest, reference: str) -> HttpResponse:
    """The simulator's "bank page": choose success or failure, like a test gateway."""
    if not settings.PAYMENT_SIMULATOR:
        raise Http404
    payment = get_object_or_404(
        Payment.objects.select_related("dossier__procedure"),
        reference=reference,
        provider=payments.SimulatorProvider.name,
    )
    transaction_id = f"SIM{payment.pk:08d}"
    outcomes = []
    for result in ("success", "failure"):
        fields = [str(payment.reference), result, str(payment.amount), transaction_id]
        outcomes.append(
            {
                "result": result,
                "reference": fields[0],
                "amount": fields[2],
                "transaction": transaction_id,
                "signature": payments.SimulatorProvider.sign(*fields),
            }
        )
    return render(
        request, "services/pay_simulator.html", {"payment": payment, "outcomes": outcomes}
    )


@csrf_exempt  # called by the payment gateway, authenticated by its signature instead
@require_POST
def payment_callback(request: HttpRequest, provider: str) -> HttpResponse:
    try:
        gateway = payments.get_provider(provider)
    except LookupError:
        raise Http404 from None
    result = gateway.parse_callback(request.POST)
    if result is None:
        return HttpResponse(_("Chữ ký giao dịch không hợp lệ."), status=400)
    try:
        payment = actions.do_record_payment(result, provider=gateway.name, request=request)
    except ActionError as exc:
        return HttpResponse(exc.message, status=404)
    if payment.status == Payment.Status.SUCCEEDED:
        messages.success(request, _("Đã nộp phí. Hồ sơ tiếp tục được xử lý."))
    else:
        messages.error(request, _("Thanh toán không thành công. Bạn có thể thử lại."))
    return redirect("services:my_dossier", code=payment.dossier.code)
