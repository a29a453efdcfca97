"""The catalogue team's import of the national catalogue's export, in two steps: the
file is checked (what would be created and updated, every error by its line), then
imported on confirmation. The file waits on disk between the steps under a random name.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import role_required
from tinhso.core.importers import ImportFailed
from tinhso.core.throttle import upload_limited
from tinhso.services.catalogue_import import MAX_IMPORT_BYTES, import_procedures

CATALOGUE_TEAM = (Role.SYSTEM_ADMIN,)
SUFFIXES = (".csv", ".xlsx")


WAITING_HOURS = 24  # a checked file nobody confirmed is removed after this


def _waiting_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "catalogue-imports"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - WAITING_HOURS * 3600
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return folder


@role_required(*CATALOGUE_TEAM)
@upload_limited("catalogue")
def import_catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    context: dict[str, Any] = {"max_mb": MAX_IMPORT_BYTES // 1_048_576}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if request.method == "POST":
        suffix = Path(upload.name or "").suffix.lower() if upload else ""
        if upload is None:
            context["error"] = _("Chưa chọn tệp.")
        elif suffix not in SUFFIXES:
            context["error"] = _("Chỉ nhận tệp .csv hoặc .xlsx.")
        elif (upload.size or 0) > MAX_IMPORT_BYTES:
            context["error"] = _("Tệp lớn quá %(n)d MB.") % {"n": context["max_mb"]}
        else:
            token = uuid.uuid4().hex
            path = _waiting_dir() / f"{token}{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                result = import_procedures(path, dry_run=True)
            except ImportFailed as exc:
                path.unlink(missing_ok=True)
                context.update({"errors": exc.errors[:500], "error_count": len(exc.errors)})
            else:
                context.update({"token": token + suffix, "name": upload.name, "result": result})
    return render(request, "services/catalogue_import.html", context)


def _confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    stem, _dot, suffix = token.partition(".")
    path = _waiting_dir() / token
    if not stem.isalnum() or f".{suffix}" not in SUFFIXES or not path.is_file():
        messages.error(request, _("Bản kiểm tra đã hết hạn; hãy tải tệp lên lại."))
        return redirect("catalogue_desk:import")
    try:
        result = import_procedures(path, actor=request.user)
    except ImportFailed as exc:  # the catalogue changed between the two steps
        messages.error(request, exc.errors[0])
    else:
        messages.success(
            request,
            _(
                "Đã nhập: tạo mới %(created)d, cập nhật %(updated)d, "
                "giữ nguyên %(unchanged)d thủ tục."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    finally:
        path.unlink(missing_ok=True)
    return redirect("catalogue_desk:import")
