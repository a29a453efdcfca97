"""Cameras, the violations they detect with their evidence, and the vehicle registry
that addresses notices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import AdminUnit, KeyHolder
from tinhso.traffic.choices import (
    CameraStatus,
    PlateColour,
    VehicleKind,
    ViolationKind,
    ViolationStatus,
)


class Camera(KeyHolder):
    KEY_AUDIT_ACTION = "traffic.key_issued"

    code = models.SlugField(_("mã camera"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    area = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(_("vĩ độ"))
    longitude = models.FloatField(_("kinh độ"))
    stream_url = models.CharField(_("địa chỉ luồng video"), max_length=500, blank=True)
    calibration = models.JSONField(_("hiệu chỉnh"), default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=CameraStatus.choices, default=CameraStatus.OFFLINE
    )
    last_frame_at = models.DateTimeField(null=True, blank=True)
    # Edge cameras that analyse on their own send events with their key (KeyHolder).
    # Which vision worker holds the camera, until when (a lease renewed while it runs).
    claimed_by = models.CharField(max_length=100, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("camera")

    def __str__(self) -> str:
        return self.name


class Violation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set by the worker or the edge camera; a re-sent event is recognised by it.
    event_id = models.CharField(max_length=100, unique=True)
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="violations")
    kind = models.CharField(_("lỗi vi phạm"), max_length=20, choices=ViolationKind.choices)
    # Normalised (59X123456); empty when the plate could not be read: review decides.
    plate = models.CharField(_("biển số"), max_length=12, blank=True, db_index=True)
    plate_read = models.CharField(_("biển số máy đọc"), max_length=40, blank=True)
    plate_colour = models.CharField(
        _("màu biển"), max_length=10, choices=PlateColour.choices, default=PlateColour.WHITE
    )
    vehicle_kind = models.CharField(
        _("loại xe"), max_length=10, choices=VehicleKind.choices, default=VehicleKind.CAR
    )
    occurred_at = models.DateTimeField(_("thời điểm"), db_index=True)
    confidence = models.FloatField(_("độ tin cậy"))
    # The reader's calibrated confidence in the plate; None when the camera gave none.
    plate_confidence = models.FloatField(_("độ tin cậy biển số"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=15,
        choices=ViolationStatus.choices,
        default=ViolationStatus.DETECTED,
        db_index=True,
    )
    reject_reason = models.CharField(_("lý do loại bỏ"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    notice_pdf = models.FileField(upload_to="traffic/notices/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vi phạm")
        verbose_name_plural = _("vi phạm")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["plate", "plate_colour", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.plate or '?'}"

    @property
    def needs_reading(self) -> bool:
        """The officer must read the plate by eye: the machine read none, gave no
        confidence, or one under the reader's send-as-read threshold (calibrated on
        synthetic plates, tinhso/vision/calibration.py)."""
        from tinhso.vision.recognizer import SEND_AS_READ

        return (
            not self.plate or self.plate_confidence is None or self.plate_confidence < SEND_AS_READ
        )

    @property
    def reference(self) -> str:
        """The short reference printed on the notice and read out at the police desk
        ("VP-261129-42"): the day it happened and the row's number. It names the case,
        it opens nothing — the look-up still needs the plate."""
        return f"VP-{timezone.localtime(self.occurred_at):%y%m%d}-{self.pk}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"traffic/{instance.violation.public_id}/{uuid.uuid4().hex}{filename[-4:]}"


class Evidence(models.Model):
    FRAME, PLATE, CLIP = "frame", "plate", "clip"
    KINDS = [(FRAME, _("Khung hình")), (PLATE, _("Ảnh biển số")), (CLIP, _("Đoạn video"))]

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=5, choices=KINDS)
    file = models.FileField(upload_to=evidence_path)
    # The copy the public sees: other vehicles' plates blurred (privacy.py); empty until made.
    public_file = models.FileField(upload_to=evidence_path, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order"]

    def __str__(self) -> str:
        return self.file.name


class Vehicle(models.Model):
    """The registry that addresses notices (imported from the police's CSV)."""

    plate = models.CharField(_("biển số"), max_length=12)
    plate_colour = models.CharField(_("màu biển"), max_length=10, choices=PlateColour.choices)
    owner_name = models.CharField(_("chủ xe"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=300)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vehicles",
    )

    class Meta:
        verbose_name = _("phương tiện")
        verbose_name_plural = _("phương tiện")
        constraints = [
            models.UniqueConstraint(fields=["plate", "plate_colour"], name="one_vehicle_per_plate")
        ]

    def __str__(self) -> str:
        return f"{self.plate} ({self.get_plate_colour_display()})"
