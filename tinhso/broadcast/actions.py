"""Bulletins from writing to approval: one ``do_*`` each, with its audit row.

The audio is made when the bulletin is written — read by the platform's TTS or taken
from the recording — and encoded once (``core.audio.for_broadcast``: mono Opus at the
EBU R128 loudness), so what the approver hears is what the speakers will play."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.staff import staff_in
from tinhso.broadcast import permissions
from tinhso.broadcast.choices import BulletinState, Priority, Source
from tinhso.broadcast.models import Bulletin, Station
from tinhso.core import audio, tts
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import AdminUnit
from tinhso.core.notify import notify_all

MAX_TEXT = 5000


def audio_of(text: str, recording: bytes | None) -> tuple[str, audio.Encoded]:
    if recording:
        return Source.RECORDING, audio.for_broadcast(recording)
    if not text.strip():
        raise ActionError(_("Nhập nội dung hoặc tải lên bản ghi âm."), field="text")
    if len(text) > MAX_TEXT:
        raise ActionError(_("Nội dung quá dài."), field="text")
    if not any(character.isalpha() for character in text):
        raise ActionError(_("Nội dung không có chữ nào để đọc."), field="text")
    try:
        speech = tts.speak(text)
    except tts.TtsError:
        raise ActionError(_("Nội dung không có chữ nào để đọc."), field="text") from None
    return Source.TEXT, audio.for_broadcast(speech.audio)


def checked_period(
    valid_from: dt.datetime | None, valid_until: dt.datetime, now: dt.datetime
) -> dt.datetime:
    """When it may air from (now when not given); refused when it would never air."""
    valid_from = valid_from or now
    if valid_until <= max(valid_from, now):
        raise ActionError(
            _("Thời hạn phát đã qua hoặc trước thời điểm bắt đầu."), field="valid_until"
        )
    return valid_from


def _areas(station: Station, areas: list[AdminUnit]) -> list[AdminUnit]:
    served = station.unit.area
    for area in areas:
        if served is None or not area.path.startswith(served.path):
            raise ActionError(
                _("%(area)s không thuộc địa bàn của đài.") % {"area": area.name}, field="areas"
            )
    return areas


@transaction.atomic
def do_create_bulletin(
    station: Station,
    *,
    title: str,
    category: str,
    priority: str = Priority.NORMAL,
    text: str = "",
    recording: bytes | None = None,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime,
    areas: list[AdminUnit] = (),  # type: ignore[assignment]
    acting_user: Any,
) -> Bulletin:
    """A new bulletin (a draft), or an emergency from a leader: approved by sending it,
    recorded with who sent it."""
    if not permissions.stations_for(acting_user).filter(pk=station.pk).exists():
        raise PermissionDenied
    emergency = priority == Priority.EMERGENCY
    if emergency and not permissions.can_send_emergency(acting_user, station):
        raise ActionError(
            _("Chỉ người được giao quyền phát tin khẩn cấp mới gửi được bản tin khẩn cấp."),
            field="priority",
        )
    now = timezone.now()
    valid_from = checked_period(valid_from, valid_until, now)
    chosen = _areas(station, list(areas))
    if emergency:
        _no_emergency_on_air(station, chosen, now)
    source, encoded = audio_of(text, recording)
    bulletin = Bulletin(
        station=station,
        title=title.strip()[:200],
        category=category,
        priority=priority,
        source=source,
        text=text.strip() if source == Source.TEXT else "",
        seconds=encoded.seconds,
        loudness=encoded.loudness_out,
        valid_from=valid_from,
        valid_until=valid_until,
        author=acting_user,
    )
    if emergency:
        bulletin.state = BulletinState.APPROVED
        bulletin.approved_by, bulletin.approved_at = acting_user, now
    bulletin.audio.save("ban-tin.ogg", ContentFile(encoded.data), save=False)
    bulletin.save()
    bulletin.areas.set(chosen)
    write_audit(
        "broadcast.emergency_sent" if emergency else "broadcast.drafted",
        actor=acting_user,
        obj=bulletin,
        data={"seconds": round(encoded.seconds, 1), "areas": [a.code for a in chosen]},
    )
    return bulletin


def _overlap(first: list[AdminUnit], second: list[AdminUnit]) -> bool:
    """Whether two bulletins' areas share a speaker's place (none named: the commune)."""
    if not first or not second:
        return True
    return any(
        a.path.startswith(b.path) or b.path.startswith(a.path) for a in first for b in second
    )


def _no_emergency_on_air(station: Station, areas: list[AdminUnit], now: dt.datetime) -> None:
    """Two emergencies at once in one place would cut each other off: the second waits
    until the first has aired or a leader has stopped it."""
    live = (
        Bulletin.objects.filter(
            station=station,
            priority=Priority.EMERGENCY,
            state=BulletinState.APPROVED,
            stopped_at__isnull=True,
            valid_until__gt=now,
        )
        .exclude(airings__state__in=("done", "stopped", "failed"))
        .prefetch_related("areas")
    )
    for other in live:
        if _overlap(areas, list(other.areas.all())):
            raise ActionError(
                _(
                    "Bản tin khẩn cấp “%(title)s” đang phát ở khu vực này. Hãy chờ phát xong "
                    "hoặc dừng bản tin đó trước."
                )
                % {"title": other.title},
                field="priority",
            )


@transaction.atomic
def do_stop_emergency(bulletin: Bulletin, *, acting_user: Any) -> Bulletin:
    """One with the emergency role ends an emergency early (sent by mistake, danger
    over): the scheduler stops its stream and sends the speakers back to the programme."""
    bulletin = _locked(bulletin)
    if not permissions.can_send_emergency(acting_user, bulletin.station):
        raise PermissionDenied
    if bulletin.priority != Priority.EMERGENCY or bulletin.stopped_at is not None:
        raise ActionError(_("Bản tin không phải bản tin khẩn cấp đang phát."))
    bulletin.stopped_at = timezone.now()
    bulletin.save(update_fields=["stopped_at"])
    write_audit("broadcast.emergency_stopped", actor=acting_user, obj=bulletin)
    return bulletin


def _locked(bulletin: Bulletin) -> Bulletin:
    return Bulletin.objects.select_for_update().select_related("station__unit").get(pk=bulletin.pk)


@transaction.atomic
def do_submit(bulletin: Bulletin, *, acting_user: Any) -> Bulletin:
    bulletin = _locked(bulletin)
    if not permissions.visible_bulletins(acting_user).filter(pk=bulletin.pk).exists():
        raise PermissionDenied
    if bulletin.state not in (BulletinState.DRAFT, BulletinState.REJECTED):
        raise ActionError(_("Bản tin đã gửi duyệt hoặc đã được duyệt."))
    bulletin.state, bulletin.reason = BulletinState.SUBMITTED, ""
    bulletin.save(update_fields=["state", "reason"])
    write_audit("broadcast.submitted", actor=acting_user, obj=bulletin)
    notify_all(
        staff_in(bulletin.station.unit, permissions.APPROVERS),
        "bulletin_to_approve",
        {"bulletin": bulletin},
        link=reverse("broadcast:bulletin", args=[bulletin.pk]),
    )
    return bulletin


def _deciding(bulletin: Bulletin, user: Any) -> Bulletin:
    bulletin = _locked(bulletin)
    if not permissions.can_approve(user, bulletin.station):
        raise PermissionDenied
    if bulletin.state != BulletinState.SUBMITTED:
        raise ActionError(_("Bản tin không chờ duyệt."))
    return bulletin


@transaction.atomic
def do_approve(bulletin: Bulletin, *, acting_user: Any) -> Bulletin:
    """The commune's leader accepts it: from now on it may air (in its period)."""
    bulletin = _deciding(bulletin, acting_user)
    bulletin.state = BulletinState.APPROVED
    bulletin.approved_by, bulletin.approved_at = acting_user, timezone.now()
    bulletin.save(update_fields=["state", "approved_by", "approved_at"])
    write_audit("broadcast.approved", actor=acting_user, obj=bulletin)
    return bulletin


@transaction.atomic
def do_reject(bulletin: Bulletin, *, reason: str, acting_user: Any) -> Bulletin:
    bulletin = _deciding(bulletin, acting_user)
    if not reason.strip():
        raise ActionError(_("Cho biết lý do trả lại."), field="reason")
    bulletin.state, bulletin.reason = BulletinState.REJECTED, reason.strip()[:300]
    bulletin.save(update_fields=["state", "reason"])
    write_audit("broadcast.rejected", actor=acting_user, obj=bulletin)
    return bulletin
