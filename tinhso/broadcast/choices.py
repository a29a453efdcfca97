"""Bulletins' kinds, priorities (Circular 39/2020/TT-BTTTT) and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    """Circular 39's three levels: normal (the commune places it in its programme),
    priority (ahead of normal items), emergency (at once: disasters, fires, epidemics)."""

    NORMAL = "normal", _("Thông thường")
    PRIORITY = "priority", _("Ưu tiên")
    EMERGENCY = "emergency", _("Khẩn cấp")


class Category(models.TextChoices):
    NOTICE = "notice", _("Thông báo của chính quyền")
    POLICY = "policy", _("Tuyên truyền chủ trương, chính sách")
    DISASTER = "disaster", _("Phòng chống thiên tai")
    HEALTH = "health", _("Y tế, dịch bệnh")
    SECURITY = "security", _("An ninh, trật tự")
    OTHER = "other", _("Khác")


class Source(models.TextChoices):
    TEXT = "text", _("Văn bản đọc tự động")
    RECORDING = "recording", _("Bản ghi âm")


class BulletinState(models.TextChoices):
    """States, not the buttons' words."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Bị trả lại")


class AiringKind(models.TextChoices):
    PROGRAMME = "programme", _("Chương trình")
    EMERGENCY = "emergency", _("Phát khẩn cấp")


class AiringState(models.TextChoices):
    ON_AIR = "on_air", _("Đang phát")
    DONE = "done", _("Đã phát xong")
    STOPPED = "stopped", _("Đã dừng")
    FAILED = "failed", _("Không phát được")


class CommandState(models.TextChoices):
    SENT = "sent", _("Đã gửi, chờ xác nhận")
    DONE = "done", _("Thiết bị đã thực hiện")
    REFUSED = "refused", _("Thiết bị từ chối")
    UNANSWERED = "unanswered", _("Không có phản hồi")
    SUPERSEDED = "superseded", _("Bị lệnh mới thay thế")


# Days of the week as RFC 5545 writes them (BYDAY), for programmes.
DAY_CHOICES = [
    ("MO", _("Thứ Hai")), ("TU", _("Thứ Ba")), ("WE", _("Thứ Tư")), ("TH", _("Thứ Năm")),
    ("FR", _("Thứ Sáu")), ("SA", _("Thứ Bảy")), ("SU", _("Chủ nhật")),
]  # fmt: skip
