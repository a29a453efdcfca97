from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.core.models import OrgUnit, ProcedureField
from tinhso.services.choices import (
    CITIZEN_STATUS_LABELS,
    DocumentKind,
    DossierStatus,
    EventKind,
    OnlineLevel,
    ProcedureLevel,
    Satisfaction,
    SubmissionChannel,
)

procedure_code_validator = RegexValidator(
    r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$",
    _("Mã thủ tục theo định dạng quốc gia, ví dụ 1.011442.000.00.00.H38."),
)


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) from the national catalogue."""

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, validators=[procedure_code_validator]
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    # Who it is for and when it applies (the national database's "Đối tượng thực hiện"
    # and "Yêu cầu, điều kiện"), in the citizen's words: shown on the page, searched by
    # the procedure assistant.
    description = models.TextField(_("áp dụng cho"), blank=True)
    field = models.ForeignKey(
        ProcedureField,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("lĩnh vực"),
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=ProcedureLevel.choices)
    # Province-level procedures have one agency; commune-level ones are done by the
    # People's Committee of the commune the applicant chooses.
    agency = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("cơ quan thực hiện"),
    )
    processing_days = models.PositiveSmallIntegerField(_("thời hạn giải quyết (ngày làm việc)"))
    fee = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), default=0)
    fee_note = models.CharField(_("ghi chú phí"), max_length=300, blank=True)
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices
    )
    # The online form as data: [{"name", "label", "type", "required", "choices", "max_length"}].
    form_schema = models.JSONField(_("biểu mẫu trực tuyến"), default=list, blank=True)
    result_name = models.CharField(_("kết quả"), max_length=300)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    # Lower-cased, diacritics removed: "giay phep xay dung" finds "Giấy phép xây dựng".
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field__name", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from tinhso.core.text import fold

        # The result's name too: people ask for "giấy khai sinh", not "đăng ký khai sinh".
        self.search_text = fold(f"{self.code} {self.name} {self.result_name} {self.field.name}")
        super().save(*args, **kwargs)


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one document the applicant must (or may) provide."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("tên giấy tờ"), max_length=300)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class WorkflowStep(models.Model):
    """One step of a procedure's processing: who does it and its share of the time."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    # Empty: the dossier's own agency (for commune procedures, the commune's committee).
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị thực hiện"),
    )
    days = models.DecimalField(
        _("thời hạn bước (ngày làm việc)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("quy trình xử lý")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="one_step_per_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class DailySequence(models.Model):
    """The per-agency daily counter behind dossier codes (…-261122-0007)."""

    agency_code = models.CharField(max_length=13)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="one_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day} {self.last}"


class Dossier(models.Model):
    """Hồ sơ: one application for one procedure, from submission to result."""

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("thủ tục")
    )
    agency = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("cơ quan giải quyết"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("người nộp (tài khoản)"),
    )
    applicant_name = models.CharField(_("người nộp"), max_length=150)
    applicant_phone = models.CharField(_("điện thoại người nộp"), max_length=16)
    applicant_citizen_id = models.CharField(_("số định danh người nộp"), max_length=12, blank=True)
    applicant_address = models.CharField(_("địa chỉ người nộp"), max_length=300, blank=True)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=SubmissionChannel.choices)
    status = models.PositiveSmallIntegerField(
        _("trạng thái"), choices=DossierStatus.choices, default=DossierStatus.NEW, db_index=True
    )
    form_data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    current_step = models.ForeignKey(
        WorkflowStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bước hiện tại"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("cán bộ được giao"),
    )
    # Idempotency: the same form posted twice (double click) makes one dossier.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True, db_index=True)
    step_due_at = models.DateTimeField(_("hạn bước hiện tại"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời gian từ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    apology_due_at = models.DateTimeField(_("ngày hẹn lại (thư xin lỗi)"), null=True, blank=True)
    # Working days from receipt to finish, kept at finishing time so that the
    # Decision 766 averages are one SQL aggregate.
    processing_working_days = models.PositiveIntegerField(
        _("số ngày làm việc đã xử lý"), null=True, blank=True
    )
    fee_amount = models.PositiveIntegerField(_("phí phải nộp"), default=0)
    fee_paid_at = models.DateTimeField(_("nộp phí lúc"), null=True, blank=True)
    is_digitised = models.BooleanField(_("đã số hóa"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("mức độ hài lòng"), choices=Satisfaction.choices, null=True, blank=True
    )
    rating_comment = models.TextField(_("góp ý"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"]),
            models.Index(fields=["applicant", "-submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def citizen_status_label(self) -> str:
        """The status as the applicant reads it ("Cần bổ sung giấy tờ")."""
        return str(CITIZEN_STATUS_LABELS[DossierStatus(self.status)])

    @property
    def is_late(self) -> bool:
        if self.due_at is None:
            return False
        from django.utils import timezone

        end = self.finished_at or timezone.now()
        return end > self.due_at


class DossierEvent(models.Model):
    """One line of a dossier's timeline: who did what, when, at which step."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(_("lúc"))
    from_status = models.PositiveSmallIntegerField(choices=DossierStatus.choices, null=True)
    to_status = models.PositiveSmallIntegerField(choices=DossierStatus.choices)
    step_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind}"


SUFFIXES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def dossier_upload_path(instance: DossierDocument, filename: str) -> str:
    # Random names: the original name (often a person's name) stays in the row only.
    suffix = SUFFIXES.get(instance.content_type, "")
    return f"dossiers/{instance.dossier.submitted_at:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        RequiredDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to=dossier_upload_path, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Documents the agency issues (results, letters) carry a QR code with this token.
    verify_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    # "12/KQ-UBND": the number in the issuing unit's register (results only).
    number = models.CharField(_("số văn bản"), max_length=40, blank=True)

    class Meta:
        ordering = ["kind", "requirement__order", "id"]

    def __str__(self) -> str:
        return self.original_name


class PortalSyncEvent(models.Model):
    """Outbox of the national portal sync: one payload per dossier change. Through the
    data-exchange axis (PORTAL_SYNC_SERVICE), ``sent_at`` is when the axis took it and
    ``axis_message_id`` its message there (the axis tracks the delivery)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="portal_events")
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    axis_message_id = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.payload.get('MaHoSo')} {self.payload.get('TrangThaiHoSo')}"


class Payment(models.Model):
    """One attempt to pay a dossier's fee through a payment provider."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        SUCCEEDED = "succeeded", _("Thành công")
        FAILED = "failed", _("Không thành công")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.CharField(max_length=30)
    amount = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    provider_transaction = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # At most one successful payment per dossier, whatever the callbacks do.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(status="succeeded"),
                name="one_successful_payment_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.amount} {self.status}"


class DossierDraft(models.Model):
    """A dossier being prepared online: typed values and uploaded papers, not yet submitted."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dossier_drafts"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    # The raw form values as typed (validated only at submission), prefixed names included.
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "procedure"], name="one_draft_per_procedure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.procedure_id}"


def draft_upload_path(instance: DraftDocument, filename: str) -> str:
    return f"drafts/{uuid.uuid4().hex}{SUFFIXES.get(instance.content_type, '')}"


class DraftDocument(models.Model):
    draft = models.ForeignKey(DossierDraft, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(RequiredDocument, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=draft_upload_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name
