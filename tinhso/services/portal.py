"""The national public-service portal's dossier sync payload (Cổng DVC quốc gia).

Field names follow the portal's dossier sync message (MaHoSo, MaTTHC,
TrangThaiHoSo, NgayTiepNhan, NgayHenTra, …); dates are yyyyMMddHHmmss in
Asia/Ho_Chi_Minh. A payload is written to an outbox row in the same transaction
as each dossier change, so none is lost or sent for a change that rolled back;
a task posts it when PORTAL_SYNC_URL is set, and `manage.py export_portal_sync`
writes the rows as JSON lines for a batch upload.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tinhso.services.choices import SubmissionChannel

PORTAL_DATE = "%Y%m%d%H%M%S"
# The portal's channel codes: 1 in person, 2 online, 3 by post.
CHANNEL_CODES = {
    SubmissionChannel.COUNTER: "1",
    SubmissionChannel.ONLINE: "2",
    SubmissionChannel.POST: "3",
}


def portal_date(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime(PORTAL_DATE) if value else ""


def portal_payload(dossier: Any) -> dict[str, Any]:
    procedure = dossier.procedure
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.field.code,
        "MaCoQuan": dossier.agency.identifier,
        "TenCoQuan": dossier.agency.name,
        "ChuHoSo": dossier.applicant_name,
        "SoDinhDanhChuHoSo": dossier.applicant_citizen_id,
        "KenhThucHien": CHANNEL_CODES.get(dossier.channel, "2"),
        "TrangThaiHoSo": str(dossier.status),
        "NgayNopHoSo": portal_date(dossier.submitted_at),
        "NgayTiepNhan": portal_date(dossier.received_at),
        "NgayHenTra": portal_date(dossier.due_at),
        "NgayKetThucXuLy": portal_date(dossier.finished_at),
        "NgayTraKetQua": portal_date(dossier.returned_at),
        "NgayHenTraMoi": portal_date(dossier.apology_due_at),
        "PhiLePhi": dossier.fee_amount,
        "DaThanhToan": dossier.fee_paid_at is not None,
        "MucDoHaiLong": dossier.rating or "",
        "NgayCapNhat": portal_date(timezone.now()),
    }
