"""One bulletin to many communes' stations at once (Circular 39/2020/TT-BTTTT): sent by
a central or provincial source system through the API, or by a province official from
the console. Each station reached gets its own copy, and the copy follows the
circular's level:

- **normal** — waits for the commune: its leader chooses to air it (approves it and
  places it in a programme) or returns it with a reason;
- **priority** — approved on arrival: it airs in the station's programmes ahead of the
  normal items; the commune orders competing priority items;
- **emergency** — airs at once in the areas named. If the station is airing an
  emergency of its own there, this one follows as soon as that one ends (the scheduler
  never airs two on one speaker), instead of being refused as a commune's own second
  emergency is: the sender cannot see every commune's air.

The audio is made and encoded once and shared by every copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.staff import staff_in
from tinhso.broadcast import permissions
from tinhso.broadcast.actions import audio_of, checked_period
from tinhso.broadcast.choices import BulletinState, Category, Priority, Source
from tinhso.broadcast.models import Bulletin, Dispatch, Reach, SourceSystem, Station, audio_path
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import AdminUnit
from tinhso.core.notify import notify_all

MAX_AREAS = 200


class NotAllowed(ActionError):
    """Beyond what the sender may do (a priority or a place outside its scopes)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field, code="forbidden")


# --- Where it goes -------------------------------------------------------------------
def stations_for_areas(areas: list[AdminUnit]) -> dict[int, tuple[Station, list[AdminUnit]]]:
    """Station id → (station, the areas of its commune to air in; [] for all of it).

    An area that holds stations (a district, the province, a commune) reaches each of
    them whole; an area inside one station's commune (a village) reaches that station,
    for that village only."""
    stations = list(Station.objects.select_related("unit__area").filter(unit__area__isnull=False))
    reached: dict[int, tuple[Station, list[AdminUnit]]] = {}
    for area in areas:
        inside = [s for s in stations if s.unit.area.path.startswith(area.path)]
        for station in inside:
            reached[station.pk] = (station, [])
        around = [s for s in stations if area.path.startswith(s.unit.area.path)]
        if inside or not around:
            continue
        station = max(around, key=lambda s: len(s.unit.area.path))
        if station.pk not in reached:
            reached[station.pk] = (station, [area])
        elif reached[station.pk][1]:
            reached[station.pk][1].append(area)
    return reached


def _check_sender(
    source: SourceSystem | None, user: Any, priority: str, areas: list[AdminUnit],
    stations: list[Station],
) -> None:  # fmt: skip
    if source is not None:
        if not source.may_send(priority):
            raise NotAllowed(
                _("Hệ thống nguồn này không được gửi bản tin mức “%(level)s”.")
                % {"level": Priority(priority).label},
                field="priority",
            )
        for area in areas:
            if not area.path.startswith(source.area.path):
                raise NotAllowed(
                    _("%(area)s ngoài địa bàn được gửi của hệ thống nguồn.") % {"area": area.name},
                    field="areas",
                )
        return
    may = (
        permissions.can_send_emergency
        if priority == Priority.EMERGENCY
        else permissions.can_approve
    )
    for station in stations:
        if not may(user, station):
            raise NotAllowed(
                _("Anh/chị không có quyền gửi bản tin mức này tới %(station)s.")
                % {"station": station.name},
                field="areas",
            )


# --- Sending -------------------------------------------------------------------------
def do_dispatch(
    *,
    areas: list[AdminUnit],
    title: str,
    category: str,
    priority: str,
    valid_until: dt.datetime,
    valid_from: dt.datetime | None = None,
    text: str = "",
    recording: bytes | None = None,
    reference: str = "",
    source: SourceSystem | None = None,
    acting_user: Any = None,
) -> tuple[Dispatch, bool]:
    """(the dispatch, True) when sent now; (the one sent before, False) when a source
    system sends a reference it has sent already. Refused (``ActionError``,
    ``NotAllowed``) before anything is written."""
    if source is None and not getattr(acting_user, "is_authenticated", False):
        raise NotAllowed(_("Cần đăng nhập."))
    if source is not None and reference:
        earlier = Dispatch.objects.filter(source=source, reference=reference).first()
        if earlier is not None:
            return earlier, False
    if priority not in Priority.values:
        raise ActionError(_("Mức ưu tiên không hợp lệ."), field="priority")
    if category not in Category.values:
        raise ActionError(_("Lĩnh vực không hợp lệ."), field="category")
    if not title.strip():
        raise ActionError(_("Nhập tiêu đề."), field="title")
    if not areas or len(areas) > MAX_AREAS:
        raise ActionError(_("Chọn từ 1 đến %(n)d địa bàn.") % {"n": MAX_AREAS}, field="areas")
    now = timezone.now()
    valid_from = checked_period(valid_from, valid_until, now)
    reached = stations_for_areas(areas)
    _check_sender(source, acting_user, priority, areas, [s for s, _areas in reached.values()])
    if not reached:
        raise ActionError(_("Không có đài truyền thanh nào ở địa bàn đã chọn."), field="areas")
    kind, encoded = audio_of(text, recording)  # before the transaction: reading takes seconds
    with transaction.atomic():
        dispatch = Dispatch.objects.create(
            source=source,
            sent_by=acting_user if source is None else None,
            reference=reference[:64],
            title=title.strip()[:200],
            category=category,
            priority=priority,
        )
        dispatch.areas.set(areas)
        # One file for every copy: a province-wide bulletin is not stored 100 times.
        stored = default_storage.save(audio_path(None, "ban-tin.ogg"), ContentFile(encoded.data))  # type: ignore[arg-type]
        arrives_approved = priority != Priority.NORMAL
        copies = Bulletin.objects.bulk_create(
            [
                Bulletin(
                    station=station,
                    dispatch=dispatch,
                    title=dispatch.title,
                    category=category,
                    priority=priority,
                    source=kind,
                    text=text.strip() if kind == Source.TEXT else "",
                    audio=stored,
                    seconds=encoded.seconds,
                    loudness=encoded.loudness_out,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    author=dispatch.sent_by,
                    state=BulletinState.APPROVED if arrives_approved else BulletinState.SUBMITTED,
                    approved_by=dispatch.sent_by if arrives_approved else None,
                    approved_at=now if arrives_approved else None,
                    created_at=now,
                )
                for station, _areas in reached.values()
            ]
        )
        through = Bulletin.areas.through
        through.objects.bulk_create(
            [
                through(bulletin_id=copy.pk, adminunit_id=area.pk)
                for copy, (_station, narrowed) in zip(copies, reached.values(), strict=True)
                for area in narrowed
            ]
        )
        write_audit(
            "broadcast.dispatched",
            actor=dispatch.sent_by,
            obj=dispatch,
            data={
                "source": source.name if source else "",
                "reference": dispatch.reference,
                "priority": priority,
                "areas": [a.code for a in areas],
                "stations": len(copies),
            },
        )
        for copy in copies:
            # The commune's leaders: to choose (normal), to order (priority), to know
            # what their speakers are airing (emergency).
            notify_all(
                staff_in(copy.station.unit, permissions.APPROVERS + permissions.EMERGENCY),
                "bulletin_arrived",
                {"bulletin": copy, "sender": dispatch.sender_name},
                link=reverse("broadcast:bulletin", args=[copy.pk]),
            )
    return dispatch, True


