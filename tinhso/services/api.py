"""Public services over JSON: /api/v1/procedures, /api/v1/dossiers, /api/v1/lookup.

Same actions, permissions and messages as the pages; authenticated with the
session or an SSO bearer token.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import reduce
from operator import and_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from tinhso.accounts.api_auth import user_auth
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.core.errors import ActionError
from tinhso.core.input_guard import BadInput, parse_json
from tinhso.core.models import OrgUnit
from tinhso.core.params import ascii_int
from tinhso.core.schemas import ErrorOut
from tinhso.core.text import query_words
from tinhso.services import actions, permissions
from tinhso.services.choices import DossierStatus
from tinhso.services.dispatch import OFFICIAL_ACTIONS, perform
from tinhso.services.forms import json_ready, schema_form
from tinhso.services.models import Dossier, Procedure
from tinhso.services.portal import portal_payload
from tinhso.services.throttle import too_many_lookups

router = Router(tags=["public services"])


class DocumentRequirementOut(Schema):
    id: int
    name: str
    mandatory: bool


class ProcedureOut(Schema):
    code: str
    name: str
    field: str = Field(..., alias="field.name")
    level: str
    processing_days: int
    fee: int
    online_level: str
    result_name: str


class ProcedureDetailOut(ProcedureOut):
    form_schema: list[dict[str, Any]]
    documents: list[DocumentRequirementOut]

    @staticmethod
    def resolve_documents(obj: Procedure) -> list[Any]:
        return list(obj.documents.all())


class DossierEventOut(Schema):
    kind: str
    at: dt.datetime
    to_status: int
    step_name: str


class DossierOut(Schema):
    code: str
    procedure_code: str = Field(..., alias="procedure.code")
    procedure_name: str = Field(..., alias="procedure.name")
    agency: str = Field(..., alias="agency.identifier")
    status: int
    status_label: str = Field(..., alias="get_status_display")
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None


class DossierDetailOut(DossierOut):
    form_data: dict[str, Any]
    events: list[DossierEventOut]

    @staticmethod
    def resolve_events(obj: Dossier) -> list[Any]:
        return list(obj.events.all())


class ActionIn(Schema):
    note: str = Field("", max_length=2000)


@router.get("/procedures", response=list[ProcedureOut], auth=None)
def list_procedures(request: HttpRequest, q: str = "", field: str = "", level: str = ""):
    procedures = Procedure.objects.filter(is_active=True).select_related("field")
    words = query_words(q)
    if words:
        procedures = procedures.filter(reduce(and_, (Q(search_text__contains=w) for w in words)))
    if field:
        procedures = procedures.filter(field__code=field[:50])
    if level:
        procedures = procedures.filter(level=level[:10])
    return procedures[:200]


@router.get("/procedures/{code}", response=ProcedureDetailOut, auth=None)
def get_procedure(request: HttpRequest, code: str):
    return get_object_or_404(Procedure.objects.select_related("field"), code=code, is_active=True)


@router.post(
    "/dossiers", response={201: DossierOut, 400: ErrorOut}, auth=user_auth("dossiers:write")
)
def submit_dossier(
    request: AuthenticatedHttpRequest,
    procedure: Form[str],
    form_data: Form[str],
    applicant_address: Form[str] = "",
    agency: Form[str] = "",
    submission_key: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
):
    """Submit online. ``form_data`` is a JSON object; each file's field name is
    ``doc_<requirement id>`` (multipart)."""
    proc = Procedure.objects.filter(code=procedure[:40], is_active=True).first()
    if proc is None:
        return Status(400, {"detail": _("Không tìm thấy thủ tục."), "field": "procedure"})
    try:
        data = parse_json(form_data or "{}")
    except BadInput as exc:
        return Status(
            400,
            {"detail": _("form_data phải là JSON: %(why)s") % {"why": exc}, "field": "form_data"},
        )
    details = schema_form(
        proc, {f"f-{k}": v for k, v in data.items()} if isinstance(data, dict) else {}
    )
    if not details.is_valid():
        name, errors = next(iter(details.errors.items()))
        return Status(400, {"detail": f"{name}: {errors[0]}", "field": name})
    committee = OrgUnit.objects.filter(identifier=agency[:13]).first() if agency else None
    files_by_requirement: dict[int, list[Any]] = {}
    for key in request.FILES:
        requirement_id = ascii_int(key[4:], minimum=1) if key.startswith("doc_") else None
        if requirement_id is None:
            return Status(
                400, {"detail": _("Tên trường tệp phải là doc_<mã giấy tờ>."), "field": key[:60]}
            )
        files_by_requirement[requirement_id] = request.FILES.getlist(key)
    try:
        key_uuid = uuid.UUID(submission_key) if submission_key else None
    except ValueError:
        return Status(400, {"detail": _("submission_key phải là UUID."), "field": "submission_key"})
    try:
        dossier = actions.submit_online(
            request.user,
            proc,
            commune_committee=committee,
            applicant_address=applicant_address,
            form_data=json_ready(details.cleaned_data),
            files=files_by_requirement,
            submission_key=key_uuid,
            request=request,
        )
    except ActionError as exc:
        return Status(400, {"detail": exc.message, "field": exc.field})
    return Status(201, dossier)


@router.get("/dossiers", response=list[DossierOut], auth=user_auth("dossiers:read"))
def my_dossiers(request: AuthenticatedHttpRequest):
    """The signed-in person's own dossiers, newest first."""
    return Dossier.objects.filter(applicant=request.user).select_related("procedure", "agency")[
        :200
    ]


