"""The states and marks of an official document (Decree 30/2020/NĐ-CP; the Law on
Protection of State Secrets 2018 for the secrecy grades)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    """Độ khẩn (Decree 30, Article 8 and Appendix I): how fast it must move."""

    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    EXPRESS = "express", _("Hỏa tốc")


class Secrecy(models.TextChoices):
    """Độ mật: a secret document is seen only by those who handle it."""

    NONE = "none", _("Không mật")
    CONFIDENTIAL = "confidential", _("Mật")
    SECRET = "secret", _("Tối mật")
    TOP_SECRET = "top_secret", _("Tuyệt mật")


class Field(models.TextChoices):
    """Lĩnh vực: the area of government a document is about, for finding it and for the
    figures. The ministries' areas, as document registers commonly group them."""

    GENERAL = "general", _("Tổng hợp, chỉ đạo điều hành")
    ORGANISATION = "organisation", _("Tổ chức, cán bộ, nội vụ")
    FINANCE = "finance", _("Tài chính, ngân sách")
    PLANNING = "planning", _("Kế hoạch, đầu tư")
    CONSTRUCTION = "construction", _("Xây dựng, đô thị, giao thông")
    LAND = "land", _("Đất đai, tài nguyên, môi trường")
    AGRICULTURE = "agriculture", _("Nông nghiệp, phòng chống thiên tai")
    HEALTH = "health", _("Y tế")
    EDUCATION = "education", _("Giáo dục, đào tạo")
    CULTURE = "culture", _("Văn hóa, xã hội, lao động")
    JUSTICE = "justice", _("Tư pháp, hộ tịch")
    SECURITY = "security", _("Quốc phòng, an ninh, trật tự")
    DIGITAL = "digital", _("Khoa học, công nghệ, chuyển đổi số")
    OTHER = "other", _("Khác")


class Channel(models.TextChoices):
    PAPER = "paper", _("Bản giấy (quét)")
    ELECTRONIC = "electronic", _("Điện tử")


class IncomingState(models.TextChoices):
    """Where an incoming document is: states, never actions."""

    REGISTERED = "registered", _("Đã vào sổ, chờ phân công")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    DONE = "done", _("Đã xử lý xong")


class HandlingRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    INFORM = "inform", _("Để biết")


class AssignmentState(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    DONE = "done", _("Đã xong")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")  # the leader gave the lead to another


class NoteKind(models.TextChoices):
    """A line of a document's history: what happened (the buttons say what to do)."""

    REGISTERED = "registered", _("Đã vào sổ")
    ASSIGNED = "assigned", _("Đã phân công")
    COMMENT = "comment", _("Ý kiến")
    FORWARDED = "forwarded", _("Đã chuyển tiếp")
    DONE = "done", _("Đã hoàn thành phần việc")
    REPLIED = "replied", _("Đã ban hành văn bản trả lời")


class OutgoingState(models.TextChoices):
    """Where an outgoing document is on its way from draft to issued."""

    CONVERTING = "converting", _("Đang chuyển sang PDF")
    DRAFT = "draft", _("Dự thảo")
    IN_REVIEW = "in_review", _("Đang trình duyệt")
    TO_SIGN = "to_sign", _("Chờ lãnh đạo ký")
    TO_ISSUE = "to_issue", _("Đã ký, chờ ban hành")
    ISSUED = "issued", _("Đã ban hành")


class ReviewState(models.TextChoices):
    QUEUED = "queued", _("Chưa đến lượt")
    WAITING = "waiting", _("Đang chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Đã trả lại")
    CANCELLED = "cancelled", _("Đã hủy")  # the draft went back before this step's turn


class DeliveryChannel(models.TextChoices):
    AXIS = "axis", _("Trục liên thông (edXML)")
    EMAIL = "email", _("Thư điện tử")


class DeliveryState(models.TextChoices):
    """What happened to the document at one recipient (edXML status codes after
    "sent")."""

    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")
    RECEIVED = "received", _("Đã đến nơi nhận")
    REFUSED = "refused", _("Nơi nhận từ chối")
    REGISTERED = "registered", _("Nơi nhận đã vào sổ")
    ASSIGNED = "assigned", _("Nơi nhận đã phân công")
    IN_PROGRESS = "in_progress", _("Nơi nhận đang xử lý")
    DONE = "done", _("Nơi nhận đã xử lý xong")


class OutgoingEvent(models.TextChoices):
    """A line of an outgoing document's history: what happened."""

    DRAFTED = "drafted", _("Đã tạo dự thảo")
    REPLACED = "replaced", _("Đã thay tệp dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    APPROVED = "approved", _("Đã đồng ý dự thảo")
    RETURNED = "returned", _("Đã trả lại người soạn")
    SIGNED = "signed", _("Đã ký số")
    ISSUED = "issued", _("Đã cấp số, ban hành")
    SENT_MORE = "sent_more", _("Đã gửi bổ sung")
