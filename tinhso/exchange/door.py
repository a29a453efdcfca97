"""The gateway's own door into the WSGI process: ``/exchange/r1/…`` without the pages'
middleware.

A call through the axis is a machine with a bearer token: no session, cookie, CSRF
token, sign-in lock-out, official's MFA gate or HTML error page applies to it, yet the
fifteen middleware of the pages cost about a fifth of a call (a profile of 1 000 calls,
docs/performance.md). So ``tinhso/wsgi.py`` hands these paths to the same view
(``views.call``) directly, doing here what of Django's handler still matters for them:

- the request signals, so database connections are closed and recycled as for a page;
- the host check (``ALLOWED_HOSTS``): a wrong Host is a 400, as the pages answer it;
- HTTPS: where the pages redirect plain HTTP (``SECURE_SSL_REDIRECT``), the call goes
  through Django unchanged, so it gets the same redirect;
- the axis's language (Vietnamese, ``LANGUAGE_CODE``) for its refusal messages;
- ``nosniff``, and a JSON 500 (``Server.InternalError``) instead of a traceback,
  should a bug ever escape.

The Django test client still goes through the middleware (``tinhso/urls.py`` maps the
same view), and the end-to-end tests go through this door (gunicorn with
``tinhso.wsgi``), so both are tested.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _

from tinhso.exchange import gateway, views

log = logging.getLogger(__name__)

PREFIX = "/exchange/r1/"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _refusal(status: int, kind: str, message: str) -> HttpResponseBase:
    return views.response_for(gateway.refused(gateway.Refusal(status, kind, message), None))


def _answer(request: WSGIRequest) -> HttpResponseBase:
    try:
        request.get_host()
    except DisallowedHost:
        return _refusal(400, "Client.BadRequest", _("Tên máy chủ trong yêu cầu không hợp lệ."))
    try:
        return views.call(request, request.path_info[len(PREFIX) :])
    except Exception:  # a bug must not become a traceback for the caller
        log.exception("the gateway failed on %s", request.path_info[:200])
        return _refusal(500, "Server.InternalError", _("Trục liên thông gặp lỗi nội bộ."))


def _plain_http_redirected(environ: dict[str, Any]) -> bool:
    if not settings.SECURE_SSL_REDIRECT:
        return False
    if environ.get("wsgi.url_scheme") == "https":
        return False
    header = settings.SECURE_PROXY_SSL_HEADER
    return not (header and environ.get(header[0]) == header[1])


def wrap(django_app: WSGIApp) -> WSGIApp:
    """``django_app`` with the gateway's paths answered directly."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX) or _plain_http_redirected(environ):
            return django_app(environ, start_response)
        signals.request_started.send(sender=WSGIRequest, environ=environ)
        request = WSGIRequest(environ)
        with translation.override(settings.LANGUAGE_CODE):
            response = _answer(request)
        response["X-Content-Type-Options"] = "nosniff"
        # Its close() sends request_finished (connections returned) once the server
        # has written the answer, as for every page; Django's handler adds the
        # request's own closer the same way (BaseHandler.get_response).
        response._resource_closers.append(request.close)  # type: ignore[attr-defined]
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return response

    return application
