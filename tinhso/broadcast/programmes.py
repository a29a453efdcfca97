"""A station's programmes: when it airs, as RFC 5545 recurrence rules.

The commune picks days of the week, a time and a length ("Mon–Sat 6:00, 30 minutes");
the rule is kept as an RRULE so python-dateutil computes the slots, and an installer
may type a rule of their own (FREQ=MONTHLY;BYMONTHDAY=1…) where the days do not say it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.broadcast import permissions
from tinhso.broadcast.choices import DAY_CHOICES, BulletinState, Priority
from tinhso.broadcast.models import Bulletin, Programme, Station
from tinhso.core import audio
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_MINUTES = 240


def describe(programme: Programme) -> str:
    """When it airs, in words, for the common rules ("Thứ Hai, Thứ Tư lúc 06:00",
    "hằng ngày lúc 17:00", "mỗi giờ, phút 30"); other rules as they are written."""
    parts = dict(p.split("=", 1) for p in programme.rule.split(";") if "=" in p)
    at = timezone.localtime(programme.starts)
    frequency, extra = parts.pop("FREQ", ""), set(parts) - {"BYDAY"}
    if frequency == "HOURLY" and not parts:
        return _("mỗi giờ, phút %(m)02d") % {"m": at.minute}
    if frequency == "DAILY" and not parts:
        return _("hằng ngày lúc %(t)s") % {"t": f"{at:%H:%M}"}
    if frequency == "WEEKLY" and not extra and parts.get("BYDAY"):
        names = dict(DAY_CHOICES)
        days = [str(names[d]) for d in parts["BYDAY"].split(",") if d in names]
        return _("%(days)s lúc %(t)s") % {"days": ", ".join(days), "t": f"{at:%H:%M}"}
    return programme.rule


def rule_for(days: list[str]) -> str:
    if not days or any(day not in DAYS for day in days):
        raise ActionError(_("Chọn ít nhất một ngày trong tuần."), field="days")
    return "FREQ=WEEKLY;BYDAY=" + ",".join(day for day in DAYS if day in days)


def _checked_rule(rule: str, starts: dt.datetime) -> str:
    rule = rule.strip().removeprefix("RRULE:")
    if len(rule) > 300 or "\n" in rule:
        raise ActionError(_("Lịch lặp không hợp lệ."), field="rule")
    try:
        first = rrulestr(rule, dtstart=timezone.localtime(starts)).after(
            timezone.localtime(), inc=True
        )
    except (ValueError, TypeError, OverflowError):
        raise ActionError(_("Lịch lặp không hợp lệ."), field="rule") from None
    if first is None:
        raise ActionError(_("Lịch này không còn buổi phát nào trong tương lai."), field="rule")
    return rule


@transaction.atomic
def do_add_programme(
    station: Station,
    *,
    name: str,
    starts: dt.datetime,
    minutes: int,
    days: list[str] | None = None,
    rule: str = "",
    skip_holidays: bool = False,
    acting_user: Any,
) -> Programme:
    if not permissions.can_approve(acting_user, station):
        raise PermissionDenied
    if not name.strip():
        raise ActionError(_("Đặt tên cho chương trình."), field="name")
    if starts < timezone.now() - dt.timedelta(minutes=1):
        raise ActionError(_("Ngày giờ bắt đầu đã qua."), field="starts")
    if not 1 <= minutes <= MAX_MINUTES:
        raise ActionError(
            _("Thời lượng từ 1 đến %(most)s phút.") % {"most": MAX_MINUTES}, field="minutes"
        )
    checked = _checked_rule(rule or rule_for(days or []), starts)
    programme = Programme.objects.create(
        station=station,
        name=name.strip()[:200],
        rule=checked,
        starts=starts,
        minutes=minutes,
        skip_holidays=skip_holidays,
    )
    write_audit(
        "broadcast.programme_added", actor=acting_user, obj=programme, data={"rule": checked}
    )
    return programme


@transaction.atomic
def do_place(bulletin: Bulletin, *, programme: Programme | None, rank: int,
             acting_user: Any) -> Bulletin:  # fmt: skip
    """The commune's leader places an approved bulletin: in one programme (none: every
    programme of the station) and, among priority items, its order (smaller first)."""
    if not permissions.can_approve(acting_user, bulletin.station):
        raise PermissionDenied
    if bulletin.state != BulletinState.APPROVED or bulletin.priority == Priority.EMERGENCY:
        raise ActionError(_("Chỉ xếp lịch cho bản tin đã duyệt, không khẩn cấp."))
    if programme is not None and programme.station_id != bulletin.station_id:
        raise ActionError(_("Chương trình không thuộc đài này."), field="programme")
    if not 1 <= rank <= 999:
        raise ActionError(_("Thứ tự từ 1 đến 999."), field="rank")
    bulletin.programme, bulletin.rank = programme, rank
    bulletin.save(update_fields=["programme", "rank"])
    write_audit("broadcast.placed", actor=acting_user, obj=bulletin,
                data={"programme": programme.pk if programme else None, "rank": rank})  # fmt: skip
    return bulletin


JINGLE_SECONDS = 30


@transaction.atomic
def do_set_jingles(station: Station, *, opening: bytes | None, closing: bytes | None,
                   acting_user: Any) -> Station:  # fmt: skip
    """The station's own opening and closing jingles (up to 30 s each), encoded like a
    bulletin so they sound as loud; a part not given stays as it was."""
    if not permissions.can_approve(acting_user, station):
        raise PermissionDenied
    if not opening and not closing:
        raise ActionError(_("Chọn tệp nhạc hiệu mở đầu hoặc kết thúc."), field="opening")
    for field, data in (("opening_jingle", opening), ("closing_jingle", closing)):
        if data:
            encoded = audio.for_broadcast(data, max_seconds=JINGLE_SECONDS)
            getattr(station, field).save("nhac-hieu.ogg", ContentFile(encoded.data), save=False)
    station.save(update_fields=["opening_jingle", "closing_jingle"])
    write_audit("broadcast.jingles_set", actor=acting_user, obj=station)
    return station


@transaction.atomic
def do_end_programme(programme: Programme, *, acting_user: Any) -> Programme:
    if not permissions.can_approve(acting_user, programme.station):
        raise PermissionDenied
    programme.active = False
    programme.save(update_fields=["active"])
    write_audit("broadcast.programme_ended", actor=acting_user, obj=programme)
    return programme
