from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from tinhso.core.actions import do_mark_all_read, do_mark_read
from tinhso.core.choices import Channel
from tinhso.core.models import AdminUnit, Notification
from tinhso.core.my_items import sections_for


# --- Citizen app ----------------------------------------------------------------
def home(request: HttpRequest) -> HttpResponse:
    # The province this installation serves, named on its front page.
    province = AdminUnit.objects.filter(parent=None, is_active=True).order_by("code").first()
    return render(request, "core/home.html", {"province": province})


@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    return render(request, "core/my_items.html", {"sections": sections_for(request.user)})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    messages_qs = Notification.objects.filter(recipient_id=request.user.pk, channel=Channel.INBOX)
    page = Paginator(messages_qs, 20).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})


@login_required
def inbox_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        Notification, pk=pk, recipient_id=request.user.pk, channel=Channel.INBOX
    )
    if message.read_at is None:
        do_mark_read(message, acting_user=request.user)
    return render(request, "core/inbox_message.html", {"message": message})


@require_POST
@login_required
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_all_read(request.user)
    return redirect("core:inbox")


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


@never_cache
def workers_health(request: HttpRequest) -> HttpResponse:
    """The background workers and how long since each said it is alive; 503 when one
    has gone quiet (for monitoring: names and ages only, no hosts)."""
    from tinhso.core.heartbeat import workers

    found = workers()
    stale = [w["name"] for w in found if w["stale"]]
    return JsonResponse(
        {"status": "stale" if stale else "ok", "stale": stale, "workers": found},
        status=503 if stale else 200,
    )


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
        static("core/speech.js"),
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
