from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import AdminUnit, KeyHolder, OrgUnit
from tinhso.core.text import fold
from tinhso.reports.choices import PhotoKind, QuestionStatus, ReportStatus, Source


class Category(models.Model):
    """A kind of problem (an Open311 "service"): street light out, pothole, waste…"""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    group = models.CharField(_("nhóm"), max_length=100)
    description = models.TextField(_("mô tả"), blank=True)
    keywords = models.CharField(_("từ khóa"), max_length=300, blank=True)
    # Extra questions as data, in Open311's shape:
    # [{"code", "datatype", "required", "description", "order", "values": [{"key", "name"}]}]
    attributes = models.JSONField(_("thuộc tính bổ sung"), default=list, blank=True)
    # Empty: the People's Committee of the commune where the problem is.
    responsible_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị chịu trách nhiệm"),
    )
    response_days = models.PositiveSmallIntegerField(_("thời hạn xử lý (ngày làm việc)"))
    requires_photo = models.BooleanField(_("bắt buộc có ảnh"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại phản ánh")
        verbose_name_plural = _("loại phản ánh")
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """One field report (phản ánh hiện trường)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", verbose_name=_("loại phản ánh")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("người phản ánh"),
    )
    show_name = models.BooleanField(_("công khai tên người phản ánh"), default=False)
    reporter_name = models.CharField(_("tên người phản ánh"), max_length=150, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    description = models.TextField(_("nội dung"))
    attributes = models.JSONField(_("thuộc tính"), default=dict, blank=True)
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("xã, phường")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị xử lý")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.NEW,
        db_index=True,
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    due_at = models.DateTimeField(_("hạn xử lý"))
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("chuyển cấp trên lúc"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("trùng với"),
    )
    rating = models.PositiveSmallIntegerField(
        _("đánh giá"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)
    # False while held in the moderation queue: not on the public map or Open311.
    is_public = models.BooleanField(_("công khai"), default=True)
    # Open311 clients send the reporter's contact; kept for the unit, never published.
    api_client = models.ForeignKey(
        "ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    contact = models.JSONField(_("liên hệ (không công khai)"), default=dict, blank=True)
    # Citizens who said "that's the one I saw": they hear of every change too.
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_reports"
    )

    class Meta:
        verbose_name = _("phản ánh")
        verbose_name_plural = _("phản ánh")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"]),
            # Open311 and the public list: one category, newest first, any open status.
            models.Index(fields=["category", "-created_at"]),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["is_public", "created_at"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.category.name} — {self.address or self.commune.name}"


def photo_path(instance: ReportPhoto, filename: str) -> str:
    return f"reports/{uuid.uuid4().hex}.jpg"


class ReportPhoto(models.Model):
    """A photo, re-encoded as JPEG without any metadata (EXIF removed)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=10, choices=PhotoKind.choices, default=PhotoKind.REPORT)
    # Dimensions are set from the re-encoded photo, not read back from storage.
    image = models.ImageField(upload_to=photo_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # Open311's list shows each report's first own photo: one index probe.
            models.Index(
                fields=["report", "id"],
                condition=models.Q(kind="report"),
                name="reports_photo_first_own",
            )
        ]

    def __str__(self) -> str:
        return self.image.name


class KeptPhoto(models.Model):
    """A photo from a report form the server refused (a point outside the province, a
    word too many), kept — already re-encoded, without metadata — so that the citizen
    does not have to choose it again. Only its owner can use it; it is removed when the
    report is sent, and after KEPT_PHOTO_HOURS in any case (reports/kept.py)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    image = models.ImageField(upload_to="reports/kept/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.name


class ReportUpdate(models.Model):
    """One line of a report's public timeline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    note = models.TextField(_("nội dung công khai"), blank=True)
    # A comment sent by an Open311 client (servicerequestupdates), not a status change.
    is_comment = models.BooleanField(default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["at"]),
            # Open311's list shows each report's latest public note: one index probe
            # instead of sorting the report's timeline.
            models.Index(
                fields=["report", "-at", "-id"],
                condition=models.Q(is_comment=False),
                name="reports_update_latest_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.status}"


class ApiClient(KeyHolder):
    """An Open311 client app (a city app, a partner's website), issued a key by an admin.

    Only a SHA-256 of the key is stored: keys are long random strings, so a
    slow password hash would add nothing but latency to every request.
    """

    KEY_AUDIT_ACTION = "open311.key_issued"

    name = models.CharField(_("tên ứng dụng"), max_length=150, unique=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    hold_for_moderation = models.BooleanField(
        _("giữ phản ánh để kiểm duyệt trước khi công khai"), default=False
    )
    media_hosts = models.CharField(
        _("máy chủ ảnh được phép tải (media_url)"),
        max_length=500,
        blank=True,
        help_text=_("Tên máy chủ, cách nhau bởi dấu phẩy. Để trống: không tải ảnh qua URL."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ứng dụng Open311")
        verbose_name_plural = _("ứng dụng Open311")

    def __str__(self) -> str:
        return self.name


class Ban(models.Model):
    """An account or address barred from sending reports and questions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=300)
    until = models.DateTimeField(_("đến"), null=True, blank=True, help_text=_("Trống: vô thời hạn"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chặn gửi phản ánh")
        verbose_name_plural = _("danh sách chặn")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(ip_address__isnull=False),
                name="ban_names_someone",
            )
        ]

    def __str__(self) -> str:
        return str(self.user or self.ip_address)


class Question(models.Model):
    """A question to a unit (hỏi đáp trực tuyến); the answer may be published."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="questions",
        verbose_name=_("người hỏi"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="questions", verbose_name=_("hỏi đơn vị")
    )
    field = models.ForeignKey(
        "core.ProcedureField",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("câu hỏi"))
    allow_publish = models.BooleanField(_("đồng ý công khai câu hỏi và trả lời"), default=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=QuestionStatus.choices,
        default=QuestionStatus.WAITING,
        db_index=True,
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    is_published = models.BooleanField(_("đã công khai"), default=False, db_index=True)
    created_at = models.DateTimeField(_("hỏi lúc"), auto_now_add=True)
    due_at = models.DateTimeField(_("hạn trả lời"))
    # Title, question and answer folded (no diacritics, lower case) for search.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("hỏi đáp")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "status", "due_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.title} {self.body} {self.answer}")
        super().save(*args, **kwargs)
