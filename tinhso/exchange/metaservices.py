"""Who offers what on the axis: X-Road's REST metaservices (PR-MREST), as JSON.

    GET /exchange/r1/{INSTANCE}/listClients
    GET /exchange/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/listMethods
    GET /exchange/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/allowedMethods
    GET /exchange/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/getOpenAPI?serviceCode=…

Any registered system may ask (with its token, as for a call); ``allowedMethods``
answers what the caller itself may call, and ``getOpenAPI`` gives a description only
to a caller with a right on that service.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from tinhso.exchange import registry
from tinhso.exchange.gateway import Answer, Refusal, client_of, refused
from tinhso.exchange.identifiers import METASERVICES, SubsystemId, valid_part
from tinhso.exchange.models import AccessRight, Service, Subsystem


def is_metaservice(rest: str) -> bool:
    parts = rest.split("/")
    return len(parts) in (2, 5) and parts[-1] in METASERVICES


def _json(data: dict[str, Any]) -> Answer:
    return Answer(
        200,
        json.dumps(data, ensure_ascii=False).encode(),
        {"Content-Type": "application/json; charset=utf-8"},
    )


def answer(rest: str, query: QueryDict, client_pk: int, claimed: str | None) -> Answer:
    try:
        caller = client_of(client_pk, claimed)
        parts = rest.split("/")
        if parts[0] != settings.EXCHANGE_INSTANCE or not all(valid_part(p) for p in parts):
            raise Refusal(404, "Client.UnknownService", _("Không có dịch vụ này trên trục."))
        if parts[-1] == "listClients" and len(parts) == 2:
            return _json(list_clients())
        if len(parts) != 5 or parts[-1] == "listClients":
            raise Refusal(400, "Client.BadRequest", _("Đường dẫn metaservice không hợp lệ."))
        provider = SubsystemId(*parts[:4])
        services = _services_of(provider)
        if parts[-1] == "listMethods":
            return _json({"service": [_service_json(s) for s in services]})
        if parts[-1] == "allowedMethods":
            return _json({"service": _allowed(services, caller)})
        return _openapi(services, caller, query.get("serviceCode", ""))
    except Refusal as refusal:
        return refused(refusal, None)


def list_clients() -> dict[str, Any]:
    subsystems = Subsystem.objects.filter(is_active=True, member__is_active=True).select_related(
        "member"
    )
    return {
        "member": [
            {"id": s.identifier.as_json(), "name": s.name, "member_name": s.member.name}
            for s in subsystems
        ]
    }


def _services_of(provider: SubsystemId) -> list[Service]:
    """The provider's active services, from the registry the gateway reads."""
    services = registry.snapshot().services.values()
    return sorted((s for s in services if s.subsystem.identifier == provider), key=lambda s: s.code)


def _service_json(service: Service) -> dict[str, Any]:
    return {**service.identifier.as_json(), "service_type": "REST", "name": service.name}


def _allowed(services: list[Service], caller: Subsystem) -> list[dict[str, Any]]:
    rights: dict[int, list[AccessRight]] = {}
    for right in AccessRight.objects.filter(
        service__in=services, client=caller, revoked_at__isnull=True
    ):
        rights.setdefault(right.service_id, []).append(right)  # type: ignore[attr-defined]
    return [
        {
            **_service_json(s),
            "endpoint_list": [
                {"method": r.method or "*", "path": (r.path.rstrip("/") or "") + "/*"}
                for r in rights[s.pk]
            ],
        }
        for s in services
        if s.pk in rights
    ]


def _openapi(services: list[Service], caller: Subsystem, code: str) -> Answer:
    service = next((s for s in services if s.code == code), None)
    if service is None:
        raise Refusal(404, "Client.UnknownService", _("Không có dịch vụ này trên trục."))
    if not service.rights.filter(client=caller, revoked_at__isnull=True).exists():
        raise Refusal(
            403, "Client.AccessDenied", _("Hệ thống chưa được cấp quyền gọi dịch vụ này.")
        )
    if not service.openapi:
        raise Refusal(404, "Client.NoDescription", _("Dịch vụ này chưa có mô tả OpenAPI."))
    return _json(service.openapi)
