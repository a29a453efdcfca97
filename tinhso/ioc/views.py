"""The IOC pages for leaders and IOC viewers: dashboard (and its video-wall mode),
indicator drill-down, alerts, CSV upload. Thin: read models, call actions."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import role_required
from tinhso.core import derived
from tinhso.core.errors import ActionError
from tinhso.core.maps import map_settings
from tinhso.core.models import AdminUnit
from tinhso.ioc import actions, alerts, csvio, dashboard, monthly
from tinhso.ioc.access import IOC_ROLES, areas_in_scope, uploadable_indicators
from tinhso.ioc.choices import AlertStatus, Sector
from tinhso.ioc.ingest import check_rows, ingest
from tinhso.ioc.models import Alert, Forecast, Indicator, Observation, Station


def _area(request: HttpRequest) -> AdminUnit:
    """The area asked for (?area=code) if in scope, else the widest one in scope."""
    scope = areas_in_scope(request.user)
    code = request.GET.get("area", "")[:10]
    area = scope.filter(code=code).first() if code else None
    area = area or scope.order_by("path").first()
    if area is None:
        raise PermissionDenied
    return area


def _open_alerts(request: HttpRequest) -> Any:
    return (
        Alert.objects.filter(area__in=areas_in_scope(request.user), status__in=alerts.OPEN)
        .select_related("indicator", "area")
        # Critical first ("critical" < "warning"), newest first within a level.
        .order_by("level", "-opened_at")[:20]
    )


@role_required(*IOC_ROLES)
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = _area(request)
    sector = request.GET.get("sector", "")
    indicators = Indicator.objects.filter(is_active=True).select_related(
        "owner", "numerator", "denominator"
    )
    if sector in Sector.values:
        indicators = indicators.filter(sector=sector)
    chosen = request.GET.get("range", "")
    span = dashboard.RANGES.get(chosen)
    tiles = dashboard.tiles(list(indicators), area, span)
    tiles.sort(key=lambda t: dashboard.LEVEL_ORDER.get(t.level, 9))
    # The map of communes, coloured by the indicator chosen in ?map= (commune-level ones).
    mappable = [t.indicator for t in tiles if t.indicator.level in ("commune", "ward")]
    on_map = next((i for i in mappable if i.code == request.GET.get("map")), None) or (
        mappable[0] if mappable else None
    )
    context = {
        "area": area,
        "tiles": tiles,
        "sector": sector,
        "sectors": Sector.choices,
        "alerts": _open_alerts(request),
        "wall": request.GET.get("wall") == "1",
        "refresh_seconds": settings.IOC_REFRESH_SECONDS,
        "now": timezone.now(),
        "query": request.GET.urlencode(),
        "last_month": f"{monthly.previous_month():%Y-%m}",
        "range": chosen if span else "",
        "ranges": list(dashboard.RANGES)[:3],
    }
    if on_map is not None and not getattr(request, "htmx", False):
        context.update(
            {
                "mappable": mappable,
                "on_map": on_map,
                "communes_json": json.dumps(
                    {c["code"]: c for c in dashboard.commune_values(on_map, area)}
                ),
                "stations_json": json.dumps(
                    [
                        {"name": s.name, "lat": s.latitude, "lon": s.longitude}
                        for s in Station.objects.filter(area__path__startswith=area.path)
                    ]
                ),
                "map": map_settings(),
            }
        )
    if getattr(request, "htmx", False):
        return render(request, "ioc/_board.html", context)
    return render(request, "ioc/wall.html" if context["wall"] else "ioc/board.html", context)


def _records_url(indicator: Indicator) -> str:
    found = derived.get(indicator.derived) if indicator.derived else None
    return str(found.records_url) if found else ""


# Plotly writes its chart styles into <style> elements: on this page alone styles
# (never scripts) may be inline.
@csp_update({"style-src": ["'unsafe-inline'"]})
@role_required(*IOC_ROLES)
def indicator_page(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code, is_active=True)
    area = _area(request)
    chosen = request.GET.get("range") or dashboard.default_range(indicator)
    if chosen not in dashboard.RANGES:
        chosen = dashboard.default_range(indicator)
    period, points = dashboard.values_over(indicator, area, dashboard.RANGES[chosen])
    communes = (
        dashboard.commune_values(indicator, area)
        if area.kind not in ("commune", "ward", "special_zone")
        else []
    )
    if not any(c["value"] is not None for c in communes):
        communes = []  # reported for the province only: no map of empty communes
    records: Any = []
    if not indicator.derived:
        records = (
            Observation.objects.filter(indicator=indicator, area__path__startswith=area.path)
            .select_related("area")
            .order_by("-at")[:30]
        )
    chart = {
        "x": [timezone.localtime(t).isoformat() for t, _v in points],
        "y": [v for _t, v in points],
        "name": indicator.label,
        "unit": indicator.unit,
        "target": indicator.target,
        "warning": indicator.warning,
        "critical": indicator.critical,
        "period": period,
        "forecast": [],
    }
    forecast = (
        Forecast.objects.filter(indicator=indicator, area=area).first()
        if period == "month"
        else None
    )
    if forecast is not None:
        chart["forecast"] = forecast.points
    stations = Station.objects.filter(area__path__startswith=area.path, is_active=True)
    return render(
        request,
        "ioc/indicator.html",
        {
            "indicator": indicator,
            "area": area,
            "tile": dashboard.tile(indicator, area),
            "range": chosen,
            "ranges": list(dashboard.RANGES),
            "period": period,
            "chart_json": json.dumps(chart),
            "communes": communes,
            "communes_json": json.dumps({c["code"]: c for c in communes}),
            "stations_json": json.dumps(
                [{"name": s.name, "lat": s.latitude, "lon": s.longitude} for s in stations]
            ),
            "records": records,
            "forecast": forecast,
            "records_url": _records_url(indicator),
            "map": map_settings(),
        },
    )


@role_required(*IOC_ROLES)
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    found = Alert.objects.filter(area__in=areas_in_scope(request.user)).select_related(
        "indicator", "area"
    )
    if status == "open":
        found = found.filter(status__in=alerts.OPEN)
    elif status in AlertStatus.values:
        found = found.filter(status=status)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request, "ioc/alerts.html", {"page": page, "status": status, "query": f"status={status}"}
    )


def _alert_for(request: AuthenticatedHttpRequest, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("indicator", "area", "rule"), pk=pk)
    if not areas_in_scope(request.user).filter(pk=alert.area_id).exists():
        raise Http404
    return alert


@role_required(*IOC_ROLES)
def alert_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "ioc/alert.html", {"alert": _alert_for(request, pk)})


@role_required(*IOC_ROLES)
@require_POST
def alert_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    alert = _alert_for(request, pk)
    try:
        if action == "acknowledge":
            actions.do_acknowledge(alert, acting_user=request.user)
        elif action == "resolve":
            actions.do_resolve(alert, acting_user=request.user, note=request.POST.get("note", ""))
        else:
            raise Http404
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật cảnh báo."))
    return redirect("ioc:alert", pk=alert.pk)


def _upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "ioc-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@role_required(*IOC_ROLES)
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """CSV upload in two steps: preview (counts, sample rows, every error by line),
    then confirm. The file waits on disk between the steps under a random name."""
    if request.method == "POST" and "token" in request.POST:
        return _confirm_upload(request)
    context: dict[str, Any] = {"max_mb": csvio.MAX_BYTES // 1_048_576}
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        if upload_file is None:
            context["error"] = _("Chưa chọn tệp.")
        elif (upload_file.size or 0) > csvio.MAX_BYTES:
            context["error"] = _("Tệp lớn hơn %(mb)d MB.") % {"mb": context["max_mb"]}
        else:
            data = upload_file.read()
            rows, file_errors = csvio.read(data)
            if file_errors:
                context["error"] = file_errors[0].message
            else:
                good, errors = check_rows(rows, allowed_ids=uploadable_indicators(request.user))
                token = uuid.uuid4().hex
                (_upload_dir() / f"{token}.csv").write_bytes(data)
                context.update(
                    {
                        "token": token,
                        "name": upload_file.name,
                        "good": len(good),
                        "sample": good[:20],
                        "errors": csvio.shift_rows(errors)[:500],
                        "error_count": len(errors),
                    }
                )
    return render(request, "ioc/upload.html", context)


def _confirm_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    path = _upload_dir() / f"{token}.csv"
    if not token.isalnum() or not path.is_file():
        messages.error(request, _("Bản xem trước đã hết hạn; hãy tải tệp lên lại."))
        return redirect("ioc:upload")
    rows, _errors = csvio.read(path.read_bytes())
    result = ingest(
        rows,
        source_name=f"upload:{request.user.pk}",
        allowed_ids=uploadable_indicators(request.user),
    )
    path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Đã nhập: %(c)d mới, %(r)d thay thế, %(u)d không đổi, %(e)d dòng lỗi bị bỏ qua.")
        % {
            "c": result.created,
            "r": result.replaced,
            "u": result.unchanged,
            "e": len(result.errors),
        },
    )
    return redirect("ioc:board")


@role_required(*IOC_ROLES)
def monthly_report(request: AuthenticatedHttpRequest, month: str) -> HttpResponse:
    start = monthly.month_from(month)
    if start is None or start > timezone.now():
        raise Http404
    area = _area(request)
    response = HttpResponse(monthly.pdf(area, start), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-ioc-{month}.pdf"'
    return response
