"""Evidence files from cameras: images are decoded and re-encoded (nothing stored as
sent, metadata dropped), clips are size-capped MP4/WebM."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.core.images import ImageRefused, decode
from tinhso.traffic.models import Evidence, Violation

CLIP_SIGNATURES = (b"\x1aE\xdf\xa3",)  # WebM/Matroska; MP4 is checked by its ftyp box


def clean_image(upload: Any) -> bytes:
    limit = settings.TRAFFIC_EVIDENCE_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ActionError(
            _("Ảnh bằng chứng lớn hơn %(mb)d MB.") % {"mb": limit // 1_048_576}, field="frames"
        )
    try:
        with decode(upload) as image:
            rgb = image.convert("RGB")
    except (ImageRefused, OSError, ValueError):
        raise ActionError(_("Tệp bằng chứng không phải ảnh đọc được."), field="frames") from None
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=90)
    return out.getvalue()


def clean_clip(upload: Any) -> bytes:
    limit = settings.TRAFFIC_CLIP_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ActionError(
            _("Đoạn video lớn hơn %(mb)d MB.") % {"mb": limit // 1_048_576}, field="clip"
        )
    upload.seek(0)
    data = upload.read()
    if not (data[4:8] == b"ftyp" or data.startswith(CLIP_SIGNATURES)):
        raise ActionError(_("Đoạn video phải là MP4 hoặc WebM."), field="clip")
    return bytes(data)


def store(
    violation: Violation, frames: list[bytes], plate: bytes | None, clip: bytes | None
) -> None:
    items = [(Evidence.FRAME, data, ".jpg") for data in frames]
    if plate is not None:
        items.append((Evidence.PLATE, plate, ".jpg"))
    if clip is not None:
        items.append((Evidence.CLIP, clip, ".webm" if clip.startswith(CLIP_SIGNATURES) else ".mp4"))
    for order, (kind, data, suffix) in enumerate(items):
        item = Evidence(violation=violation, kind=kind, order=order)
        item.file.save(f"e{suffix}", ContentFile(data), save=False)
        item.save()
