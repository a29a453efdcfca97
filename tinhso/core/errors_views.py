"""Friendly error pages in the user's language (never Django's bare ones)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _page(request: HttpRequest, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": str(status)}, status=status)
    return render(request, "core/error.html", {"status": status}, status=status)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 404)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/forbidden.html", status=403)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 400)


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors that touch the database: it may be the cause.
    from django.template import loader

    return HttpResponse(loader.get_template("core/500.html").render(), status=500)
