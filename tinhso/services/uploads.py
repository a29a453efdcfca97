"""Checking uploaded documents by their content, not their name.

Three formats are accepted (PDF, JPEG, PNG); their signatures are fixed and
short, so a few bytes are checked here instead of depending on libmagic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError

if TYPE_CHECKING:
    from tinhso.services.models import Procedure, RequiredDocument

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


def check_documents(
    procedure: Procedure, files: Mapping[int, Iterable[Any]], *, complete: bool = True
) -> list[tuple[RequiredDocument, CheckedFile]]:
    """The papers uploaded for a procedure's required documents (keyed by requirement),
    each checked by content; an error names the document's field. `complete`: every
    mandatory document must be there (a submission; a draft may lack some)."""
    requirements = {r.pk: r for r in procedure.documents.all()}
    if set(files) - set(requirements):
        raise ActionError(_("Có giấy tờ không thuộc thủ tục này."), code="unknown_document")
    checked = []
    for req_id, uploads in files.items():
        for upload in uploads:
            try:
                checked.append((requirements[req_id], check_upload(upload)))
            except ActionError as exc:
                exc.field = f"doc_{req_id}"
                raise
    provided = {req.pk for req, _file in checked}
    for requirement in requirements.values():
        if complete and requirement.mandatory and requirement.pk not in provided:
            raise ActionError(
                _("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": requirement.name},
                field=f"doc_{requirement.pk}",
                code="missing_document",
            )
    return checked
