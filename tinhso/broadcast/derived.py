"""The commune radio's figures for the IOC (registered in plugins.py), for the stations
serving an area and under it: speakers online now, minutes aired in the period, and the
emergency reach — the share of targeted speakers that confirmed playing an emergency
within 60 seconds of its sending (a speaker that caught up later does not count)."""

from __future__ import annotations

import datetime as dt

from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone

from tinhso.broadcast.choices import AiringKind
from tinhso.broadcast.models import Airing, Reach, Speaker
from tinhso.core.models import AdminUnit

REACH_WITHIN = dt.timedelta(seconds=60)


def speakers_online(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Now, whatever the period: the share in per cent, none where there are no speakers."""
    speakers = Speaker.objects.in_service().filter(station__unit__area__path__startswith=area.path)
    total = speakers.count()
    return round(100 * speakers.filter(online=True).count() / total, 1) if total else None


def minutes_aired(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    airings = Airing.objects.filter(
        station__unit__area__path__startswith=area.path, started_at__gte=start, started_at__lt=end
    )
    ended = (
        airings.filter(ended_at__isnull=False).aggregate(
            total=Sum(
                ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
            )
        )["total"]
        or dt.timedelta()
    )
    now = timezone.now()
    still_on = airings.filter(ended_at__isnull=True).values_list("started_at", flat=True)
    on_air = sum((now - started for started in still_on), dt.timedelta())
    return round((ended + on_air).total_seconds() / 60, 1)


def emergency_reach(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    targeted = Reach.objects.filter(
        airing__kind=AiringKind.EMERGENCY,
        airing__station__unit__area__path__startswith=area.path,
        airing__started_at__gte=start,
        airing__started_at__lt=end,
    )
    total = targeted.count()
    if not total:
        return None
    in_time = targeted.filter(
        caught_up=False, confirmed_at__lte=F("airing__started_at") + REACH_WITHIN
    ).count()
    return round(100 * in_time / total, 1)
