"""The officials' desk: worklists, the dossier page, and the actions allowed now."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinhso.accounts.choices import Role
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.models import User
from tinhso.accounts.permissions import org_units_in_scope, role_required, roles_of
from tinhso.core import registers
from tinhso.core.choices import OrgUnitKind
from tinhso.core.errors import ActionError
from tinhso.core.forms import DateInput
from tinhso.services import actions, documents, permissions, population
from tinhso.services.choices import DossierStatus as S
from tinhso.services.dispatch import OFFICIAL_ACTIONS, perform, primary_action
from tinhso.services.forms import CounterApplicantForm, json_ready, schema_form
from tinhso.services.models import Dossier, Procedure
from tinhso.services.state import OPEN, TRANSITIONS
from tinhso.services.worklists import visible_worklists, worklist

DESK_ROLES = (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)

ACTIONS = OFFICIAL_ACTIONS


def can_apologise(user: Any, dossier: Dossier) -> bool:
    """A late (or soon late) open dossier: its leaders or current handler write the letter."""
    return (
        dossier.status in OPEN
        and dossier.due_at is not None
        and (
            permissions.can_oversee(user, dossier) or permissions.can_do_current_step(user, dossier)
        )
    )


def available_actions(user: Any, dossier: Dossier) -> list[str]:
    """The buttons to show: legal from this status and allowed for this person."""
    legal = TRANSITIONS[dossier.status]
    step_holder = permissions.can_do_current_step(user, dossier)
    receptionist = permissions.can_receive(user, dossier)
    steps = list(dossier.procedure.steps.order_by("order"))
    at_last = bool(steps) and dossier.current_step_id == steps[-1].pk
    found = []
    if receptionist and S.RECEIVED in legal and dossier.status == S.NEW:
        found += ["receive", "refuse"]
    if step_holder and dossier.status in (S.RECEIVED, S.IN_PROGRESS):
        if dossier.assignee_id != user.pk:
            found.append("claim")
        found.append("finish" if at_last else "forward")
        if dossier.current_step and steps and dossier.current_step.order > steps[1].order:
            found.append("return")
        found.append("supplement")
        if dossier.fee_amount and dossier.fee_paid_at is None:
            found.append("fee")
    if receptionist and dossier.status == S.FINISHED:
        found.append("return_result")
    if (S.STOPPED in legal) and (permissions.can_oversee(user, dossier) or receptionist):
        found.append("stop")
    return found


@role_required(*DESK_ROLES)
def desk(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = visible_worklists(request.user)
    if not lists:
        raise PermissionDenied
    current = request.GET.get("list") or lists[0].key
    if current not in {w.key for w in lists}:
        raise Http404
    counts = {w.key: worklist(request.user, w.key).count() for w in lists}
    page = Paginator(worklist(request.user, current), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "services/desk.html",
        {
            "lists": [(w, counts[w.key]) for w in lists],
            "current": current,
            "page": page,
            "can_intake": Role.RECEPTIONIST in roles_of(request.user),
        },
    )


def _dossier_for(request: AuthenticatedHttpRequest, code: str) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related("procedure", "agency", "current_step", "assignee"),
        code=code,
    )
    # Outside the official's units the dossier does not exist for them.
    if not permissions.can_view(request.user, dossier):
        raise Http404
    return dossier


@role_required(*DESK_ROLES)
def desk_dossier(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _dossier_page(request, _dossier_for(request, code))


@require_POST
@role_required(*DESK_ROLES)
def desk_population(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The applicant as the population database holds them, through the axis; shown
    on the dossier's page, kept nowhere."""
    dossier = _dossier_for(request, code)
    if not population.available(dossier):
        raise Http404
    found = population.do_check_population(dossier, acting_user=request.user, request=request)
    return _dossier_page(request, dossier, population_check=found)


def _dossier_page(
    request: AuthenticatedHttpRequest, dossier: Dossier, **extra: Any
) -> HttpResponse:
    available = available_actions(request.user, dossier)
    primary = primary_action(available)
    actions = [(key, *ACTIONS[key]) for key in available]
    return render(
        request,
        "services/desk_dossier.html",
        {
            "dossier": dossier,
            "events": dossier.events.all(),
            "documents": dossier.documents.select_related("requirement"),
            "form_rows": _form_rows(dossier),
            "main_actions": [a for a in actions if a[0] == primary],
            "other_actions": [a for a in actions if a[0] != primary and not a[3]],
            "danger_actions": [a for a in actions if a[3]],
            "can_apologise": can_apologise(request.user, dossier),
            "apology_form": ApologyForm(),
            "population_available": population.available(dossier),
            **extra,
        },
    )


def _form_rows(dossier: Dossier) -> list[tuple[str, Any]]:
    labels = {
        spec["name"]: spec.get("label", spec["name"]) for spec in dossier.procedure.form_schema
    }
    return [(labels.get(name, name), value) for name, value in dossier.form_data.items()]


