"""Checking uploaded documents by their content, not their name.

Three formats are accepted (PDF, JPEG, PNG); their signatures are fixed and
short, so a few bytes are checked here instead of depending on libmagic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    size: int
    sha256: str
    name: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    size = upload.size or 0
    limit = settings.DOSSIER_MAX_FILE_BYTES
    if size > limit:
        raise ActionError(
            _("Tệp “%(name)s” lớn hơn %(mb)d MB.")
            % {"name": upload.name, "mb": limit // 1_048_576},
            code="too_large",
        )
    if size == 0:
        raise ActionError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    head = upload.read(16)
    content_type = next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise ActionError(
            _("Tệp “%(name)s” không phải PDF, JPEG hay PNG.") % {"name": upload.name},
            code="file_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload, content_type, size, digest.hexdigest(), stored_name(upload.name, content_type)
    )


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def stored_name(sent_name: str | None, content_type: str) -> str:
    """The sender's name without its extension, plus the extension of what the file
    really is: "%PDF-… named poly.html" is stored and served as poly.pdf."""
    base = (sent_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in " -_()")
    stem = " ".join(stem.split())[:150] or "tep"
    return stem + EXTENSIONS[content_type]
