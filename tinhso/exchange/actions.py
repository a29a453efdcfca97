"""Every change to the axis's registry: one ``do_*`` each, with its audit row.

Who may change what: the axis's operators (a system administrator at the top of the
organisation tree) manage every member; a member's own system administrators (over
its unit in the tree) manage its subsystems and services and grant access to them —
the provider decides who calls it, as in X-Road.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from tinhso.accounts.choices import Role
from tinhso.accounts.models import SsoClient
from tinhso.accounts.permissions import has_role_over, org_units_in_scope
from tinhso.core import outbound
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.exchange import local
from tinhso.exchange.gateway import is_the_axis_itself
from tinhso.exchange.identifiers import METASERVICES, valid_part
from tinhso.exchange.models import (
    AccessRight,
    DeliveryState,
    Member,
    MemberClass,
    QueuedMessage,
    Service,
    Subsystem,
)

METHODS = ("", "GET", "POST", "PUT", "PATCH", "DELETE")


def is_operator(user: Any) -> bool:
    if user.is_superuser:
        return True
    return any(
        has_role_over(user, Role.SYSTEM_ADMIN, root) for root in OrgUnit.objects.filter(parent=None)
    )


def may_manage(user: Any, member: Member) -> bool:
    """The axis's operators, or a system administrator over the member's unit."""
    if is_operator(user):
        return True
    return member.org_unit is not None and has_role_over(user, Role.SYSTEM_ADMIN, member.org_unit)


def visible_members(user: Any) -> QuerySet[Member]:
    """The members whose systems the user looks after (all of them for the operators)."""
    if is_operator(user):
        return Member.objects.all()
    return Member.objects.filter(org_unit__in=org_units_in_scope(user, [Role.SYSTEM_ADMIN]))


def _require(user: Any, member: Member) -> None:
    if not may_manage(user, member):
        raise PermissionDenied


def _code(value: str, field: str) -> str:
    value = (value or "").strip()
    if not valid_part(value):
        raise ActionError(
            _("Mã chỉ gồm chữ cái không dấu, chữ số và - _ . (tối đa 64 ký tự)."), field=field
        )
    return value


@transaction.atomic
def do_register_member(
    *,
    member_class: str,
    code: str,
    name: str,
    org_unit: OrgUnit | None = None,
    acting_user: Any,
) -> Member:
    if not is_operator(acting_user):
        raise PermissionDenied
    if member_class not in MemberClass.values:
        raise ActionError(_("Loại thành viên không hợp lệ."), field="member_class")
    if not name.strip():
        raise ActionError(_("Cần tên thành viên."), field="name")
    try:
        with transaction.atomic():
            member = Member.objects.create(
                member_class=member_class,
                code=_code(code, "code"),
                name=name.strip()[:255],
                org_unit=org_unit,
            )
    except IntegrityError:
        raise ActionError(_("Đã có thành viên với mã này."), field="code") from None
    write_audit("exchange.member_registered", actor=acting_user, obj=member)
    return member


@transaction.atomic
def do_register_subsystem(member: Member, *, code: str, name: str, acting_user: Any) -> Subsystem:
    _require(acting_user, member)
    if not name.strip():
        raise ActionError(_("Cần tên hệ thống."), field="name")
    try:
        with transaction.atomic():
            subsystem = Subsystem.objects.create(
                member=member, code=_code(code, "code"), name=name.strip()[:255]
            )
    except IntegrityError:
        raise ActionError(_("Thành viên đã có hệ thống với mã này."), field="code") from None
    write_audit(
        "exchange.subsystem_registered",
        actor=acting_user,
        obj=subsystem,
        data={"identifier": str(subsystem.identifier)},
    )
    return subsystem


@transaction.atomic
def do_issue_credentials(subsystem: Subsystem, *, acting_user: Any) -> tuple[str, str]:
    """A new OAuth client (client credentials) for the subsystem: (client id, secret).
    The secret is shown once and kept only hashed; a client it had before stops
    working at once."""
    _require(acting_user, subsystem.member)
    secret = secrets.token_urlsafe(32)
    old = subsystem.client
    application = Application.objects.create(
        name=f"Trục liên thông: {subsystem.identifier}"[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        skip_authorization=True,
    )
    SsoClient.objects.create(
        application=application, operator=subsystem.member.org_unit, api_scopes=["exchange"]
    )
    subsystem.client = application
    subsystem.save(update_fields=["client"])
    if old is not None:
        old.delete()  # its tokens go with it
    write_audit(
        "exchange.credentials_issued",
        actor=acting_user,
        obj=subsystem,
        data={"client_id": application.client_id, "replaced": old is not None},
    )
    return application.client_id, secret


def _check_base_url(url: str) -> str:
    url = (url or "").strip()
    if local.is_local(url):
        # One of the platform's own services (exchange/local.py), answered in process.
        if local.handler_for(url) is None:
            raise ActionError(
                _("Không có dịch vụ nội bộ “%(name)s”. Có: %(names)s.")
                % {"name": url, "names": ", ".join(local.SCHEME + n for n in local.names())},
                field="base_url",
            )
        return url
    try:
        outbound.check_url(url)
    except outbound.OutboundRefused:
        raise ActionError(
            _("Địa chỉ dịch vụ phải là http(s)://máy-chủ/…, không có tài khoản trong địa chỉ."),
            field="base_url",
        ) from None
    if is_the_axis_itself(url):
        raise ActionError(
            _("Địa chỉ dịch vụ không được trỏ về chính trục liên thông."), field="base_url"
        )
    return url


@transaction.atomic
def do_register_service(
    subsystem: Subsystem,
    *,
    code: str,
    name: str,
    base_url: str,
    openapi: dict[str, Any] | None = None,
    timeout_seconds: int = 10,
    acting_user: Any,
) -> Service:
    _require(acting_user, subsystem.member)
    code = _code(code, "code")
    if code in METASERVICES:
        raise ActionError(_("Mã này dành cho dịch vụ siêu dữ liệu của trục."), field="code")
    if not 1 <= timeout_seconds <= 120:
        raise ActionError(_("Thời gian chờ từ 1 đến 120 giây."), field="timeout_seconds")
    try:
        with transaction.atomic():
            service = Service.objects.create(
                subsystem=subsystem,
                code=code,
                name=(name or code).strip()[:255],
                base_url=_check_base_url(base_url),
                openapi=openapi,
                timeout_seconds=timeout_seconds,
            )
    except IntegrityError:
        raise ActionError(_("Hệ thống đã có dịch vụ với mã này."), field="code") from None
    write_audit(
        "exchange.service_registered",
        actor=acting_user,
        obj=service,
        data={"identifier": str(service.identifier), "base_url": service.base_url},
    )
    return service


@transaction.atomic
def do_set_body_keeping(service: Service, *, keep: bool, days: int, acting_user: Any) -> None:
    """Whether the log keeps this service's bodies (personal data: off by default)."""
    _require(acting_user, service.subsystem.member)
    if not 1 <= days <= 365:
        raise ActionError(_("Số ngày lưu từ 1 đến 365."), field="body_days")
    service.keep_bodies, service.body_days = keep, days
    service.save(update_fields=["keep_bodies", "body_days"])
    write_audit(
        "exchange.body_keeping_set",
        actor=acting_user,
        obj=service,
        data={"keep": keep, "days": days},
    )


