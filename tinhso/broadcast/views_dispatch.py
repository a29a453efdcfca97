"""One bulletin to many communes' stations from the console, and what became of each
dispatch — the province's own and those the source systems sent (dispatch.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.broadcast import dispatch as dispatching
from tinhso.broadcast import permissions
from tinhso.broadcast.forms import DispatchForm
from tinhso.broadcast.models import Dispatch
from tinhso.core.acting import acted
from tinhso.core.errors import ActionError
from tinhso.core.paging import CappedPaginator
from tinhso.core.throttle import upload_limited


@login_required
def dispatches(request: HttpRequest) -> HttpResponse:
    if not permissions.stations_for(request.user).exists():
        raise PermissionDenied
    found = permissions.visible_dispatches(request.user).select_related("source", "sent_by")
    page = CappedPaginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "broadcast/dispatches.html",
        {"page": page, "can_send": permissions.dispatch_stations(request.user).count() > 1},
    )


@login_required
@upload_limited("bulletin_recording")
def new_dispatch(request: HttpRequest) -> HttpResponse:
    stations = permissions.dispatch_stations(request.user)
    if stations.count() < 2:
        raise PermissionDenied  # one station: a bulletin of its own (views.new_bulletin)
    form = DispatchForm(request.POST or None, request.FILES or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recording = data.pop("recording")
        try:
            sent, _new = dispatching.do_dispatch(
                areas=list(data.pop("areas")),
                recording=recording.read() if recording else None,
                acting_user=request.user,
                **data,
            )
        except ActionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("broadcast:dispatch", pk=sent.pk)
    return render(request, "broadcast/new_dispatch.html", {"form": form})


def _visible(request: HttpRequest, pk: int) -> Dispatch:
    sent = (
        permissions.visible_dispatches(request.user)
        .select_related("source", "sent_by")
        .filter(pk=pk)
        .first()
    )
    if sent is None:
        raise Http404
    return sent


@login_required
def dispatch_page(request: HttpRequest, pk: int) -> HttpResponse:
    sent = _visible(request, pk)
    mine = set(permissions.stations_for(request.user).values_list("pk", flat=True))
    # Only the stations this person's part of the tree holds.
    rows = [r for r in dispatching.reports(sent) if r.bulletin.station_id in mine]
    return render(
        request,
        "broadcast/dispatch.html",
        {
            "sent": sent,
            "rows": rows,
            "areas": sent.areas.all(),
            "confirmed": sum(r.confirmed for r in rows),
            "told": sum(r.told for r in rows),
            "waiting": sum(1 for r in rows if r.bulletin.state == "submitted"),
            "can_withdraw": dispatching.may_withdraw(request.user, sent),
        },
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    sent = _visible(request, pk)
    return acted(
        request,
        reverse("broadcast:dispatch", args=[sent.pk]),
        forms.Form({}),
        lambda data: dispatching.do_withdraw(sent, acting_user=request.user),
        _("Đã thu hồi bản tin: không đài nào phát bản tin này nữa."),
    )
