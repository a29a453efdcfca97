"""One call through the axis: who calls, what, may they, forward it, log it.

The shape is X-Road's REST message protocol (PR-REST), as a provincial gateway rather
than a federation of security servers (docs/exchange.md):

    {METHOD} /exchange/r1/{INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}/{SERVICE}/{path…}?{query}
    Authorization: Bearer <a client-credentials token of our SSO, scope "exchange">
    X-Road-Client: {INSTANCE}/{CLASS}/{MEMBER}/{SUBSYSTEM}   (optional; must be the token's)

The provider gets the same method, path, query and body at its base URL, with
``X-Road-Client`` (who calls, as the axis verified it), ``X-Road-Id`` (the exchange's
message id) and ``X-Road-Service``; the caller gets the provider's answer with
``X-Road-Id`` and ``X-Road-Request-Hash``. A refusal by the axis is JSON
``{"type", "message", "detail"}`` with the type in ``X-Road-Error`` too, as X-Road
answers: ``type`` for programs, ``message`` for people, ``detail`` the message id to
quote to the axis's operators.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core import outbound
from tinhso.core.throttle import over_limit
from tinhso.exchange import local, log, registry
from tinhso.exchange.identifiers import BadIdentifier, ServiceId, SubsystemId, valid_part
from tinhso.exchange.models import Service, Subsystem

# Headers that belong to one hop, or to the caller's session with the axis: never
# passed on (RFC 9110 §7.6.1, and the caller's credentials). The X-Road-* headers the
# axis sets itself are dropped from what the caller sent, so that no one can claim to
# be another client to the provider.
_NOT_FORWARDED = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
    "trailer", "transfer-encoding", "upgrade", "host", "content-length", "authorization",
    "cookie", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
    "x-real-ip", "x-road-client", "x-road-id", "x-road-service", "x-road-request-hash",
}  # fmt: skip
# Not Location: it would name the provider's own address, which callers do not reach.
_ANSWER_HEADERS = (
    "Content-Type", "Content-Language", "Content-Disposition", "Cache-Control", "ETag",
    "Last-Modified", "Expires",
)  # fmt: skip
# An encoded slash, backslash or dot in a path could mean one thing to the axis and
# another to the provider: refused before anything is decoded further.
_ENCODED_TRICKS = ("%2f", "%5c", "%2e", "%00")


@dataclass
class Refusal(Exception):
    status: int
    type: str
    message: str


@dataclass
class Call:
    """What a caller asked, as the axis read it."""

    method: str
    service_id: ServiceId
    path: str  # "/" or "/people/079…", decoded, checked
    query: str
    body: bytes
    headers: dict[str, str]
    host: str = ""  # the address the caller reached the axis at
    message_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    error: str = ""
    # A large answer passed on as it arrives, instead of ``body`` (gateway.relay).
    chunks: Iterator[bytes] | None = None
    close: Callable[[], None] | None = None


# An answer larger than this is passed on as it arrives rather than read whole first;
# smaller ones (nearly all) are read, hashed and logged before the caller gets them.
STREAM_ABOVE = 256 * 1024
CHUNK = 64 * 1024


def parse_target(rest: str, raw_path: str) -> tuple[ServiceId, str]:
    """``INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/path…]`` → the service and its path."""
    if any(trick in raw_path.lower() for trick in _ENCODED_TRICKS):
        raise Refusal(400, "Client.BadRequest", _("Đường dẫn chứa ký tự mã hóa không được phép."))
    parts = rest.split("/")
    if len(parts) < 5:
        raise Refusal(
            400,
            "Client.BadRequest",
            _("Đường dẫn phải có dạng r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE/…"),
        )
    head, tail = parts[:5], parts[5:]
    if not all(valid_part(p) for p in head):
        raise Refusal(400, "Client.BadRequest", _("Mã định danh dịch vụ không hợp lệ."))
    for segment in tail:
        if segment in (".", "..") or "\\" in segment or any(ord(c) < 0x20 for c in segment):
            raise Refusal(400, "Client.BadRequest", _("Đường dẫn không hợp lệ."))
    provider = SubsystemId(*head[:4])
    return ServiceId(provider, head[4]), "/" + "/".join(tail)


def find_service(service_id: ServiceId) -> Service:
    found = registry.service(service_id)
    if found is None or service_id.provider.instance != settings.EXCHANGE_INSTANCE:
        raise Refusal(404, "Client.UnknownService", _("Không có dịch vụ này trên trục."))
    return found


def client_of(client_pk: int | None, claimed: str | None) -> Subsystem:
    """The subsystem the token's OAuth client belongs to; a claimed X-Road-Client
    must be it."""
    subsystem = registry.subsystem_of(client_pk) if client_pk is not None else None
    if subsystem is None:
        raise Refusal(
            403, "Client.AccessDenied", _("Tài khoản này không gắn với hệ thống nào trên trục.")
        )
    if claimed:
        try:
            said = SubsystemId.parse(claimed)
        except BadIdentifier:
            raise Refusal(
                400, "Client.BadRequest", _("Tiêu đề X-Road-Client không hợp lệ.")
            ) from None
        if said != subsystem.identifier:
            raise Refusal(
                403,
                "Client.AccessDenied",
                _("X-Road-Client không khớp với hệ thống của mã truy cập."),
            )
    return subsystem


def check_right(service: Service, client: Subsystem, method: str, path: str) -> None:
    if not any(right.covers(method, path) for right in registry.rights(service.pk, client.pk)):
        raise Refusal(
            403,
            "Client.AccessDenied",
            _("Hệ thống %(client)s chưa được cấp quyền gọi %(method)s %(path)s của dịch vụ này.")
            % {"client": client.identifier, "method": method, "path": path},
        )
    if over_limit(f"exchange:{client.pk}:{service.pk}", service.per_minute, 60):
        raise Refusal(
            429, "Client.TooManyRequests", _("Quá số lần gọi cho phép mỗi phút. Thử lại sau.")
        )


def _provider_url(service: Service, call: Call) -> str:
    base = service.base_url.rstrip("/")
    path = "/".join(quote(segment, safe="") for segment in call.path.split("/"))
    return f"{base}{path}" + (f"?{call.query}" if call.query else "")


def _address(netloc: str, scheme: str = "") -> set[tuple[str, int]]:
    parts = urlsplit(f"//{netloc}")
    host = (parts.hostname or "").lower().lstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port:
        return {(host, port)}
    return (
        {(host, 443)}
        if scheme == "https"
        else {(host, 80)}
        if scheme
        else {(host, 80), (host, 443)}
    )


def is_the_axis_itself(url: str, request_host: str = "") -> bool:
    """A provider's address must never be the axis (a loop through the gateway): the
    host and port it is served at (ALLOWED_HOSTS on the standard ports,
    EXCHANGE_OWN_HOSTS, the address this request came to). Another port of the same
    machine is another system (a commune's laptop runs both)."""
    parts = urlsplit(url)
    target = _address(parts.netloc, parts.scheme)
    ours: set[tuple[str, int]] = set()
    for name in [*settings.ALLOWED_HOSTS, *settings.EXCHANGE_OWN_HOSTS, request_host]:
        if name and name != "*":
            ours |= _address(name)
    return bool(target & ours)


_local = threading.local()


def _session() -> requests.Session:
    """This thread's guarded session, so that calls to a provider reuse its connections
    (a new TLS handshake per call cost more than the call); a new one when the
    allowed networks change."""
    networks = outbound.allowed_networks()
    kept = getattr(_local, "kept", None)
    if kept is None or kept[0] != networks:
        if kept is not None:
            kept[1].close()
        kept = _local.kept = (networks, outbound.guarded_session(networks))
    return kept[1]


def _answer_locally(service: Service, client: Subsystem, call: Call) -> Answer:
    """A service of the platform itself (exchange/local.py): its handler, in process."""
    handler = local.handler_for(service.base_url)
    if handler is None:
        raise Refusal(502, "Server.ProviderUnreachable", _("Không kết nối được tới dịch vụ."))
    status, body, content_type = handler(
        local.LocalCall(
            client=str(client.identifier),
            method=call.method,
            path=call.path,
            query=call.query,
            body=call.body,
            message_id=call.message_id,
        )
    )
    return Answer(status, body, {"Content-Type": content_type})


def _refusal_for(reason: str, service: Service) -> Refusal:
    if "Timeout" in reason:
        return Refusal(
            504,
            "Server.ProviderTimeout",
            _("Dịch vụ không trả lời trong %(seconds)s giây.")
            % {"seconds": service.timeout_seconds},
        )
    if "larger" in reason:
        return Refusal(
            502, "Server.ResponseTooLarge", _("Câu trả lời của dịch vụ vượt quá giới hạn.")
        )
    return Refusal(502, "Server.ProviderUnreachable", _("Không kết nối được tới dịch vụ."))


def forward(service: Service, client: Subsystem, call: Call, *, stream: bool = False) -> Answer:
    """The provider's answer. ``stream``: one over ``STREAM_ABOVE`` bytes comes back as
    ``chunks`` to pass on as it arrives (the caller must consume or close them)."""
    if local.is_local(service.base_url):
        return _answer_locally(service, client, call)
    url = _provider_url(service, call)
    if is_the_axis_itself(url, call.host):
        raise Refusal(502, "Server.ProviderRefused", _("Địa chỉ của dịch vụ không được phép."))
    headers = {k: v for k, v in call.headers.items() if k.lower() not in _NOT_FORWARDED}
    headers.update(
        {
            "X-Road-Client": str(client.identifier),
            "X-Road-Id": str(call.message_id),
            "X-Road-Service": str(service.identifier),
        }
    )
    try:
        response = outbound.open_stream(
            call.method,
            url,
            session=_session(),
            allowed_hosts=[urlsplit(service.base_url).hostname or ""],
            timeout=service.timeout_seconds,
            headers=headers,
            data=call.body or None,
        )
    except outbound.OutboundRefused as refused:
        raise _refusal_for(refused.reason, service) from None
    kept = {name: response.headers[name] for name in _ANSWER_HEADERS if name in response.headers}
    cap = settings.EXCHANGE_MAX_RESPONSE_BYTES
    try:
        declared = int(response.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    chunks = response.iter_content(CHUNK)
    head = bytearray()
    try:
        if declared > cap:
            raise _refusal_for("answer larger than the cap", service)
        for chunk in chunks:
            head += chunk
            if len(head) > cap:
                raise _refusal_for("answer larger than the cap", service)
            if stream and len(head) > STREAM_ABOVE:
                # Large: the rest is passed on as it arrives (relay closes the answer).
                return Answer(
                    response.status_code,
                    b"",
                    kept,
                    chunks=itertools.chain([bytes(head)], chunks),
                    close=response.close,
                )
    except requests.RequestException as exc:
        response.close()
        raise _refusal_for(exc.__class__.__name__, service) from None
    except Refusal:
        response.close()
        raise
    response.close()
    return Answer(response.status_code, bytes(head), kept)


def relay(
    row_id: int, chunks: Iterator[bytes], close: Callable[[], None] | None, started: float
) -> Iterator[bytes]:
    """Pass a large answer on, hashing and counting it; when it has gone — or stopped:
    the provider broke off, it grew past the cap, the caller went away — its log row
    gets the hash, size and duration of what was passed on."""
    digest, size, error = hashlib.sha256(), 0, ""
    cap = settings.EXCHANGE_MAX_RESPONSE_BYTES
    try:
        for chunk in chunks:
            if size + len(chunk) > cap:
                error = "Server.ResponseTooLarge"
                break
            size += len(chunk)
            digest.update(chunk)
            yield chunk
    except requests.RequestException:
        error = "Server.ProviderBroke"
    finally:
        if close is not None:
            close()
        log.finish(
            row_id,
            sha256=digest.hexdigest(),
            size=size,
            duration_ms=round((time.perf_counter() - started) * 1000),
            error=error,
        )


def exchange(call: Call, client_pk: int, claimed_client: str | None) -> Answer:
    """A call that came over HTTP with a token: the token's system, then as below; a
    large answer is passed on as it arrives (``chunks``)."""
    started, at = time.perf_counter(), timezone.now()
    try:
        client = client_of(client_pk, claimed_client)
    except Refusal as refusal:
        return _logged(call, "", refused(refusal, call.message_id), None, started, at)
    return exchange_as(client, call, stream=True)


def exchange_as(client: Subsystem, call: Call, *, stream: bool = False) -> Answer:
    """Check, forward and log one call of ``client`` (a refusal is logged and answered
    too). Our own apps call here directly, as their registered subsystem, and get the
    answer whole."""
    started, at = time.perf_counter(), timezone.now()
    keep_days = None
    try:
        service = find_service(call.service_id)
        check_right(service, client, call.method, call.path)
        keep_days = service.body_days if service.keep_bodies else None
        # A service whose bodies the log keeps is read whole, to keep it.
        answer = forward(service, client, call, stream=stream and not keep_days)
    except Refusal as refusal:
        answer = refused(refusal, call.message_id)
    return _logged(call, str(client.identifier), answer, keep_days, started, at)


def _logged(
    call: Call, client: str, answer: Answer, keep_days: int | None, started: float, at: Any
) -> Answer:
    row = log.record(
        at=at,
        client=client,
        service=str(call.service_id),
        method=call.method,
        path=call.path + (f"?{call.query}" if call.query else ""),
        status=answer.status,
        error=answer.error,
        duration_ms=round((time.perf_counter() - started) * 1000),
        request=call.body,
        response=answer.body,
        keep_days=keep_days,
        message_id=call.message_id,
        complete=answer.chunks is None,
    )
    if answer.chunks is not None:
        answer.chunks = relay(row.pk, answer.chunks, answer.close, started)
    answer.headers.update(
        {
            "X-Road-Id": str(call.message_id),
            "X-Road-Request-Hash": hashlib.sha256(call.body).hexdigest(),
        }
    )
    if client:
        answer.headers["X-Road-Client"] = client
    return answer


def refused(refusal: Refusal, message_id: uuid.UUID | None) -> Answer:
    body = json.dumps(
        {"type": refusal.type, "message": refusal.message, "detail": str(message_id or "")},
        ensure_ascii=False,
    ).encode()
    return Answer(
        refusal.status,
        body,
        {"Content-Type": "application/json; charset=utf-8", "X-Road-Error": refusal.type},
        error=refusal.type,
    )
