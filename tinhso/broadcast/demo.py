"""The demo's commune radio: the first commune's station with six loudspeakers in its
neighbourhoods, one bulletin approved and one waiting for the chairwoman's approval —
both read aloud by the platform's TTS (espeak-ng), so `make demo` plays real audio."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.broadcast import actions
from tinhso.broadcast.models import Programme, Speaker, Station
from tinhso.core.demo import commune_committee_identifier
from tinhso.core.errors import ActionError
from tinhso.core.maps import areas
from tinhso.core.models import OrgUnit

SPEAKERS = [
    ("Cụm loa nhà văn hóa khu phố 1", "Khu phố 1"), ("Cụm loa chợ Bình An", "Khu phố 2"),
    ("Cụm loa trường tiểu học", "Khu phố 3"), ("Cụm loa ngã ba Lê Lợi", "Khu phố 4"),
    ("Cụm loa trạm y tế", "Khu phố 5"), ("Cụm loa bến đò", "Khu phố 6"),
]  # fmt: skip


def load(write: Callable[[str], Any]) -> None:
    unit = OrgUnit.objects.filter(identifier=commune_committee_identifier(1)).first()
    writer = User.objects.filter(phone="+84901000012").first()
    leader = User.objects.filter(phone="+84901000013").first()
    if unit is None or writer is None or leader is None:
        return
    if Station.objects.filter(unit=unit).exists():
        write("  commune radio already there")
        return
    station = Station.objects.create(unit=unit, name=f"Đài truyền thanh {unit.name}", mount="xa-1")
    # Around a point inside the commune, so the map shows them where they serve.
    inside = (a.geometry.representative_point() for a in areas() if a.unit_id == unit.area_id)
    spot = next(inside, None)
    for number, (name, cluster) in enumerate(SPEAKERS, start=1):
        Speaker.objects.create(
            station=station, code=f"loa-xa1-{number:02d}", name=name, cluster=cluster,
            address=f"10.20.1.{10 + number}", model="IP speaker 30 W", area=unit.area,
            latitude=(spot.y if spot else 11.31) + 0.004 * math.sin(number),
            longitude=(spot.x if spot else 106.10) + 0.004 * math.cos(number),
        )  # fmt: skip
    # The usual two daily programmes, and (demo only) a short one every hour, so a
    # visitor hears the programme on the simulated speakers whenever they look.
    for name, rule, hour, minutes in (
        ("Chương trình sáng", "FREQ=DAILY", 6, 30),
        ("Chương trình chiều", "FREQ=DAILY", 17, 30),
        ("Phát thử mỗi giờ (demo)", "FREQ=HOURLY", 0, 10),
    ):
        slot = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
        Programme.objects.create(station=station, name=name, rule=rule, minutes=minutes,
                                 starts=slot - dt.timedelta(days=1))  # fmt: skip
    until = timezone.now() + dt.timedelta(days=10)
    try:
        first = actions.do_create_bulletin(
            station, title="Lịch tiêm chủng mở rộng tháng 12", category="health",
            text="Trạm y tế phường thông báo: ngày 10/12/2026 tổ chức tiêm chủng mở rộng cho "
            "trẻ dưới 5 tuổi, từ 7 giờ 30 đến 11 giờ tại trạm y tế. Đề nghị phụ huynh đưa trẻ "
            "đến đúng giờ và mang theo sổ tiêm chủng.",
            valid_until=until, acting_user=writer,
        )  # fmt: skip
        actions.do_submit(first, acting_user=writer)
        actions.do_approve(first, acting_user=leader)
        second = actions.do_create_bulletin(
            station, title="Thu gom rác thải cồng kềnh", category="notice",
            text="Ủy ban nhân dân phường thông báo: sáng chủ nhật ngày 14/12/2026 tổ chức thu "
            "gom rác thải cồng kềnh tại các khu phố. Liên hệ đường dây nóng 0901 234 567.",
            valid_until=until, acting_user=writer,
        )  # fmt: skip
        actions.do_submit(second, acting_user=writer)
    except ActionError:  # no espeak-ng on this machine
        write("  (no TTS here: the commune radio has its station and speakers, no bulletins)")
        return
    write(f"  {station.name}: {len(SPEAKERS)} speakers, 3 programmes, 2 bulletins (one to approve)")
    _from_the_province(station, until, write)


def _from_the_province(first: Station, until: dt.datetime, write: Callable[[str], Any]) -> None:
    """The second commune's station (no speakers yet) and the province's source system,
    which has sent one bulletin to both communes: it waits for each commune's choice."""
    from tinhso.broadcast import dispatch
    from tinhso.broadcast.models import SourceSystem
    from tinhso.core.apikeys import do_issue_key

    second = OrgUnit.objects.filter(identifier=commune_committee_identifier(2)).first()
    from tinhso.core.models import AdminUnit

    above = first.unit.area.parent_id if first.unit.area else None
    province = AdminUnit.objects.filter(pk=above).first() if above else None
    if second is None or province is None:
        return
    Station.objects.get_or_create(
        unit=second, defaults={"name": f"Đài truyền thanh {second.name}", "mount": "xa-2"}
    )
    source = SourceSystem.objects.create(
        name="Hệ thống thông tin nguồn tỉnh", area=province, may_send_priority=True
    )
    write(f"  {source.name}: X-Broadcast-Key (shown once) {do_issue_key(source)}")
    dispatch.do_dispatch(
        areas=[province], title="Tuần lễ quốc gia phòng chống thiên tai", category="disaster",
        priority="normal", reference="TTN-DEMO-001", source=source, valid_until=until,
        text="Hưởng ứng tuần lễ quốc gia phòng chống thiên tai, đề nghị các hộ gia đình kiểm "
        "tra nhà cửa, chằng chống mái tôn và chuẩn bị đèn pin, nước uống, thuốc men dự phòng.",
    )  # fmt: skip
    write("  the province's source system sent one bulletin to both communes' stations")
