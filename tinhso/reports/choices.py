from django.db import models
from django.utils.translation import gettext_lazy as _


class AttributeType(models.TextChoices):
    """Open311 GeoReport v2 attribute datatypes."""

    STRING = "string", _("Chuỗi")
    NUMBER = "number", _("Số")
    DATETIME = "datetime", _("Ngày giờ")
    TEXT = "text", _("Văn bản dài")
    SINGLE = "singlevaluelist", _("Chọn một")
    MULTI = "multivaluelist", _("Chọn nhiều")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Mới")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã xử lý xong")
    NOT_RESPONSIBLE = "not_responsible", _("Không thuộc thẩm quyền")
    CANNOT_FIX = "cannot_fix", _("Không thể xử lý")
    DUPLICATE = "duplicate", _("Trùng phản ánh khác")
    HIDDEN = "hidden", _("Đã ẩn (vi phạm quy định)")


# Open311 knows two statuses: a report is open until it is finished one way or another.
CLOSED_STATUSES = frozenset(
    {ReportStatus.RESOLVED, ReportStatus.CANNOT_FIX, ReportStatus.DUPLICATE, ReportStatus.HIDDEN}
)


class PhotoKind(models.TextChoices):
    REPORT = "report", _("Ảnh phản ánh")
    RESULT = "result", _("Ảnh kết quả")


class Source(models.TextChoices):
    WEB = "web", _("Ứng dụng Tỉnh số")
    OPEN311 = "open311", _("Open311")


class QuestionStatus(models.TextChoices):
    WAITING = "waiting", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    REJECTED = "rejected", _("Không trả lời (sai quy định)")
