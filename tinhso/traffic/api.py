"""Event ingestion for cameras that analyse at the edge (and for the vision worker):
multipart form with the event's fields, 3+ frames, the plate crop, an optional clip.
Authenticated per camera with X-Camera-Key; idempotent by event_id."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader

from tinhso.core.apikeys import hash_key
from tinhso.core.errors import ActionError
from tinhso.traffic import actions, evidence
from tinhso.traffic.models import Camera

MIN_FRAMES = 3
MAX_FRAMES = 10


class CameraKey(APIKeyHeader):
    param_name = "X-Camera-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        return Camera.objects.filter(key_hash=hash_key(key), is_active=True).first()


router = Router(tags=["traffic"])


class EventIn(Schema):
    event_id: str
    kind: str
    plate: str = ""
    plate_colour: str = "white"
    vehicle_kind: str = "car"
    occurred_at: str
    confidence: float


class EventOut(Schema):
    violation: str
    created: bool
    plate: str
    status: str


class ErrorOut(Schema):
    detail: str
    field: str = ""


@router.post(
    "/traffic/events",
    auth=CameraKey(),
    response={200: EventOut, 201: EventOut, 400: ErrorOut},
    summary="A violation detected by a camera, with its evidence",
)
def post_event(
    request: HttpRequest,
    event: Form[EventIn],
    frames: File[list[UploadedFile]],
    plate_image: UploadedFile | None = File(None),  # type: ignore[assignment]  # noqa: B008 (ninja)
    clip: UploadedFile | None = File(None),  # type: ignore[assignment]  # noqa: B008 (ninja)
) -> Any:
    camera: Camera = request.auth  # type: ignore[attr-defined]
    occurred = parse_datetime(event.occurred_at)
    try:
        if occurred is None or occurred.tzinfo is None:
            raise ActionError(_("Thời điểm phải kèm múi giờ (ISO 8601)."), field="occurred_at")
        if not MIN_FRAMES <= len(frames) <= MAX_FRAMES:
            raise ActionError(
                _("Cần từ %(low)d đến %(high)d khung hình.")
                % {"low": MIN_FRAMES, "high": MAX_FRAMES},
                field="frames",
            )
        # Check every file before storing anything: no violation without its evidence.
        clean_frames = [evidence.clean_image(f) for f in frames]
        clean_plate = evidence.clean_image(plate_image) if plate_image is not None else None
        clean_clip = evidence.clean_clip(clip) if clip is not None else None
        with transaction.atomic():
            violation, created = actions.do_record_event(
                camera,
                event_id=event.event_id,
                kind=event.kind,
                plate_read=event.plate,
                occurred_at=occurred,
                confidence=event.confidence,
                plate_colour=event.plate_colour,
                vehicle_kind=event.vehicle_kind,
            )
            if created:
                evidence.store(violation, clean_frames, clean_plate, clean_clip)
    except ActionError as exc:
        return Status(400, {"detail": exc.message, "field": exc.field or ""})
    body = {
        "violation": str(violation.public_id),
        "created": created,
        "plate": violation.plate,
        "status": violation.status,
    }
    return Status(201 if created else 200, body)
