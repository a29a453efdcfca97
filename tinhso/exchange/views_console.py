"""The IT department's pages for the axis: how it is doing, its registry, its message
log and its queue. System administrators see the members of their units (the axis's
operators, at the top of the tree, see every member); every change is a ``do_*``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import role_required
from tinhso.core.errors import ActionError
from tinhso.core.paging import CappedPaginator
from tinhso.exchange import actions, monitoring, openapi
from tinhso.exchange.forms import (
    BodyKeepingForm,
    GrantForm,
    LogFilterForm,
    MemberForm,
    OpenApiForm,
    ServiceForm,
    SubsystemForm,
)
from tinhso.exchange.models import (
    AccessRight,
    DeliveryState,
    Exchange,
    Member,
    QueuedMessage,
    Service,
    Subsystem,
)

ADMINS = (Role.SYSTEM_ADMIN,)
PERIODS = {"24h": dt.timedelta(hours=24), "7d": dt.timedelta(days=7)}


def _visible_identifiers(user: Any) -> list[str] | None:
    """The identifier prefixes of the subsystems the user may see exchanges of; None
    for the operators (everything)."""
    if actions.is_operator(user):
        return None
    return [
        f"{s.identifier}/"
        for s in Subsystem.objects.filter(member__in=actions.visible_members(user)).select_related(
            "member"
        )
    ]


def _visible_exchanges(user: Any) -> QuerySet[Exchange]:
    prefixes = _visible_identifiers(user)
    rows = Exchange.objects.all()
    if prefixes is None:
        return rows
    if not prefixes:
        return rows.none()
    mine = Q()
    for prefix in prefixes:
        mine |= Q(client=prefix.rstrip("/")) | Q(service__startswith=prefix)
    return rows.filter(mine)


@role_required(*ADMINS)
def overview(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "24h")
    span = PERIODS.get(period, PERIODS["24h"])
    end = timezone.now()
    start = end - span
    services = monitoring.traffic(start, end, "service")
    prefixes = _visible_identifiers(request.user)
    if prefixes is not None:
        services = [t for t in services if any(t.key.startswith(p) for p in prefixes)]
    return render(
        request,
        "exchange/overview.html",
        {
            "period": period if period in PERIODS else "24h",
            "services": services,
            "clients": monitoring.traffic(start, end, "client") if prefixes is None else [],
            "failing": monitoring.failing_services(start, end),
            "queue": monitoring.queue_counts(),
            "chart_json": json.dumps(monitoring.hourly(start, end)),
            "health": Service.objects.filter(is_active=True, health_ok=False).select_related(
                "subsystem__member"
            ),
        },
    )


def _managed_services(user: Any) -> list[Service]:
    return list(
        Service.objects.filter(subsystem__member__in=actions.visible_members(user))
        .select_related("subsystem__member")
        .order_by("subsystem__member__code", "subsystem__code", "code")
    )


@role_required(*ADMINS)
def registry(request: HttpRequest) -> HttpResponse:
    members = actions.visible_members(request.user).prefetch_related(
        "subsystems__services__rights__client__member", "subsystems__client"
    )
    return render(
        request,
        "exchange/registry.html",
        {
            "members": members,
            "is_operator": actions.is_operator(request.user),
            "member_form": MemberForm(),
            "subsystem_form": SubsystemForm(),
            "service_form": ServiceForm(),
            # "Cấp quyền gọi dịch vụ này" under a service opens the form with it chosen.
            "grant_form": GrantForm(
                services=_managed_services(request.user),
                initial={"service": request.GET.get("grant", "")},
            ),
            "openapi_form": OpenApiForm(),
        },
    )


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("exchange_desk:registry")


def _refused(request: HttpRequest, form: Any) -> HttpResponse:
    errors = [str(e) for field in form.errors.values() for e in field]
    messages.error(request, " ".join(errors) or _("Dữ liệu chưa hợp lệ."))
    return redirect("exchange_desk:registry")


def _member(request: HttpRequest, pk: int) -> Member:
    member = get_object_or_404(Member, pk=pk)
    if not actions.may_manage(request.user, member):
        raise Http404
    return member


@require_POST
@role_required(*ADMINS)
def add_member(request: HttpRequest) -> HttpResponse:
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    try:
        member = actions.do_register_member(**form.cleaned_data, acting_user=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    except PermissionDenied:
        messages.error(request, _("Chỉ đơn vị vận hành trục mới đăng ký được thành viên."))
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã đăng ký thành viên %(name)s.") % {"name": member.name})


@require_POST
@role_required(*ADMINS)
def add_subsystem(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    form = SubsystemForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    try:
        found = actions.do_register_subsystem(member, **form.cleaned_data, acting_user=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã đăng ký hệ thống %(id)s.") % {"id": found.identifier})


def _subsystem(request: HttpRequest, pk: int) -> Subsystem:
    found = get_object_or_404(Subsystem.objects.select_related("member"), pk=pk)
    _member(request, found.member_id)
    return found


@require_POST
@role_required(*ADMINS)
def add_service(request: HttpRequest, pk: int) -> HttpResponse:
    subsystem = _subsystem(request, pk)
    form = ServiceForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    try:
        found = actions.do_register_service(
            subsystem, **form.cleaned_data, acting_user=request.user
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã đăng ký dịch vụ %(id)s.") % {"id": found.identifier})


@require_POST
@role_required(*ADMINS)
def issue_credentials(request: HttpRequest, pk: int) -> HttpResponse:
    subsystem = _subsystem(request, pk)
    client_id, secret = actions.do_issue_credentials(subsystem, acting_user=request.user)
    # Shown once, on this answer only: the secret is kept hashed.
    return render(
        request,
        "exchange/credentials.html",
        {"subsystem": subsystem, "client_id": client_id, "secret": secret},
    )


def _service(request: HttpRequest, pk: int) -> Service:
    found = get_object_or_404(Service.objects.select_related("subsystem__member"), pk=pk)
    _member(request, found.subsystem.member_id)
    return found


@require_POST
@role_required(*ADMINS)
def grant(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST, services=_managed_services(request.user))
    if not form.is_valid():
        return _refused(request, form)
    service = _service(request, form.cleaned_data["service"])
    try:
        actions.do_grant_access(
            service,
            form.cleaned_data["client"],
            method=form.cleaned_data["method"],
            path=form.cleaned_data["path"],
            acting_user=request.user,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã cấp quyền gọi %(id)s.") % {"id": service.identifier})


@require_POST
@role_required(*ADMINS)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    right = get_object_or_404(AccessRight.objects.select_related("service"), pk=pk)
    _service(request, right.service_id)
    try:
        actions.do_revoke_access(right, acting_user=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã thu hồi quyền."))


@require_POST
@role_required(*ADMINS)
def keep_bodies(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = BodyKeepingForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    try:
        actions.do_set_body_keeping(
            service,
            keep=form.cleaned_data["keep"],
            days=form.cleaned_data["days"],
            acting_user=request.user,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã lưu cách giữ nội dung của %(id)s.") % {"id": service.identifier})


@require_POST
@role_required(*ADMINS)
def set_openapi(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = OpenApiForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form)
    upload = form.cleaned_data["file"]
    try:
        document = (
            openapi.read(upload.read(openapi.MAX_BYTES + 1))
            if upload
            else openapi.fetch(form.cleaned_data["url"].strip())
        )
        actions.do_set_openapi(service, document=document, acting_user=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("exchange_desk:registry")
    return _done(request, _("Đã lưu mô tả OpenAPI của %(id)s.") % {"id": service.identifier})


@role_required(*ADMINS)
def message_log(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    rows = _visible_exchanges(request.user).order_by("-id")
    if form.is_bound and form.is_valid():
        wanted = form.cleaned_data
        if wanted["client"]:
            rows = rows.filter(client__startswith=wanted["client"].strip())
        if wanted["service"]:
            rows = rows.filter(service__startswith=wanted["service"].strip())
        if wanted["outcome"] == "ok":
            rows = rows.filter(status__lt=400)
        elif wanted["outcome"] == "refused":
            rows = rows.filter(status__gte=400, status__lt=500)
        elif wanted["outcome"] == "failed":
            rows = rows.filter(status__gte=500)
        if wanted["since"]:
            rows = rows.filter(at__date__gte=wanted["since"])
        if wanted["until"]:
            rows = rows.filter(at__date__lte=wanted["until"])
        if wanted["message_id"]:
            rows = rows.filter(message_id=wanted["message_id"])
    page = CappedPaginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required(*ADMINS)
def queue(request: HttpRequest) -> HttpResponse:
    members = actions.visible_members(request.user)
    rows = QueuedMessage.objects.filter(
        Q(sender__member__in=members) | Q(service__subsystem__member__in=members)
    ).exclude(state=DeliveryState.DELIVERED)
    return render(
        request,
        "exchange/queue.html",
        {
            "dead": rows.filter(state=DeliveryState.DEAD)
            .select_related("sender__member", "service__subsystem__member")
            .order_by("-give_up_at")[:200],
            "waiting": rows.filter(state=DeliveryState.WAITING)
            .select_related("sender__member", "service__subsystem__member")
            .order_by("next_attempt_at")[:200],
        },
    )


@require_POST
@role_required(*ADMINS)
def send_again(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(QueuedMessage, pk=pk)
    try:
        actions.do_send_again(message, acting_user=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã đưa thông điệp vào hàng chờ gửi lại."))
    return redirect("exchange_desk:queue")
