"""The API of Circular 39's source systems: a central or provincial system sends one
bulletin to the communes' stations of the areas it names, and reads back, station by
station, whether the commune chose to air it, how often it aired and how many
speakers confirmed playing it. Authenticated by the system's own key
(``X-Broadcast-Key``); its scopes — which priorities, which part of the province — are
the ``SourceSystem`` row's, and nothing beyond them is accepted."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from tinhso.broadcast import dispatch as dispatching
from tinhso.broadcast.choices import Category, Priority
from tinhso.broadcast.models import Dispatch, SourceSystem
from tinhso.core.apikeys import HolderKey
from tinhso.core.errors import ActionError
from tinhso.core.models import AdminUnit
from tinhso.core.schemas import ErrorOut

router = Router(tags=["broadcast"])
NOT_SENT = gettext_lazy("Hệ thống nguồn này chưa gửi bản tin mã đó.")

# Bulletins older or later than this are a typo, not a broadcast (and a year-1 date
# would not survive the conversion to UTC).
EARLIEST, LATEST = 2000, 2100


def SourceKey() -> HolderKey:
    return HolderKey(SourceSystem, "X-Broadcast-Key")


class BulletinIn(Schema):
    reference: str = Field(
        ..., min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$",
        description="The source system's own id: sending it again changes nothing.",
    )  # fmt: skip
    title: str = Field(..., min_length=1, max_length=200)
    category: Category
    priority: Priority
    text: str = Field("", max_length=5000, description="Read aloud when no audio is sent.")
    audio: str | None = Field(
        None, max_length=2_500_000, description="A recording (any common format), base64."
    )
    areas: list[str] = Field(
        ..., min_length=1, max_length=dispatching.MAX_AREAS,
        description="Administrative unit codes: the province, districts, communes or villages.",
    )  # fmt: skip
    valid_from: dt.datetime | None = Field(None, description="Default: now.")
    valid_until: dt.datetime

    @field_validator("valid_from", "valid_until")
    @classmethod
    def _in_our_time(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        if not EARLIEST <= value.year <= LATEST:
            raise ValueError(f"a year between {EARLIEST} and {LATEST}")
        return timezone.make_aware(value) if timezone.is_naive(value) else value

    @field_validator("areas")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        if any(not code.isascii() or not code.isdigit() or len(code) > 5 for code in value):
            raise ValueError("administrative unit codes are up to 5 digits")
        return value


class StationOut(Schema):
    station: str
    commune: str
    state: str
    state_label: str
    reason: str
    airings: int
    speakers_told: int
    speakers_confirmed: int


class DispatchOut(Schema):
    reference: str
    title: str
    priority: str
    sent_at: dt.datetime
    withdrawn_at: dt.datetime | None
    stations: list[StationOut]


def described(sent: Dispatch) -> dict[str, Any]:
    return {
        "reference": sent.reference,
        "title": sent.title,
        "priority": sent.priority,
        "sent_at": sent.created_at,
        "withdrawn_at": sent.withdrawn_at,
        "stations": [
            {
                "station": r.bulletin.station.name,
                "commune": r.bulletin.station.unit.area.code,
                "state": r.bulletin.state,
                "state_label": r.bulletin.get_state_display(),
                "reason": r.bulletin.reason,
                "airings": r.airings,
                "speakers_told": r.told,
                "speakers_confirmed": r.confirmed,
            }
            for r in dispatching.reports(sent)
        ],
    }


def _areas(codes: list[str]) -> list[AdminUnit]:
    found = {a.code: a for a in AdminUnit.objects.filter(code__in=codes, is_active=True)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ActionError(
            _("Không có đơn vị hành chính mã %(codes)s.") % {"codes": ", ".join(missing[:5])},
            field="areas",
        )
    return [found[code] for code in dict.fromkeys(codes)]


def submit(source: SourceSystem, bulletin: BulletinIn) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of a source system sending a bulletin — by key here, or
    through the exchange axis (axis.py)."""
    try:
        recording = base64.b64decode(bulletin.audio, validate=True) if bulletin.audio else None
    except (binascii.Error, ValueError):
        return 400, {"detail": _("Bản ghi âm không phải base64."), "field": "audio"}
    try:
        sent, new = dispatching.do_dispatch(
            areas=_areas(bulletin.areas),
            title=bulletin.title,
            category=bulletin.category,
            priority=bulletin.priority,
            text=bulletin.text,
            recording=recording,
            valid_from=bulletin.valid_from,
            valid_until=bulletin.valid_until,
            reference=bulletin.reference,
            source=source,
        )
    except ActionError as exc:
        return (403 if exc.code == "forbidden" else 400), {
            "detail": exc.message,
            "field": exc.field or "",
        }
    return (201 if new else 200), described(sent)


@router.post(
    "/broadcast/bulletins",
    auth=SourceKey(),
    response={200: DispatchOut, 201: DispatchOut, 400: ErrorOut, 403: ErrorOut},
    summary="A source system sends a bulletin to the communes' stations of its areas",
)
def send_bulletin(request: HttpRequest, bulletin: BulletinIn) -> Any:
    return Status(*submit(request.auth, bulletin))  # type: ignore[attr-defined]


@router.get(
    "/broadcast/bulletins/{reference}",
    auth=SourceKey(),
    response={200: DispatchOut},
    summary="Where a bulletin the source system sent stands, station by station",
)
def bulletin_status(request: HttpRequest, reference: str) -> Any:
    return described(_sent_by(request, reference))


@router.post(
    "/broadcast/bulletins/{reference}/withdraw",
    auth=SourceKey(),
    response={200: DispatchOut},
    summary="Take a bulletin back everywhere: no station airs it any more",
)
def withdraw_bulletin(request: HttpRequest, reference: str) -> Any:
    sent, _changed = dispatching.do_withdraw(
        _sent_by(request, reference),
        source=request.auth,  # type: ignore[attr-defined]
    )
    return described(sent)


def _sent_by(request: HttpRequest, reference: str) -> Dispatch:
    sent = sent_by(request.auth, reference)  # type: ignore[attr-defined]
    if sent is None:
        raise HttpError(404, str(NOT_SENT))
    return sent


def sent_by(source: SourceSystem, reference: str) -> Dispatch | None:
    return Dispatch.objects.filter(source=source, reference=reference[:64]).first()