@transaction.atomic
def do_grant_access(
    service: Service, client: Subsystem, *, method: str = "", path: str = "", acting_user: Any
) -> AccessRight:
    _require(acting_user, service.subsystem.member)
    method = (method or "").upper()
    if method not in METHODS:
        raise ActionError(_("Phương thức không hợp lệ."), field="method")
    path = (path or "").strip()
    if path and (not path.startswith("/") or ".." in path.split("/") or len(path) > 255):
        raise ActionError(_("Đường dẫn phải bắt đầu bằng /."), field="path")
    right = AccessRight.objects.create(
        service=service, client=client, method=method, path=path, granted_by=acting_user
    )
    write_audit(
        "exchange.access_granted",
        actor=acting_user,
        obj=service,
        data={"client": str(client.identifier), "method": method or "*", "path": path or "/"},
    )
    return right


@transaction.atomic
def do_revoke_access(right: AccessRight, *, acting_user: Any) -> None:
    right = AccessRight.objects.select_for_update().get(pk=right.pk)
    _require(acting_user, right.service.subsystem.member)
    if right.revoked_at is not None:
        raise ActionError(_("Quyền này đã bị thu hồi."), code="already_revoked")
    right.revoked_at = timezone.now()
    right.save(update_fields=["revoked_at"])
    write_audit(
        "exchange.access_revoked",
        actor=acting_user,
        obj=right.service,
        data={"client": str(right.client.identifier), "method": right.method or "*"},
    )


@transaction.atomic
def do_send_again(message: QueuedMessage, *, acting_user: Any) -> None:
    """A dead message back in the queue, due now, with a new EXCHANGE_GIVE_UP_HOURS."""
    message = (
        QueuedMessage.objects.select_for_update()
        .select_related("sender__member", "service__subsystem__member")
        .get(pk=message.pk)
    )
    if not (
        may_manage(acting_user, message.sender.member)
        or may_manage(acting_user, message.service.subsystem.member)
    ):
        raise PermissionDenied
    if message.state != DeliveryState.DEAD:
        raise ActionError(_("Chỉ gửi lại được thông điệp không chuyển được."), code="not_dead")
    now = timezone.now()
    message.state, message.next_attempt_at, message.claimed_until = DeliveryState.WAITING, now, None
    message.give_up_at = now + dt.timedelta(hours=settings.EXCHANGE_GIVE_UP_HOURS)
    message.save(update_fields=["state", "next_attempt_at", "claimed_until", "give_up_at"])
    write_audit(
        "exchange.message_sent_again",
        actor=acting_user,
        obj=message,
        data={"message_id": str(message.message_id), "attempts": message.attempts},
    )


@transaction.atomic
def do_set_openapi(service: Service, *, document: dict[str, Any], acting_user: Any) -> None:
    """The service's OpenAPI description (read and checked by exchange/openapi.py)."""
    _require(acting_user, service.subsystem.member)
    service.openapi = document
    service.save(update_fields=["openapi"])
    write_audit(
        "exchange.openapi_set",
        actor=acting_user,
        obj=service,
        data={"title": str(document.get("info", {}).get("title", ""))[:200]},
    )
