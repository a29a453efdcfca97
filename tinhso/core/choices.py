from django.db import models
from django.utils.translation import gettext_lazy as _


class AdminUnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")
    DISTRICT = "district", _("Huyện (dữ liệu lịch sử)")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


# The units a point on the ground belongs to (after the 2025 reform: no districts).
COMMUNE_KINDS = (AdminUnitKind.COMMUNE, AdminUnitKind.WARD, AdminUnitKind.SPECIAL_ZONE)


class OrgUnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    OFFICE = "office", _("Phòng, ban chuyên môn")
    ONE_STOP = "one_stop", _("Bộ phận một cửa")
    POLICE = "police", _("Công an")
    OTHER = "other", _("Đơn vị khác")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Ngày nghỉ lễ, Tết")
    MAKEUP_WORKDAY = "makeup", _("Ngày làm bù")


class Channel(models.TextChoices):
    INBOX = "inbox", _("Hộp thư trong ứng dụng")
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    SKIPPED = "skipped", _("Không gửi được (thiếu địa chỉ)")
