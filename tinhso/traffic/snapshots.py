"""A still of each camera for drawing its calibration: taken from the stream on request
(with short timeouts, so a dead camera does not hang the page), kept in media storage,
and otherwise the first frame of the camera's latest evidence."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tinhso.traffic.models import Camera, Evidence


def _path(camera: Camera) -> str:
    return f"traffic/snapshots/{camera.code}.jpg"


def grab(camera: Camera) -> bytes | None:
    """One frame from the camera's stream or file, as JPEG; None if it cannot be had."""
    import cv2

    from tinhso.vision.source import VideoError, VideoSource

    if not camera.stream_url:
        return None
    try:
        source = VideoSource(camera.stream_url, max_retries=0)
        try:
            for _index, frame in source.frames():
                ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])
                return data.tobytes() if ok else None
        finally:
            source.close()
    except VideoError:
        return None
    return None


def refresh(camera: Camera) -> bool:
    data = grab(camera)
    if data is None:
        return False
    if default_storage.exists(_path(camera)):
        default_storage.delete(_path(camera))
    default_storage.save(_path(camera), ContentFile(data))
    return True


def _latest_frame(camera: Camera) -> Evidence | None:
    return (
        Evidence.objects.filter(violation__camera=camera, kind=Evidence.FRAME)
        .order_by("-violation__occurred_at", "order")
        .first()
    )


def available(camera: Camera) -> bool:
    """Whether there is a picture to draw on, without reading it (the page's image
    request reads it once)."""
    return (
        default_storage.exists(_path(camera))
        or refresh(camera)
        or _latest_frame(camera) is not None
    )


def current(camera: Camera) -> bytes | None:
    if default_storage.exists(_path(camera)) or refresh(camera):
        with default_storage.open(_path(camera), "rb") as handle:
            return bytes(handle.read())
    latest = _latest_frame(camera)
    if latest is None:
        return None
    with latest.file.open("rb") as handle:
        return bytes(handle.read())