def may_withdraw(user: Any, sent: Dispatch) -> bool:
    """Its sender, or one with the same power over every station it reached."""
    if sent.withdrawn_at is not None or not getattr(user, "is_authenticated", False):
        return False
    if sent.sent_by_id is not None and sent.sent_by_id == user.pk:
        return True
    stations = [b.station for b in sent.bulletins.select_related("station__unit")]
    try:
        _check_sender(None, user, sent.priority, [], stations)
    except NotAllowed:
        return False
    return True


def do_withdraw(
    sent: Dispatch, *, source: SourceSystem | None = None, acting_user: Any = None
) -> tuple[Dispatch, bool]:
    """Take a bulletin back everywhere (sent by mistake, no longer true): from now on no
    station airs it — an emergency on air stops and the speakers go back to the
    programme; a programme already on air finishes as planned. (the dispatch, False)
    when it was withdrawn already."""
    with transaction.atomic():
        sent = Dispatch.objects.select_for_update().get(pk=sent.pk)
        if source is not None and sent.source_id != source.pk:
            raise NotAllowed(_("Hệ thống nguồn này chưa gửi bản tin mã đó."))
        if sent.withdrawn_at is not None:
            return sent, False
        if source is None and not may_withdraw(acting_user, sent):
            raise NotAllowed(_("Anh/chị không có quyền thu hồi bản tin này."))
        now = timezone.now()
        copies = Bulletin.objects.filter(dispatch=sent)
        copies.filter(valid_until__gt=now).update(valid_until=now)
        copies.filter(priority=Priority.EMERGENCY, stopped_at__isnull=True).update(stopped_at=now)
        sent.withdrawn_at = now
        sent.save(update_fields=["withdrawn_at"])
        write_audit(
            "broadcast.withdrawn",
            actor=acting_user if source is None else None,
            obj=sent,
            data={"source": source.name if source else "", "reference": sent.reference},
        )
    return sent, True


# --- Where it stands, for the sender -------------------------------------------------
@dataclass
class StationReport:
    bulletin: Bulletin
    airings: int  # aired, or airing now
    told: int  # speakers told to play it, over all its airings
    confirmed: int  # of those, speakers that reported playing it


def reports(dispatch: Dispatch) -> list[StationReport]:
    """Station by station: its copy's state, how often it aired, and the speakers that
    confirmed playing an airing that carried it (from their own reports). Three queries
    whatever the number of stations."""
    aired = Q(aired__started_at__isnull=False)
    copies = list(
        dispatch.bulletins.select_related("station__unit__area")
        .annotate(
            emergency_airings=Count("airings", distinct=True),
            programme_airings=Count("aired", filter=aired, distinct=True),
        )
        .order_by("station__name")
    )
    confirmed = Q(confirmed_at__isnull=False)
    counted: dict[int, dict[str, int]] = {}
    in_programme = Q(
        airing__items__bulletin__dispatch=dispatch, airing__items__started_at__isnull=False
    )
    for via, carried in (
        ("airing__bulletin", Q(airing__bulletin__dispatch=dispatch)),
        ("airing__items__bulletin", in_programme),
    ):
        rows = (
            Reach.objects.filter(carried)
            .values(via)
            .annotate(
                told=Count("speaker", distinct=True),
                confirmed=Count("speaker", filter=confirmed, distinct=True),
            )
        )
        for row in rows:
            counted[row[via]] = {"told": row["told"], "confirmed": row["confirmed"]}
    return [
        StationReport(
            bulletin=copy,
            airings=copy.emergency_airings + copy.programme_airings,  # type: ignore[attr-defined]
            told=counted.get(copy.pk, {}).get("told", 0),
            confirmed=counted.get(copy.pk, {}).get("confirmed", 0),
        )
        for copy in copies
    ]
