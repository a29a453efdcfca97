from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    BUDGET = "budget", _("Ngân sách")
    INVESTMENT = "investment", _("Đầu tư công")
    ECONOMY = "economy", _("Kinh tế")
    ENVIRONMENT = "environment", _("Môi trường")
    HEALTH = "health", _("Y tế")
    EDUCATION = "education", _("Giáo dục")
    PUBLIC_SERVICES = "public_services", _("Dịch vụ công")
    FIELD_REPORTS = "field_reports", _("Phản ánh hiện trường")
    TRAFFIC = "traffic", _("Giao thông")
    # Official documents, meetings: how the administration itself runs.
    ADMINISTRATION = "administration", _("Chỉ đạo, điều hành")
    # The platform itself: background workers, task queue (core/system.py).
    SYSTEM = "system", _("Hệ thống")
    OTHER = "other", _("Khác")


class Frequency(models.TextChoices):
    MINUTE = "minute", _("Từng phút")
    HOUR = "hour", _("Hằng giờ")
    DAY = "day", _("Hằng ngày")
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    YEAR = "year", _("Hằng năm")


class Aggregation(models.TextChoices):
    """How values combine over time (a month of days) or over areas (communes → province)."""

    SUM = "sum", _("Cộng dồn")
    MEAN = "mean", _("Trung bình")
    LAST = "last", _("Giá trị cuối")
    MAX = "max", _("Lớn nhất")
    MIN = "min", _("Nhỏ nhất")
    RATIO = "ratio", _("Tỉ lệ của hai chỉ số")
    NONE = "none", _("Không gộp")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Càng cao càng tốt")
    LOWER_BETTER = "lower_better", _("Càng thấp càng tốt")


class Quality(models.TextChoices):
    GOOD = "good", _("Chính thức")
    PROVISIONAL = "provisional", _("Sơ bộ")
    ESTIMATED = "estimated", _("Ước tính")
    SUSPECT = "suspect", _("Nghi ngờ")


class Period(models.TextChoices):
    HOUR = "hour", _("Giờ")
    DAY = "day", _("Ngày")
    MONTH = "month", _("Tháng")


class Level(models.TextChoices):
    OK = "ok", _("Bình thường")
    WARNING = "warning", _("Cảnh báo")
    CRITICAL = "critical", _("Nghiêm trọng")


# How bad a level is, to compare two (an alert that worsens, a tile's worst area).
SEVERITY: dict[str, int] = {Level.OK: 0, Level.WARNING: 1, Level.CRITICAL: 2}


class TileLevel(models.TextChoices):
    """What a board tile's colour says: a level, or that there is nothing to judge by —
    never green by default (issue 14: a no-data tile and an unthresholded one were green)."""

    CRITICAL = "critical", _("Nghiêm trọng")
    WARNING = "warning", _("Cảnh báo")
    OK = "ok", _("Bình thường")
    UNRATED = "unrated", _("Chưa đặt ngưỡng")
    NO_DATA = "nodata", _("Chưa có số liệu")


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", _("Vượt ngưỡng")
    CHANGE = "change", _("Thay đổi so với kỳ trước")
    MISSING = "missing", _("Mất dữ liệu")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Mới")
    ACKNOWLEDGED = "acknowledged", _("Đã ghi nhận")
    RESOLVED = "resolved", _("Đã xử lý")
