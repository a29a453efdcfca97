"""Storing a camera's event with its evidence — the one path for the event API (edge
cameras, remote workers) and for vision workers running inside the platform.

Every file is checked before anything is stored, and the violation and its evidence are
written in one transaction: no violation without its evidence, no evidence alone.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.core.params import EARLIEST, LATEST, parse_moment
from tinhso.traffic import actions, evidence
from tinhso.traffic.models import Camera, Violation

MIN_FRAMES = 3
MAX_FRAMES = 10


def record_event(
    camera: Camera,
    fields: dict[str, Any],
    frames: list[Any],
    plate_image: Any = None,
    clip: Any = None,
) -> tuple[Violation, bool]:
    """fields: event_id, kind, plate, plate_colour, vehicle_kind, occurred_at (ISO 8601
    with offset), confidence. Files are uploads (size, seek, read). ActionError names
    what is wrong; the same event_id again returns the stored violation (created False)."""
    text = str(fields.get("occurred_at") or "")[:40]
    try:
        with_zone = parse_datetime(text)
    except ValueError:  # well-formed but impossible, such as 2026-02-30T10:00+07:00
        with_zone = None
    occurred = parse_moment(text, date_only=False) if with_zone and with_zone.tzinfo else None
    if occurred is None:
        raise ActionError(
            _("Thời điểm phải là ngày giờ ISO 8601 kèm múi giờ, từ năm %(a)d đến %(b)d.")
            % {"a": EARLIEST.year, "b": LATEST.year},
            field="occurred_at",
        )
    if not MIN_FRAMES <= len(frames) <= MAX_FRAMES:
        raise ActionError(
            _("Cần từ %(low)d đến %(high)d khung hình.") % {"low": MIN_FRAMES, "high": MAX_FRAMES},
            field="frames",
        )
    try:
        confidence = float(fields.get("confidence", ""))
    except (TypeError, ValueError):
        raise ActionError(_("Độ tin cậy phải từ 0 đến 1."), field="confidence") from None
    plate_confidence: float | None = None
    if fields.get("plate_confidence") not in (None, ""):
        try:
            plate_confidence = float(fields["plate_confidence"])
        except (TypeError, ValueError):
            raise ActionError(
                _("Độ tin cậy của biển số phải từ 0 đến 1."), field="plate_confidence"
            ) from None
    clean_frames = [evidence.clean_image(f) for f in frames]
    clean_plate = evidence.clean_image(plate_image) if plate_image is not None else None
    clean_clip = evidence.clean_clip(clip) if clip is not None else None
    with transaction.atomic():
        violation, created = actions.do_record_event(
            camera,
            event_id=str(fields.get("event_id") or ""),
            kind=str(fields.get("kind") or ""),
            plate_read=str(fields.get("plate") or ""),
            occurred_at=occurred,
            confidence=confidence,
            plate_confidence=plate_confidence,
            plate_colour=str(fields.get("plate_colour") or "white"),
            vehicle_kind=str(fields.get("vehicle_kind") or "car"),
        )
        if created:
            evidence.store(violation, clean_frames, clean_plate, clean_clip)
    return violation, created
