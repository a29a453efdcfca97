"""Every change to a violation: one transaction, an audit row. The worker's and the
edge cameras' events, the officers' review and the notices all come through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.accounts.permissions import has_any_role
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError, clean_note
from tinhso.traffic.choices import PlateColour, VehicleKind, ViolationKind
from tinhso.traffic.choices import ViolationStatus as V
from tinhso.traffic.models import Camera, Violation
from tinhso.traffic.state import check_transition
from tinhso.vision import plates

REVIEWERS = (Role.TRAFFIC_OFFICER,)


def _require_officer(user: Any) -> None:
    if not has_any_role(user, REVIEWERS):
        raise PermissionDenied


def do_record_event(
    camera: Camera,
    *,
    event_id: str,
    kind: str,
    plate_read: str,
    occurred_at: dt.datetime,
    confidence: float,
    plate_confidence: float | None = None,
    plate_colour: str = PlateColour.WHITE,
    vehicle_kind: str = VehicleKind.CAR,
) -> tuple[Violation, bool]:
    """Store a detected violation; the same event_id again returns the first one
    (created False), so a worker's retry never makes a second violation."""
    event_id = (event_id or "").strip()[:100]
    if not event_id:
        raise ActionError(_("Thiếu mã sự kiện."), field="event_id")
    existing = Violation.objects.filter(event_id=event_id).first()
    if existing is not None:
        if existing.camera_id != camera.pk:
            raise ActionError(_("Mã sự kiện đã dùng cho camera khác."), field="event_id")
        return existing, False
    if kind not in ViolationKind.values:
        raise ActionError(_("Loại vi phạm không hợp lệ."), field="kind")
    if plate_colour not in PlateColour.values or vehicle_kind not in VehicleKind.values:
        raise ActionError(_("Màu biển hoặc loại xe không hợp lệ."), field="plate_colour")
    if not 0 <= confidence <= 1:
        raise ActionError(_("Độ tin cậy phải từ 0 đến 1."), field="confidence")
    if plate_confidence is not None and not 0 <= plate_confidence <= 1:
        raise ActionError(_("Độ tin cậy của biển số phải từ 0 đến 1."), field="plate_confidence")
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise ActionError(_("Thời điểm ở tương lai."), field="occurred_at")
    reading = plates.read(plate_read or "")
    try:
        with transaction.atomic():
            violation = Violation.objects.create(
                event_id=event_id,
                camera=camera,
                kind=kind,
                plate=reading.plate,  # "" when it does not fit the grammar: review decides
                plate_read=(plate_read or "")[:40],
                plate_colour=plate_colour,
                vehicle_kind=vehicle_kind,
                occurred_at=occurred_at,
                confidence=confidence,
                plate_confidence=plate_confidence,
            )
            write_audit("traffic.detected", actor=None, obj=violation, data={"camera": camera.code})
    except IntegrityError:  # the same event arrived twice at once
        return Violation.objects.get(event_id=event_id), False
    return violation, True


@transaction.atomic
def do_verify(violation: Violation, *, acting_user: User, plate: str | None = None) -> Violation:
    """An officer confirms the violation, correcting the plate if the machine misread it."""
    _require_officer(acting_user)
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    check_transition(violation.status, V.VERIFIED)
    if plate is not None:
        normalised = plates.normalise(plate)
        if not plates.is_valid(normalised):
            raise ActionError(_("Biển số không đúng định dạng biển Việt Nam."), field="plate")
        violation.plate = normalised
    if not violation.plate:
        raise ActionError(_("Cần nhập biển số trước khi xác minh."), field="plate")
    violation.status = V.VERIFIED
    violation.reviewed_by, violation.reviewed_at = acting_user, timezone.now()
    violation.save()
    write_audit(
        "traffic.verified", actor=acting_user, obj=violation, data={"plate": violation.plate}
    )
    from tinhso.traffic.tasks import make_public_evidence

    transaction.on_commit(lambda: make_public_evidence.enqueue(violation.pk), robust=True)
    return violation


@transaction.atomic
def do_reject(violation: Violation, *, acting_user: User, reason: str) -> Violation:
    _require_officer(acting_user)
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    check_transition(violation.status, V.REJECTED)
    violation.reject_reason = clean_note(reason, required=True)[:300]
    violation.status = V.REJECTED
    violation.reviewed_by, violation.reviewed_at = acting_user, timezone.now()
    violation.save()
    write_audit("traffic.rejected", actor=acting_user, obj=violation)
    return violation


@transaction.atomic
def _advance(violation: Violation, target: str, *, acting_user: User, stamp: str) -> Violation:
    _require_officer(acting_user)
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    check_transition(violation.status, target)
    violation.status = target
    if stamp:
        setattr(violation, stamp, timezone.now())
    violation.save()
    write_audit(f"traffic.{target}", actor=acting_user, obj=violation)
    return violation


def do_issue_notice(violation: Violation, *, acting_user: User) -> Violation:
    """The PDF letter to the registered owner, and their inbox and SMS when they have an
    account. Refused when the plate is not in the registry: nobody to address."""
    from django.core.files.base import ContentFile

    from tinhso.core.choices import Channel
    from tinhso.core.notify import notify
    from tinhso.traffic.models import Vehicle
    from tinhso.traffic.notices import lookup_url, notice_pdf

    _require_officer(acting_user)
    vehicle = (
        Vehicle.objects.filter(plate=violation.plate, plate_colour=violation.plate_colour)
        .select_related("owner")
        .first()
    )
    if vehicle is None:
        raise ActionError(
            _("Biển số này chưa có trong sổ đăng ký phương tiện; hãy nhập sổ đăng ký trước."),
            field="plate",
        )
    unit = (
        acting_user.memberships.filter(role=Role.TRAFFIC_OFFICER).select_related("org_unit").first()
    )
    agency = unit.org_unit if unit else None
    with transaction.atomic():
        violation = _advance(
            violation, V.NOTICE_ISSUED, acting_user=acting_user, stamp="notice_sent_at"
        )
        letter = notice_pdf(violation, vehicle, agency)
        violation.notice_pdf.save(f"{violation.reference}.pdf", ContentFile(letter), save=True)
        if vehicle.owner is not None:
            notify(
                vehicle.owner,
                "traffic_notice",
                {"violation": violation, "plate": plates.display(violation.plate)},
                channels=(Channel.INBOX, Channel.SMS),
                link=lookup_url(violation),
            )
    return violation


def do_mark_paid(violation: Violation, *, acting_user: User) -> Violation:
    return _advance(violation, V.PAID, acting_user=acting_user, stamp="paid_at")


def do_close(violation: Violation, *, acting_user: User) -> Violation:
    return _advance(violation, V.CLOSED, acting_user=acting_user, stamp="")


def do_calibrate_camera(camera: Camera, *, acting_user: User, data: Any) -> Camera:
    """Save a calibration drawn on the snapshot; ActionError names what is wrong and
    nothing is saved. Workers read the new calibration when they next claim the camera."""
    from tinhso.traffic import calibration

    _require_officer(acting_user)
    clean = calibration.clean(data)
    with transaction.atomic():
        camera.calibration = clean
        camera.save(update_fields=["calibration"])
        write_audit("traffic.camera_calibrated", actor=acting_user, obj=camera)
    return camera