def _visible(request: AuthenticatedHttpRequest, code: str) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.select_related("procedure", "agency", "current_step"), code=code
    )
    if not permissions.can_view(request.user, dossier):
        raise HttpError(404, _("Không tìm thấy hồ sơ."))
    return dossier


@router.get("/dossiers/{code}", response=DossierDetailOut, auth=user_auth("dossiers:read"))
def get_dossier(request: AuthenticatedHttpRequest, code: str):
    return _visible(request, code)


@router.post(
    "/dossiers/{code}/actions/{action}",
    response={200: DossierOut, 400: ErrorOut},
    auth=user_auth("desk"),
)
def act_on_dossier(request: AuthenticatedHttpRequest, code: str, action: str, body: ActionIn):
    """Officials: receive, refuse, claim, forward, return, supplement, fee, finish,
    return_result, stop — the same rules as the desk."""
    dossier = _visible(request, code)
    if action not in OFFICIAL_ACTIONS:
        raise HttpError(404, _("Không có thao tác này."))
    try:
        dossier = perform(action, dossier, request.user, body.note, request)
    except ActionError as exc:
        return Status(400, {"detail": exc.message, "field": exc.field})
    except PermissionDenied:
        raise HttpError(
            403, _("Bạn không có quyền thực hiện thao tác này ở bước hiện tại.")
        ) from None
    return Status(200, dossier)


@router.get("/dossiers/{code}/portal-sync", auth=user_auth("desk"))
def dossier_portal_payload(request: AuthenticatedHttpRequest, code: str):
    """The national portal's sync payload for this dossier as it is now (officials)."""
    dossier = _visible(request, code)
    if dossier.applicant_id == request.user.pk and not request.user.is_official:
        raise HttpError(404, _("Không tìm thấy hồ sơ."))
    return portal_payload(dossier)


class LookupOut(Schema):
    code: str
    procedure_name: str
    status: int
    status_label: str
    due_at: dt.datetime | None


# The public look-up is the busiest public call: one query for just what it shows and
# checks (six columns, no ordering), instead of a model instance with its 45 columns.
LOOKUP_COLUMNS = (
    "code", "procedure__name", "status", "due_at", "applicant_phone", "applicant_citizen_id",
)  # fmt: skip


@router.get("/lookup", response={200: LookupOut, 404: ErrorOut, 429: ErrorOut}, auth=None)
def lookup(request: HttpRequest, code: str, secret: str):
    """Public look-up: the code and the last 4 digits of the applicant's phone or ID."""
    if too_many_lookups(request):
        return Status(
            429, {"detail": _("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")}
        )
    found = list(
        Dossier.objects.filter(code=code.strip().upper()[:40])
        .order_by()
        .values_list(*LOOKUP_COLUMNS)[:1]
    )
    secret = secret.strip()[:4]
    if (
        not found
        or len(secret) != 4
        or secret not in (found[0][4][-4:], (found[0][5] or "")[-4:] or None)
    ):
        return Status(404, {"detail": _("Không tìm thấy hồ sơ khớp với thông tin đã nhập.")})
    code, procedure_name, status, due_at, _phone, _citizen_id = found[0]
    return Status(
        200,
        {
            "code": code,
            "procedure_name": procedure_name,
            "status": status,
            "status_label": str(DossierStatus(status).label),
            "due_at": due_at,
        },
    )
