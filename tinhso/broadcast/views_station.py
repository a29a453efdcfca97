"""A station's page: its loudspeakers on a map and in a table (online, what each plays),
its programmes (leaders add and end them), what aired and who confirmed it, and the
month's broadcast log as a spreadsheet for the report Circular 39 asks of the commune."""

from __future__ import annotations

import csv
import datetime as dt
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.broadcast import log, permissions, programmes
from tinhso.broadcast.forms import JingleForm, ProgrammeForm
from tinhso.broadcast.models import Airing, Programme, Station
from tinhso.core.acting import acted
from tinhso.core.maps import map_settings
from tinhso.core.throttle import upload_limited


def _station(request: HttpRequest, pk: int) -> Station:
    return get_object_or_404(permissions.stations_for(request.user).select_related("unit"), pk=pk)


def _airings(station: Station) -> list[Airing]:
    airings = log.with_reach(station.airings.select_related("programme", "bulletin"))
    aired = Q(items__started_at__isnull=False)
    return list(
        airings.annotate(aired_items=Count("items", filter=aired, distinct=True)).order_by(
            "-started_at"
        )[:30]
    )


@login_required
def station_page(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    speakers = list(station.speakers.in_service().select_related("area"))
    markers = [
        {"lat": s.latitude, "lon": s.longitude, "online": s.online, "name": s.name,
         "status": _("Đang hoạt động") if s.online else _("Mất kết nối"),
         "url": f"#loa-{s.code}"}
        for s in speakers if s.latitude is not None and s.longitude is not None
    ]  # fmt: skip
    can_manage = permissions.can_approve(request.user, station)
    return render(
        request,
        "broadcast/station.html",
        {
            "station": station,
            "speakers": speakers,
            "online": sum(s.online for s in speakers),
            "markers": json.dumps(markers),
            "map": map_settings(),
            "programmes": [
                (p, programmes.describe(p)) for p in station.programmes.filter(active=True)
            ],
            "airings": _airings(station),
            "can_manage": can_manage,
            "can_install": permissions.can_install(request.user, station),
            "retired": station.speakers.filter(retired_at__isnull=False).count(),
            "form": ProgrammeForm() if can_manage else None,
            "jingle_form": JingleForm() if can_manage else None,
            "month": f"{timezone.localdate():%Y-%m}",
        },
    )


@require_POST
@login_required
def add_programme(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    form = ProgrammeForm(request.POST)

    def act(data: dict) -> Programme:  # type: ignore[type-arg]
        return programmes.do_add_programme(
            station, name=data["name"], starts=form.starts(), minutes=data["minutes"],
            days=data["days"], rule=data["rule"], skip_holidays=data["skip_holidays"],
            acting_user=request.user,
        )  # fmt: skip

    back = reverse("broadcast:station", args=[station.pk])
    return acted(request, back, form, act, _("Đã thêm chương trình vào lịch phát."))


@require_POST
@login_required
@upload_limited("station_jingles")
def set_jingles(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request, pk)
    form = JingleForm(request.POST, request.FILES)

    def act(data: dict) -> Station:  # type: ignore[type-arg]
        opening, closing = data.get("opening"), data.get("closing")
        return programmes.do_set_jingles(
            station, opening=opening.read() if opening else None,
            closing=closing.read() if closing else None, acting_user=request.user,
        )  # fmt: skip

    back = reverse("broadcast:station", args=[station.pk])
    return acted(request, back, form, act, _("Đã thay nhạc hiệu của đài."))


@require_POST
@login_required
def end_programme(request: HttpRequest, pk: int, programme: int) -> HttpResponse:
    station = _station(request, pk)
    found = get_object_or_404(Programme, pk=programme, station=station, active=True)
    back = reverse("broadcast:station", args=[station.pk])
    return acted(
        request, back, forms.Form({}),
        lambda data: programmes.do_end_programme(found, acting_user=request.user),
        _("Đã thôi phát chương trình."),
    )  # fmt: skip


def _month(text: str) -> tuple[dt.datetime, dt.datetime]:
    try:
        first = dt.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        first = timezone.localdate().replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    return start, timezone.make_aware(dt.datetime.combine(following, dt.time()))


@login_required
def month_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The month's broadcast log as CSV (log.py says what is in it)."""
    station = _station(request, pk)
    start, end = _month(request.GET.get("month", ""))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"nhat-ky-phat-{station.mount}-{timezone.localtime(start):%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel reads the accents right with the BOM
    out = csv.writer(response)
    out.writerow([_(title) for title in log.HEADER])
    for row in log.month_rows(station, start, end):
        out.writerow(row.cells())
    return response
