from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from tinhso.accounts.permissions import has_any_role, roles_of
from tinhso.core.choices import Channel
from tinhso.core.http import AuthenticatedHttpRequest
from tinhso.core.models import AuditEntry, Notification
from tinhso.core.my_items import sections_for


def role_required(*roles: str) -> Callable:
    """The view needs one of ``roles`` somewhere; objects are then scoped by unit."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not (request.user.is_superuser or has_any_role(request.user, roles)):
                return render(request, "core/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Citizen app ----------------------------------------------------------------
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@login_required
def my_items(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "core/my_items.html", {"sections": sections_for(request.user)})


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    messages_qs = Notification.objects.filter(recipient=request.user, channel=Channel.INBOX)
    page = Paginator(messages_qs, 20).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})


@login_required
def inbox_message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Notification, pk=pk, recipient=request.user, channel=Channel.INBOX)
    if message.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    return render(request, "core/inbox_message.html", {"message": message})


@require_POST
@login_required
def inbox_mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, channel=Channel.INBOX, read_at=None).update(
        read_at=timezone.now()
    )
    return redirect("core:inbox")


# --- Officials' console -----------------------------------------------------------
@login_required
def console(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("org_unit", "org_unit__area")
    return render(
        request,
        "core/console.html",
        {"memberships": memberships},
    )


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or "system_admin" in roles_of(request.user)):
        return render(request, "core/forbidden.html", status=403)
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()[:64]
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "action": action},
    )


# --- Operations -------------------------------------------------------------------
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up (for the load balancer's liveness probe)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The process can serve: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "unavailable", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Installable app (PWA) --------------------------------------------------------
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": settings.PLATFORM_NAME,
        "short_name": settings.PLATFORM_NAME,
        "description": _("Dịch vụ công, phản ánh, hỏi đáp của tỉnh — một tài khoản."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b3261e",
        "icons": [
            {
                "src": static("core/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [
        "/offline/",
        static("core/app.css"),
        static("core/app.js"),
        static("core/icon.svg"),
        static("django_htmx/htmx-2.min.js"),
    ]
    response = render(
        request, "core/sw.js", {"shell": shell}, content_type="application/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/offline.html")


@cache_control(max_age=3600, public=True)
def communes_geojson(request: HttpRequest) -> JsonResponse:
    """The commune boundaries every map draws (tinhso/core/maps.py)."""
    from tinhso.core import maps

    return JsonResponse(maps.communes_feature_collection())
