"""The axis's doors for systems: the gateway and the metaservices (thin: the rules are
in gateway.py and metaservices.py)."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.oauth2_backends import get_oauthlib_core

from tinhso.exchange import gateway, metaservices, outbox, registry
from tinhso.exchange.gateway import Answer, Refusal
from tinhso.exchange.models import QueuedMessage

SCOPE = "exchange"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _client_pk(request: HttpRequest) -> int:
    """The OAuth client of a valid token with the "exchange" scope (kept a few seconds
    once validated: exchange/registry.py)."""
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else ""
    kept = registry.token_client(token) if token else None
    if kept is not None:
        return kept
    core = get_oauthlib_core()
    valid, oauth_request = core.verify_request(request, scopes=[SCOPE])
    if valid and oauth_request.client is not None:
        registry.keep_token(token, oauth_request.client.pk, oauth_request.access_token.expires)
        return int(oauth_request.client.pk)
    if core.verify_request(request, scopes=[])[0]:
        raise Refusal(
            403, "Client.AccessDenied", _("Mã truy cập không có quyền gọi trục liên thông.")
        )
    raise Refusal(
        401,
        "Client.Unauthenticated",
        _("Cần mã truy cập hợp lệ của hệ thống (OAuth 2, client credentials)."),
    )


def _body(request: HttpRequest) -> bytes:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    too_large = Refusal(
        413,
        "Client.BodyTooLarge",
        _("Nội dung yêu cầu vượt quá %(size)s byte.")
        % {"size": settings.EXCHANGE_MAX_REQUEST_BYTES},
    )
    if declared > settings.EXCHANGE_MAX_REQUEST_BYTES:
        raise too_large
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_large from None
    if len(body) > settings.EXCHANGE_MAX_REQUEST_BYTES:
        raise too_large
    return body


def _raw_path(request: HttpRequest) -> str:
    """The path as the caller sent it, still encoded where the server tells it
    (gunicorn's RAW_URI, uWSGI's REQUEST_URI), for gateway.parse_target's checks."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or request.path
    return str(raw).split("?", 1)[0]


def response_for(answer: Answer) -> HttpResponseBase:
    response: HttpResponse | StreamingHttpResponse
    if answer.chunks is not None:
        # A large answer, passed on as it arrives (gateway.relay logs it once gone).
        response = StreamingHttpResponse(answer.chunks, status=answer.status)
    else:
        response = HttpResponse(answer.body, status=answer.status)
    for name, value in answer.headers.items():
        response[name] = value
    return response


@csrf_exempt
def call(request: HttpRequest, rest: str) -> HttpResponseBase:
    raw_path = _raw_path(request)
    try:
        if request.method not in METHODS:
            raise Refusal(405, "Client.BadRequest", _("Phương thức không được hỗ trợ."))
        # The bytes first: the token check may read a form body, which would consume
        # the stream.
        body = _body(request)
        client_pk = _client_pk(request)
        claimed = request.headers.get("X-Road-Client")
        if metaservices.is_metaservice(rest):
            return response_for(metaservices.answer(rest, request.GET, client_pk, claimed))
        service_id, path = gateway.parse_target(rest, raw_path)
    except Refusal as refusal:
        return response_for(gateway.refused(refusal, None))
    # Printable ASCII only: a line break would split the header, and HTTP carries
    # nothing else reliably (a WSGI server decodes bytes as Latin-1).
    headers = {k: v for k, v in request.headers.items() if v.isascii() and v.isprintable()}
    found = gateway.Call(
        method=request.method or "GET",
        service_id=service_id,
        path=path,
        query=request.META.get("QUERY_STRING", ""),
        body=body,
        headers=headers,
        host=request.get_host(),
    )
    return response_for(gateway.exchange(found, client_pk, claimed))


@csrf_exempt
def queue(request: HttpRequest, rest: str) -> HttpResponseBase:
    """POST a one-way message for the axis to deliver: 202 and its X-Road-Id at once;
    the axis tries until the receiver has it (exchange/outbox.py)."""
    raw_path = _raw_path(request)
    try:
        if request.method != "POST":
            raise Refusal(405, "Client.BadRequest", _("Chỉ gửi thông điệp bằng POST."))
        body = _body(request)
        client = gateway.client_of(_client_pk(request), request.headers.get("X-Road-Client"))
        service_id, path = gateway.parse_target(rest, raw_path)
        service = gateway.find_service(service_id)
        gateway.check_right(service, client, "POST", path)
    except Refusal as refusal:
        return response_for(gateway.refused(refusal, None))
    queued = outbox.queue(
        client,
        service,
        body,
        path=path,
        content_type=(request.content_type or "application/octet-stream")[:200],
    )
    return response_for(
        Answer(
            202,
            json.dumps({"message_id": str(queued.message_id), "state": queued.state}).encode(),
            {"Content-Type": "application/json", "X-Road-Id": str(queued.message_id)},
        )
    )


def queued(request: HttpRequest, message_id: str) -> HttpResponseBase:
    """Where a message the caller queued stands: waiting, delivered or dead."""
    try:
        client = gateway.client_of(_client_pk(request), request.headers.get("X-Road-Client"))
        try:
            found = QueuedMessage.objects.filter(message_id=uuid.UUID(message_id), sender=client)
        except ValueError:
            found = QueuedMessage.objects.none()
        message = found.first()
        if message is None:
            raise Refusal(404, "Client.UnknownMessage", _("Không có thông điệp này."))
    except Refusal as refusal:
        return response_for(gateway.refused(refusal, None))
    data = {
        "message_id": str(message.message_id),
        "state": message.state,
        "attempts": message.attempts,
        "last_status": message.last_status,
        "delivered_at": message.delivered_at.isoformat() if message.delivered_at else None,
    }
    return response_for(
        Answer(200, json.dumps(data).encode(), {"Content-Type": "application/json"})
    )
