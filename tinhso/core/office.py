"""Word documents (DOCX) to PDF with LibreOffice, headless — Debian's
``libreoffice-writer-nogui``, started per conversion with a profile of its own.

A DOCX is someone's ZIP file, so it is looked at before LibreOffice opens it:
- a "ZIP bomb" (a few kilobytes that inflate to gigabytes, or thousands of entries)
  is refused from the archive's directory, without inflating anything;
- a password-protected document (an OLE container, not a ZIP) is refused with a
  message the drafter can act on;
- a document that links to files elsewhere (an image or template by URL) is refused:
  LibreOffice would fetch them itself, outside the platform's SSRF guard
  (core/outbound.py). Hyperlinks are fine: nothing fetches them.
LibreOffice runs with a time limit in a process group of its own and is killed whole
when it overruns. No library converts DOCX layout faithfully in Python, which is why a
program is called here at all.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.core.pdfs import MAX_UPLOAD_BYTES, read_pdf

MAX_ENTRIES = 2_000
MAX_INFLATED_BYTES = 200 * 1_048_576
MAX_RATIO = 200  # inflated ÷ compressed for one entry: text compresses ~10×, zeros ~1000×
TIMEOUT_SECONDS = 120
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted DOCX, or an old .doc
DOCX_CONTENT = "word/document.xml"
# Relationships whose external target LibreOffice would load while converting.
HYPERLINK = "/hyperlink"


def converter() -> str | None:
    for name in ("soffice", "libreoffice"):
        for folder in os.environ.get("PATH", "/usr/bin").split(os.pathsep):
            candidate = Path(folder) / name
            if candidate.exists():
                return str(candidate)
    return None


def available() -> bool:
    return converter() is not None


def check_docx(data: bytes) -> None:
    """Refuse what must not reach LibreOffice; say why in words a drafter understands."""
    if data.startswith(OLE_SIGNATURE):
        raise ActionError(
            _(
                "Tệp Word này được đặt mật khẩu hoặc ở định dạng .doc cũ. Hãy bỏ mật khẩu "
                "và lưu thành .docx (hoặc PDF) rồi tải lên lại."
            ),
            code="encrypted",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ActionError(
            _("Tệp không phải văn bản Word (.docx) hợp lệ."), code="damaged"
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise ActionError(_("Tệp Word có quá nhiều thành phần."), code="bomb")
    if sum(entry.file_size for entry in entries) > MAX_INFLATED_BYTES:
        raise ActionError(_("Tệp Word khi giải nén quá lớn."), code="bomb")
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ActionError(_("Tệp Word có thành phần được mã hóa."), code="encrypted")
        if entry.file_size > 1_048_576 and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise ActionError(_("Tệp Word khi giải nén quá lớn."), code="bomb")
    names = {entry.filename for entry in entries}
    if DOCX_CONTENT not in names:
        raise ActionError(_("Tệp không phải văn bản Word (.docx) hợp lệ."), code="damaged")
    for name in names:
        if name.endswith(".rels") and _links_outside(archive.read(name)):
            raise ActionError(
                _(
                    "Tệp Word chèn ảnh hoặc mẫu từ địa chỉ bên ngoài. Hãy chèn trực tiếp "
                    "vào văn bản (Insert → Picture → From this device) rồi tải lên lại."
                ),
                code="external_link",
            )


def _links_outside(rels: bytes) -> bool:
    try:
        root = SafeET.fromstring(rels)
    except (SafeET.ParseError, DefusedXmlException):
        return True  # unreadable relationships: refuse rather than guess
    for relation in root:
        external = relation.get("TargetMode", "") == "External"
        if external and not relation.get("Type", "").endswith(HYPERLINK):
            return True
    return False


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF LibreOffice makes of ``data`` (checked first); ActionError if it cannot."""
    check_docx(data)
    program = converter()
    if program is None:
        raise ActionError(
            _("Máy chủ chưa cài LibreOffice để chuyển Word sang PDF. Hãy tải lên bản PDF."),
            code="no_converter",
        )
    with tempfile.TemporaryDirectory(prefix="tinhso-office-") as work:
        folder = Path(work)
        source = folder / "van-ban.docx"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 - a fixed program, our own arguments
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "HOME": work, "SAL_USE_VCLPLUGIN": "svp"},
        )
        try:
            process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ActionError(
                _("Chuyển Word sang PDF quá lâu; hãy lưu thành PDF rồi tải lên."), code="timeout"
            ) from None
        result = folder / "out" / "van-ban.pdf"
        if process.returncode != 0 or not result.exists():
            raise ActionError(
                _("LibreOffice không mở được tệp Word này; hãy lưu thành PDF rồi tải lên."),
                code="conversion_failed",
            )
        return result.read_bytes()


def checked_upload(data: bytes, name: str) -> bool:
    """An uploaded paper that may be Word or PDF, checked now: True for Word (to convert
    in a background task: ``docx_to_pdf``), False for a readable PDF; ActionError on
    the form's ``file`` field otherwise (too large, a bomb, a password, not either)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ActionError(_("Tệp quá lớn."), field="file")
    try:
        if name.lower().endswith(".docx") or data.startswith(b"PK"):
            check_docx(data)
            return True
        if not data.startswith(b"%PDF-"):
            raise ActionError(_("Tải lên tệp Word (.docx) hoặc PDF."), field="file")
        read_pdf(data, name=name)
    except ActionError as refused:
        raise ActionError(refused.message, field="file", code=refused.code) from None
    return False
