"""Our own apps as systems on the axis: a call or a queued message in the name of one
of Tỉnh số's registered subsystems (the one-stop desk, the IOC …), through the same
access check, forwarding and message log as an outside system's call — only the
token is not needed, the process being the platform itself.

Which subsystem each app calls as, and which service it calls, are settings
(``EXCHANGE_DESK_SUBSYSTEM``, ``POPULATION_SERVICE`` …): a province registers its
systems on the axis, then names them there.
"""

from __future__ import annotations

import json
import uuid

from django.utils.translation import gettext as _

from tinhso.exchange import gateway, outbox
from tinhso.exchange.gateway import Answer, Call, Refusal
from tinhso.exchange.identifiers import BadIdentifier, SubsystemId, parse_service
from tinhso.exchange.models import QueuedMessage, Subsystem


class Unavailable(Exception):
    """The axis cannot carry this call; ``str()`` is fit to show an official."""


def subsystem(identifier: str) -> Subsystem:
    try:
        wanted = SubsystemId.parse(identifier)
    except BadIdentifier:
        raise Unavailable(_("Hệ thống này chưa được cấu hình trên trục liên thông.")) from None
    found = Subsystem.objects.select_related("member").filter(
        code=wanted.subsystem,
        member__code=wanted.member_code,
        member__member_class=wanted.member_class,
        is_active=True,
    )
    first = found.first()
    if first is None:
        raise Unavailable(_("Hệ thống này chưa được đăng ký trên trục liên thông."))
    return first


def call(
    sender: str, service: str, path: str, *, method: str = "GET", body: bytes = b"", query: str = ""
) -> Answer:
    """One call as ``sender``; the provider's answer (any status), or Unavailable when
    the axis refused or could not reach it."""
    client = subsystem(sender)
    try:
        service_id = parse_service(service)
    except BadIdentifier:
        raise Unavailable(_("Dịch vụ này chưa được cấu hình trên trục liên thông.")) from None
    answer = gateway.exchange_as(
        client,
        Call(method=method, service_id=service_id, path=path, query=query, body=body, headers={}),
    )
    if answer.error:
        raise Unavailable(_refusal_message(answer))
    return answer


def queue(
    sender: str,
    service: str,
    body: bytes,
    *,
    path: str = "/",
    message_id: uuid.UUID | None = None,
) -> QueuedMessage:
    """Queue a one-way message as ``sender`` (in the caller's transaction)."""
    client = subsystem(sender)
    try:
        found = gateway.find_service(parse_service(service))
        gateway.check_right(found, client, "POST", path)
    except (BadIdentifier, Refusal) as refused:
        raise Unavailable(
            refused.message
            if isinstance(refused, Refusal)
            else _("Dịch vụ này chưa được cấu hình trên trục liên thông.")
        ) from None
    return outbox.queue(client, found, body, path=path, message_id=message_id)


def _refusal_message(answer: Answer) -> str:
    try:
        return str(json.loads(answer.body)["message"])
    except (ValueError, KeyError, TypeError):
        return _("Trục liên thông không chuyển được yêu cầu.")
