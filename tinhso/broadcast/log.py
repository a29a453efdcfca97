"""The broadcast log: what aired where and when, speaker by speaker from their own
reports — the month's rows for the report to the district (Circular 39/2020/TT-BTTTT
asks commune stations to keep a log of what they air)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tinhso.broadcast.choices import AiringKind
from tinhso.broadcast.models import Airing, AiringItem, Bulletin, Station

HEADER = tuple(
    gettext_noop(title)
    for title in (
        "Thời điểm phát", "Chương trình", "Bản tin", "Lĩnh vực", "Mức ưu tiên",
        "Thời lượng (giây)", "Người soạn", "Người duyệt", "Số loa được lệnh",
        "Số loa xác nhận phát",
    )
)  # fmt: skip


def with_reach(airings: QuerySet[Any], via: str = "") -> QuerySet[Any]:
    """Each row counted with the speakers told and those that confirmed playing."""
    reach = f"{via}reach"
    confirmed = Q(**{f"{reach}__confirmed_at__isnull": False})
    return airings.annotate(
        told=Count(reach, distinct=True), confirmed=Count(reach, filter=confirmed, distinct=True)
    )


@dataclass
class Row:
    moment: dt.datetime
    programme: str
    bulletin: Bulletin
    told: int
    confirmed: int

    def cells(self) -> list[str]:
        b = self.bulletin
        return [
            f"{timezone.localtime(self.moment):%d/%m/%Y %H:%M:%S}", self.programme, b.title,
            b.get_category_display(), b.get_priority_display(), f"{b.seconds:.0f}",
            b.sender_name, b.approved_by.full_name if b.approved_by else "",
            str(self.told), str(self.confirmed),
        ]  # fmt: skip


def month_rows(station: Station, start: dt.datetime, end: dt.datetime) -> list[Row]:
    items = AiringItem.objects.filter(
        airing__station=station, started_at__gte=start, started_at__lt=end
    ).select_related(
        "airing__programme",
        "bulletin__author",
        "bulletin__approved_by",
        "bulletin__dispatch__source",
    )
    rows = [
        Row(item.started_at, item.airing.programme.name if item.airing.programme else "",
            item.bulletin, item.told, item.confirmed)
        for item in with_reach(items, via="airing__")
    ]  # fmt: skip
    emergencies = Airing.objects.filter(
        station=station, kind=AiringKind.EMERGENCY, started_at__gte=start, started_at__lt=end
    ).select_related("bulletin__author", "bulletin__approved_by", "bulletin__dispatch__source")
    rows += [
        Row(a.started_at, _("Phát khẩn cấp"), a.bulletin, a.told, a.confirmed)
        for a in with_reach(emergencies)
        if a.bulletin is not None
    ]
    return sorted(rows, key=lambda row: row.moment)
