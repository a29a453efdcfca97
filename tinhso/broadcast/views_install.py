"""Setting up a commune's radio in the console (installation.py): open a station, add a
loudspeaker, correct it, give it a password, take it down — for the unit's IT
administrators; the station's other staff see the speakers but not these pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.broadcast import credentials, installation, permissions
from tinhso.broadcast.forms import SpeakerForm, StationForm
from tinhso.broadcast.models import Speaker, Station
from tinhso.core.acting import acted
from tinhso.core.errors import ActionError


@login_required
def new_station(request: HttpRequest) -> HttpResponse:
    units = permissions.units_without_station(request.user)
    if not units.exists():
        raise PermissionDenied
    form = StationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            station = installation.do_open_station(
                data["unit"], name=data["name"], mount=data["mount"], acting_user=request.user
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("broadcast:station", pk=station.pk)
    return render(request, "broadcast/station_new.html", {"form": form})


def _installable(request: HttpRequest, station: Station) -> Station:
    if not permissions.can_install(request.user, station):
        raise PermissionDenied
    return station


@login_required
def new_speaker(request: HttpRequest, pk: int) -> HttpResponse:
    station = _installable(
        request,
        get_object_or_404(
            permissions.stations_for(request.user).select_related("unit__area"), pk=pk
        ),
    )
    form = SpeakerForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            speaker = installation.do_add_speaker(
                station, form.cleaned_data, acting_user=request.user
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("broadcast:speaker", pk=speaker.pk)
    return render(request, "broadcast/speaker.html", {"station": station, "form": form})


def _speaker(request: HttpRequest, pk: int) -> Speaker:
    speaker = get_object_or_404(
        Speaker.objects.select_related("station__unit__area", "area").filter(
            station__in=permissions.stations_for(request.user)
        ),
        pk=pk,
    )
    _installable(request, speaker.station)
    return speaker


@login_required
def speaker_page(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _speaker(request, pk)
    initial = {name: getattr(speaker, name) for name in installation.SPEAKER_FIELDS}
    form = SpeakerForm(request.POST or None, station=speaker.station, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            installation.do_change_speaker(speaker, form.cleaned_data, acting_user=request.user)
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("broadcast:station", pk=speaker.station_id)
    return render(
        request,
        "broadcast/speaker.html",
        {"station": speaker.station, "speaker": speaker, "form": form},
    )


@require_POST
@login_required
def retire_speaker(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _speaker(request, pk)
    return acted(
        request,
        reverse("broadcast:station", args=[speaker.station_id]),
        forms.Form({}),
        lambda data: installation.do_retire_speaker(speaker, acting_user=request.user),
        _("Đã gỡ thiết bị: không còn tính vào lịch phát và chỉ số; nhật ký vẫn giữ."),
    )


@require_POST
@login_required
def speaker_password(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _speaker(request, pk)
    if speaker.retired_at is not None:
        raise PermissionDenied
    password = credentials.do_issue_password(speaker, acting_user=request.user)
    response = render(
        request, "broadcast/speaker_password.html", {"speaker": speaker, "password": password}
    )
    response["Cache-Control"] = "no-store"  # shown once: never from a cache
    return response
