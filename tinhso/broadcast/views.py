"""The commune radio's pages: bulletins written, heard before approval, approved or
returned (thin: rules in actions.py and permissions.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.broadcast import actions, jingles, log, permissions, programmes
from tinhso.broadcast.choices import BulletinState, Priority
from tinhso.broadcast.forms import BulletinForm, PlacementForm, RejectForm
from tinhso.broadcast.models import Bulletin
from tinhso.core.acting import acted
from tinhso.core.errors import ActionError
from tinhso.core.paging import CappedPaginator
from tinhso.core.throttle import upload_limited


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return get_object_or_404(
        permissions.visible_bulletins(request.user).select_related(
            "station__unit", "author", "approved_by", "dispatch__source", "dispatch__sent_by"
        ),
        pk=pk,
    )


@login_required
def bulletins(request: HttpRequest) -> HttpResponse:
    stations = permissions.stations_for(request.user)
    can_open = permissions.units_without_station(request.user).exists()
    if not stations.exists() and not can_open:
        raise PermissionDenied
    found = permissions.visible_bulletins(request.user).select_related("station")
    page = CappedPaginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "broadcast/bulletins.html",
        {"page": page, "stations": stations[:10], "can_open": can_open},
    )


@login_required
@upload_limited("bulletin_recording")
def new_bulletin(request: HttpRequest) -> HttpResponse:
    stations = permissions.stations_for(request.user)
    if not stations.exists():
        raise PermissionDenied
    form = BulletinForm(request.POST or None, request.FILES or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recording = data.pop("recording")
        try:
            bulletin = actions.do_create_bulletin(
                data.pop("station"),
                recording=recording.read() if recording else None,
                areas=list(data.pop("areas", [])),
                acting_user=request.user,
                **data,
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("broadcast:bulletin", pk=bulletin.pk)
    return render(request, "broadcast/new.html", {"form": form})


@login_required
def bulletin_page(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    return render(
        request,
        "broadcast/bulletin.html",
        {
            "bulletin": bulletin,
            "areas": bulletin.areas.all(),
            "can_approve": permissions.can_approve(request.user, bulletin.station),
            "reject_form": RejectForm(),
            "placement_form": PlacementForm(
                station=bulletin.station,
                initial={"programme": bulletin.programme_id, "rank": bulletin.rank},
            ),
            "airings": log.with_reach(bulletin.airings.all()),
            "aired": bulletin.aired.filter(started_at__isnull=False).count(),
            "can_stop": bulletin.priority == Priority.EMERGENCY
            and bulletin.stopped_at is None
            and bulletin.valid_until > timezone.now()
            and permissions.can_send_emergency(request.user, bulletin.station),
        },
    )


@login_required
def bulletin_audio(request: HttpRequest, pk: int) -> FileResponse:
    bulletin = _bulletin(request, pk)
    if not bulletin.audio:
        raise Http404
    response = FileResponse(bulletin.audio.open("rb"), content_type="audio/ogg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def catch_up_audio(request: HttpRequest, pk: int, token: str) -> FileResponse:
    """For a loudspeaker that missed an emergency (jingles.catch_up_path): the signed
    link works only while the bulletin is approved, valid and not stopped."""
    if not jingles.bulletin_for_token(pk, token):
        raise Http404
    bulletin = get_object_or_404(
        Bulletin.objects.filter(
            state=BulletinState.APPROVED, stopped_at__isnull=True, valid_until__gt=timezone.now()
        ),
        pk=pk,
    )
    response = FileResponse(bulletin.audio.open("rb"), content_type="audio/ogg")
    response["Cache-Control"] = "no-store"
    return response


def _act(request: HttpRequest, pk: int, form: Any, act: Any, done: str) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    back = reverse("broadcast:bulletin", args=[bulletin.pk])
    return acted(request, back, form, lambda data: act(bulletin, data), done)


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.Form({}),
        lambda b, d: actions.do_submit(b, acting_user=request.user),
        _("Đã gửi duyệt."),
    )


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.Form({}),
        lambda b, d: actions.do_approve(b, acting_user=request.user),
        _("Đã duyệt bản tin."),
    )


@require_POST
@login_required
def place(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    return _act(
        request,
        pk,
        PlacementForm(request.POST, station=bulletin.station),
        lambda b, d: programmes.do_place(
            b, programme=d["programme"], rank=d["rank"], acting_user=request.user
        ),
        _("Đã xếp bản tin vào lịch phát."),
    )


@require_POST
@login_required
def stop_emergency(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.Form({}),
        lambda b, d: actions.do_stop_emergency(b, acting_user=request.user),
        _("Đã dừng phát khẩn cấp; các loa trở lại chương trình."),
    )


@require_POST
@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        RejectForm(request.POST),
        lambda b, d: actions.do_reject(b, reason=d["reason"], acting_user=request.user),
        _("Đã trả lại bản tin."),
    )
