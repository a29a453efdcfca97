"""Event ingestion for cameras that analyse at the edge (and for the vision worker):
multipart form with the event's fields, 3+ frames, the plate crop, an optional clip.
Authenticated per camera with X-Camera-Key; idempotent by event_id."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tinhso.core.apikeys import HolderKey
from tinhso.core.errors import ActionError
from tinhso.core.schemas import ErrorOut
from tinhso.traffic.ingest import record_event
from tinhso.traffic.models import Camera


def CameraKey() -> HolderKey:
    return HolderKey(Camera, "X-Camera-Key")


router = Router(tags=["traffic"])


class EventIn(Schema):
    event_id: str
    kind: str
    plate: str = ""
    plate_colour: str = "white"
    vehicle_kind: str = "car"
    occurred_at: str
    confidence: float
    # The reader's calibrated confidence in the plate, 0–1. Absent: unknown, and an
    # officer reads the plate by eye.
    plate_confidence: float | None = None


class CameraEventOut(Schema):
    violation: str
    created: bool
    plate: str
    status: str


@router.post(
    "/traffic/events",
    auth=CameraKey(),
    response={200: CameraEventOut, 201: CameraEventOut, 400: ErrorOut},
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
    try:
        violation, created = record_event(
            camera, event.dict(), frames, plate_image=plate_image, clip=clip
        )
    except ActionError as exc:
        return Status(400, {"detail": exc.message, "field": exc.field or ""})
    body = {
        "violation": str(violation.public_id),
        "created": created,
        "plate": violation.plate,
        "status": violation.status,
    }
    return Status(201 if created else 200, body)
