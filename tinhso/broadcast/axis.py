"""Source systems through the province's exchange axis (LGSP, docs/exchange.md): the same
three operations as the key-authenticated API (api.py), offered as the platform's own
service ``local:broadcast.bulletins``. The axis checks the caller's OAuth token, the
access right the province granted it and the rate limit, and logs the exchange in its
signed log; here the calling subsystem must also be registered as a source system
(``SourceSystem.axis_client``), whose scopes apply as for a key.

    POST /bulletins                   the bulletin (api.BulletinIn as JSON)
    GET  /bulletins/<reference>       where it stands
    POST /bulletins/<reference>/withdraw

The axis delivers a queued message again until it is answered: the reference makes a
repeat change nothing."""

from __future__ import annotations

import json
from typing import Any

import pydantic
from django.utils.translation import gettext as _

from tinhso.broadcast import api
from tinhso.broadcast import dispatch as dispatching
from tinhso.broadcast.models import SourceSystem
from tinhso.exchange import local

HANDLER = "broadcast.bulletins"
JSON = "application/json; charset=utf-8"


def _answer(status: int, body: dict[str, Any]) -> tuple[int, bytes, str]:
    return status, json.dumps(body, ensure_ascii=False, default=str).encode(), JSON


def receive(call: local.LocalCall) -> tuple[int, bytes, str]:
    source = SourceSystem.objects.filter(axis_client=call.client, is_active=True).first()
    if source is None:
        return _answer(
            403, {"detail": _("Hệ thống gọi chưa được đăng ký là hệ thống thông tin nguồn.")}
        )
    parts = [p for p in call.path.split("/") if p]
    if parts == ["bulletins"] and call.method == "POST":
        try:
            bulletin = api.BulletinIn.model_validate_json(call.body or b"{}")
        except pydantic.ValidationError as invalid:
            errors = [
                {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                for e in invalid.errors(include_url=False, include_context=False)
            ]
            return _answer(422, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": errors})
        return _answer(*api.submit(source, bulletin))
    if len(parts) in (2, 3) and parts[0] == "bulletins":
        sent = api.sent_by(source, parts[1])
        if sent is None:
            return _answer(404, {"detail": str(api.NOT_SENT)})
        if len(parts) == 2 and call.method == "GET":
            return _answer(200, api.described(sent))
        if parts[2:] == ["withdraw"] and call.method == "POST":
            sent, _changed = dispatching.do_withdraw(sent, source=source)
            return _answer(200, api.described(sent))
    return _answer(404, {"detail": _("Không có thao tác này.")})


def install() -> None:
    local.register(HANDLER, receive)
