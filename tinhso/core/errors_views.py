"""Friendly error pages in the user's language (never Django's bare ones)."""

import logging
import sys
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _page(request: HttpRequest, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(status)}, status=status)
    return render(request, "core/error.html", {"status": status}, status=status)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 404)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/forbidden.html", status=403)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 400)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this inside its ``except`` block, so the exception is at hand: a
    lost database connection (a restart, a failover) is "try again", not "broken"."""
    # No template context processors that touch the database: it may be the cause.
    from django.template import loader

    if database_lost(sys.exc_info()[1]):
        log.warning("database connection lost during %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": _("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Thử lại sau.")},
                status=503,
            )
        else:
            response = HttpResponse(loader.get_template("core/503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(loader.get_template("core/500.html").render(), status=500)


def database_lost(exc: BaseException | None) -> bool:
    """The database went away or refused the connection. The request's transaction was
    rolled back by the server with it, so nothing was half-written: trying again is
    safe."""
    live = connections.all(initialized_only=True)
    # The driver's own errors can escape Django's wrapping (psycopg closing a server-side
    # cursor while a template iterates a queryset): they count the same.
    lost = tuple(
        {OperationalError, InterfaceError}
        | {db.Database.OperationalError for db in live}  # type: ignore[attr-defined]
        | {db.Database.InterfaceError for db in live}  # type: ignore[attr-defined]
    )
    seen = exc
    while seen is not None:
        if isinstance(seen, lost):
            return True
        seen = seen.__cause__
    # The error may reach us wrapped (a response schema that read a queryset raises a
    # validation error naming it): the connection itself says whether it broke.
    return any(
        db.connection is not None and db.errors_occurred and not db.is_usable() for db in live
    )