@require_POST
@role_required(*DESK_ROLES)
def desk_action(request: AuthenticatedHttpRequest, code: str, action: str) -> HttpResponse:
    dossier = _dossier_for(request, code)
    if action not in ACTIONS:
        raise Http404
    unconfirmed = _unconfirmed(request, dossier, action)
    if unconfirmed:
        messages.error(request, unconfirmed)
        return redirect("desk:dossier", code=dossier.code)
    try:
        perform(action, dossier, request.user, request.POST.get("note", ""), request)
    except ActionError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này ở bước hiện tại."))
    else:
        messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": ACTIONS[action][0]})
    return redirect("desk:dossier", code=dossier.code)


def _unconfirmed(request: AuthenticatedHttpRequest, dossier: Dossier, action: str) -> str:
    """Why an action that cannot be undone was not done: a dangerous one needs its box
    ticked, and the result is signed and sent only after the official has seen it.
    (Actions this official may not do are left to perform() to refuse.)"""
    if action not in available_actions(request.user, dossier):
        return ""
    if ACTIONS[action][2] and request.POST.get("confirm") != "1":
        return _("Hãy đánh dấu ô xác nhận trước khi %(action)s.") % {
            "action": str(ACTIONS[action][0]).lower()
        }
    if action == "finish" and request.POST.get("previewed") != "1":
        return _("Hãy xem trước kết quả và đánh dấu đã xem trước khi ký và gửi.")
    return ""


@role_required(*DESK_ROLES)
def result_preview(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The result as it will be signed, marked as a preview and unsigned, for the
    official who is about to finish the dossier."""
    dossier = _dossier_for(request, code)
    if "finish" not in available_actions(request.user, dossier):
        raise Http404
    unit = permissions.step_unit(dossier, dossier.current_step)
    data = documents.result_pdf(
        dossier,
        "xem-truoc",
        unit.name,
        timezone.now(),
        # The number is taken when the result is signed; the draft leaves it blank.
        number=f"     /{documents.RESULT_BOOK}-{registers.agency_abbreviation(unit)}",
        signer_name=request.user.full_name,
        preview=True,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xem-truoc-{dossier.code}.pdf"'
    return response


class ApologyForm(forms.Form):
    new_due = forms.DateField(label=gettext_lazy("Ngày hẹn trả mới"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("Lý do chậm"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


@require_POST
@role_required(*DESK_ROLES)
def desk_apology(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    dossier = _dossier_for(request, code)
    form = ApologyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nhập ngày hẹn mới hợp lệ và lý do."))
        return redirect("desk:dossier", code=dossier.code)
    try:
        actions.do_issue_apology(
            dossier,
            acting_user=request.user,
            new_due=form.cleaned_data["new_due"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này ở bước hiện tại."))
    else:
        messages.success(request, _("Đã gửi thư xin lỗi và hẹn lại ngày trả kết quả."))
    return redirect("desk:dossier", code=dossier.code)


@role_required(Role.RECEPTIONIST)
def counter_intake(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A receptionist registers a paper dossier brought to the counter (or by post)."""
    code = request.GET.get("procedure") or request.POST.get("procedure", "")
    procedure = Procedure.objects.filter(code=code[:40], is_active=True).first()
    if procedure is None:
        procedures = Procedure.objects.filter(is_active=True).select_related("field")
        return render(request, "services/counter_choose.html", {"procedures": procedures})
    agencies = org_units_in_scope(request.user, [Role.RECEPTIONIST]).filter(
        kind=OrgUnitKind.PEOPLES_COMMITTEE
    )
    post = request.POST if request.method == "POST" else None
    applicant = CounterApplicantForm(post, procedure=procedure, agencies=agencies, prefix="a")
    details = schema_form(procedure, post)
    requirements = list(procedure.documents.all())
    errors: dict[int, str] = {}
    general_error = ""
    if request.method == "POST" and applicant.is_valid() & details.is_valid():
        data = applicant.cleaned_data
        files = {r.pk: request.FILES.getlist(f"doc_{r.pk}") for r in requirements}
        # Link the dossier to the applicant's account when they have one, so they
        # follow it in the app too.
        account = User.objects.filter(phone=data["applicant_phone"], is_active=True).first()
        try:
            dossier = actions.do_submit_dossier(
                procedure=procedure,
                agency=actions.agency_for(procedure, data.get("agency")),
                applicant=account,
                applicant_name=data["applicant_name"],
                applicant_phone=data["applicant_phone"],
                applicant_citizen_id=data["applicant_citizen_id"],
                applicant_address=data["applicant_address"],
                form_data=json_ready(details.cleaned_data),
                files={k: v for k, v in files.items() if v},
                channel=data["channel"],
                acting_user=request.user,
                submission_key=_key(request.POST.get("submission_key", "")),
                request=request,
            )
        except ActionError as exc:
            if exc.field and exc.field.startswith("doc_"):
                errors[int(exc.field[4:])] = exc.message
            else:
                general_error = exc.message
        except PermissionDenied:
            general_error = _("Bạn không tiếp nhận hồ sơ cho cơ quan này.")
        else:
            messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
            return redirect("desk:dossier", code=dossier.code)
    return render(
        request,
        "services/counter_intake.html",
        {
            "procedure": procedure,
            "applicant": applicant,
            "details": details,
            "requirements": [(r, errors.get(r.pk)) for r in requirements],
            "general_error": general_error,
            "submission_key": uuid.uuid4(),
        },
    )


def _key(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
