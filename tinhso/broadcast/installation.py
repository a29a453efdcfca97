"""Setting up a commune's radio: its station, its loudspeakers, their passwords, and
taking a speaker down — by the unit's IT administrators (permissions.INSTALLERS), each a
``do_*`` with its audit row. A speaker is never deleted: the broadcast log names it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.broadcast import permissions
from tinhso.broadcast.models import Speaker, Station
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import AdminUnit, OrgUnit

# What an installer sets on a speaker (the rest is what the device reports).
SPEAKER_FIELDS = ("code", "name", "address", "model", "cluster", "area", "latitude", "longitude")


def do_open_station(unit: OrgUnit, *, name: str, mount: str, acting_user: Any) -> Station:
    if not permissions.units_without_station(acting_user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if Station.objects.filter(mount=mount).exists():
        raise ActionError(_("Điểm phát này đã có đài khác dùng."), field="mount")
    try:
        with transaction.atomic():
            station = Station.objects.create(unit=unit, name=name.strip()[:200], mount=mount)
            write_audit("broadcast.station_opened", actor=acting_user, obj=station)
    except IntegrityError:  # the same unit or mount, a moment ago
        raise ActionError(_("Đơn vị này đã có đài.")) from None
    return station


def _checked(station: Station, data: dict[str, Any], speaker: Speaker | None) -> dict[str, Any]:
    area: AdminUnit | None = data.get("area")
    served = station.unit.area
    if area is not None and (served is None or not area.path.startswith(served.path)):
        raise ActionError(
            _("%(area)s không thuộc địa bàn của đài.") % {"area": area.name}, field="area"
        )
    taken = Speaker.objects.filter(code=data["code"])
    if speaker is not None:
        taken = taken.exclude(pk=speaker.pk)
    if taken.exists():
        raise ActionError(_("Mã thiết bị này đã có."), field="code")
    if (data.get("latitude") is None) != (data.get("longitude") is None):
        raise ActionError(_("Nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."), field="latitude")
    return {name: data.get(name) for name in SPEAKER_FIELDS}


@transaction.atomic
def do_add_speaker(station: Station, data: dict[str, Any], *, acting_user: Any) -> Speaker:
    if not permissions.can_install(acting_user, station):
        raise PermissionDenied
    fields = _checked(station, data, None)
    if fields["area"] is None:
        fields["area"] = station.unit.area
    speaker = Speaker.objects.create(station=station, **fields)
    write_audit("broadcast.speaker_added", actor=acting_user, obj=speaker)
    return speaker


@transaction.atomic
def do_change_speaker(speaker: Speaker, data: dict[str, Any], *, acting_user: Any) -> Speaker:
    speaker = Speaker.objects.select_for_update().select_related("station__unit").get(pk=speaker.pk)
    if not permissions.can_install(acting_user, speaker.station) or speaker.retired_at:
        raise PermissionDenied
    fields = _checked(speaker.station, data, speaker)
    changed = [name for name, value in fields.items() if getattr(speaker, name) != value]
    if "code" in changed and speaker.mqtt_hash:
        # The broker knows it by its code: a new code needs a new account.
        raise ActionError(
            _("Thiết bị đã có mật khẩu theo mã cũ: gỡ thiết bị này và thêm thiết bị mới."),
            field="code",
        )
    for name in changed:
        setattr(speaker, name, fields[name])
    if changed:
        speaker.save(update_fields=changed)
    write_audit(
        "broadcast.speaker_changed", actor=acting_user, obj=speaker, data={"fields": changed}
    )
    return speaker


@transaction.atomic
def do_retire_speaker(speaker: Speaker, *, acting_user: Any) -> Speaker:
    """Taken down: its broker account goes with the next broker files, no programme or
    emergency counts it, the log keeps what it played."""
    speaker = Speaker.objects.select_for_update().select_related("station__unit").get(pk=speaker.pk)
    if not permissions.can_install(acting_user, speaker.station):
        raise PermissionDenied
    if speaker.retired_at is not None:
        raise ActionError(_("Thiết bị đã được gỡ."))
    speaker.retired_at, speaker.mqtt_hash, speaker.online = timezone.now(), "", False
    speaker.save(update_fields=["retired_at", "mqtt_hash", "online"])
    write_audit("broadcast.speaker_retired", actor=acting_user, obj=speaker)
    return speaker
