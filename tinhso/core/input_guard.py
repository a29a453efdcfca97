"""Text that no page or API of ours can use is refused at the door, once, for all.

Every request passes here before any view: its query string, its form fields and,
for JSON bodies, the whole document. Refused with a clear 400 (and nothing changed):

- lone UTF-16 surrogates ("\\ud800" in JSON) — stored once, they make every later
  page that shows them fail to encode;
- control characters other than tab, line feed and carriage return;
- JSON nested deeper than ``MAX_DEPTH`` (Python's parser recurses: 100,000 ``[``
  is a RecursionError), and JSON's non-standard ``NaN``/``Infinity``;
- a body that declares JSON but is not UTF-8 JSON.

Views still validate meaning (dates, numbers, codes); this removes the classes of
input that reach them as poison. JSON is parsed again by the view: the cost is one
extra parse of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.parser import Parser

MAX_DEPTH = 64
ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# C0 controls except \t \n \r, DEL, and lone surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
JSON_TYPES = ("application/json", "application/ld+json", "application/geo+json")


class BadInput(ValueError):
    pass


def check_text(value: str) -> None:
    if FORBIDDEN.search(value):
        raise BadInput(_("Dữ liệu gửi lên có ký tự điều khiển hoặc ký tự Unicode không hợp lệ."))


def _no_constants(name: str) -> Any:
    raise BadInput(_("Dữ liệu JSON không được chứa NaN hay Infinity."))


def _depth_first(value: Any) -> None:
    """Walk the parsed document without recursion, checking depth and every string."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadInput(_("Dữ liệu JSON lồng nhau quá sâu."))
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                check_text(key)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(_("Nội dung gửi lên không phải UTF-8.")) from None


def _load(text: str) -> Any:
    """json.loads, with deep nesting (Python's parser recurses) and NaN/Infinity as
    BadInput; a plain ValueError means the text is not JSON at all."""
    try:
        return json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise BadInput(_("Dữ liệu JSON lồng nhau quá sâu.")) from None


def check_json(raw: bytes) -> Any:
    """The checked document, or NOT_JSON when the body is not JSON at all."""
    try:
        parsed = _load(_decode(raw))
    except BadInput:
        raise
    except ValueError:
        return NOT_JSON  # malformed JSON: the view answers it in its own format
    _depth_first(parsed)
    return parsed


NOT_JSON = object()


class CheckedJsonParser(Parser):
    """The API's body parser: the document this middleware already parsed and checked
    (a 1000-row batch decoded twice cost as much as storing it); ninja's own parsing,
    with its error, for a body that was not JSON."""

    def parse_body(self, request: HttpRequest) -> Any:
        parsed = getattr(request, "checked_json", NOT_JSON)
        if parsed is NOT_JSON:
            return super().parse_body(request)
        return parsed


def check_encoded(raw: str | bytes) -> None:
    """A query string or form body whose %-escapes are not UTF-8 (Django would quietly
    turn them into U+FFFD, or a lone surrogate's bytes into three of them)."""
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    try:
        unquote_to_bytes(text.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(_("Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.")) from None


def parse_json(text: str | bytes) -> Any:
    """json.loads for text a stranger sent: BadInput (a ValueError) instead of a
    RecursionError for deep nesting, and no NaN, surrogates or control characters."""
    if isinstance(text, str):
        check_text(text)  # a lone surrogate cannot even be encoded to bytes
        text = text.encode()
    try:
        parsed = _load(_decode(text))
    except BadInput:
        raise
    except ValueError:
        raise BadInput(_("Nội dung gửi lên không đọc được (JSON không hợp lệ).")) from None
    _depth_first(parsed)
    return parsed


def check_request(request: HttpRequest) -> None:
    # The path too: PostgreSQL refuses a NUL in any text it is asked to look up.
    check_text(request.path_info)
    check_encoded(request.META.get("QUERY_STRING", ""))
    for values in (request.GET,):
        for key, items in values.lists():
            check_text(key)
            for item in items:
                check_text(item)
    content_type = request.content_type or ""
    # A body passed on unread (the exchange gateway's): its meaning is the receiver's,
    # and parsing it as a form here would consume the bytes that are to be passed on.
    if request.path_info.startswith(tuple(settings.INPUT_GUARD_OPAQUE_BODY_PATHS)):
        return
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if content_type in JSON_TYPES:
            request.checked_json = check_json(request.body)  # type: ignore[attr-defined]
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            if content_type == "application/x-www-form-urlencoded":
                check_encoded(request.body)
            for key, items in request.POST.lists():
                check_text(key)
                for item in items:
                    check_text(item)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            # TRACE echoes requests (cross-site tracing); CONNECT and others have no use here.
            response = HttpResponse(status=405)
            response["Allow"] = ", ".join(sorted(ALLOWED_METHODS))
            return response
        try:
            check_request(request)
        except BadInput as exc:
            return refuse(request, str(exc))
        except RequestDataTooBig:
            return refuse(
                request,
                _("Nội dung gửi lên quá lớn (tối đa %(mb)s MB mỗi lần gửi).")
                % {"mb": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576, 1)},
                status=413,
            )
        except (TooManyFieldsSent, TooManyFilesSent):
            return refuse(request, _("Gửi quá nhiều trường hoặc tệp trong một lần."))
        except MultiPartParserError:
            return refuse(request, _("Nội dung multipart không đọc được."))
        return self.get_response(request)


def refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    path = request.path_info
    if path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": []}, status=status)
    if path.startswith("/ngsi-ld/"):
        return JsonResponse(
            {
                "type": "https://uri.etsi.org/ngsi-ld/errors/BadRequestData",
                "title": "BadRequestData",
                "detail": message,
            },
            status=status,
            content_type="application/problem+json",
        )
    if path.startswith("/open311/"):
        return JsonResponse([{"code": status, "description": message}], status=status, safe=False)
    if path.startswith("/exchange/"):  # the axis answers as X-Road does (exchange/gateway.py)
        kind = "Client.BodyTooLarge" if status == 413 else "Client.BadRequest"
        response = JsonResponse({"type": kind, "message": message, "detail": ""}, status=status)
        response["X-Road-Error"] = kind
        return response
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)
