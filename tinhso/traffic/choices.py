from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationKind(models.TextChoices):
    RED_LIGHT = "red_light", _("Vượt đèn đỏ")
    ILLEGAL_PARKING = "illegal_parking", _("Dừng, đỗ sai quy định")
    # Room for the detectors to come.
    WRONG_LANE = "wrong_lane", _("Đi sai làn")
    WRONG_WAY = "wrong_way", _("Đi ngược chiều")
    NO_HELMET = "no_helmet", _("Không đội mũ bảo hiểm")


class PlateColour(models.TextChoices):
    WHITE = "white", _("Nền trắng (xe cá nhân)")
    YELLOW = "yellow", _("Nền vàng (kinh doanh vận tải)")
    BLUE = "blue", _("Nền xanh (cơ quan nhà nước)")
    RED = "red", _("Nền đỏ (quân đội)")


class VehicleKind(models.TextChoices):
    CAR = "car", _("Ô tô")
    MOTORBIKE = "motorbike", _("Xe máy")
    TRUCK = "truck", _("Xe tải")
    BUS = "bus", _("Xe khách")


class ViolationStatus(models.TextChoices):
    DETECTED = "detected", _("Phát hiện, chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REJECTED = "rejected", _("Đã loại bỏ")
    NOTICE_ISSUED = "notice_issued", _("Đã gửi thông báo")
    PAID = "paid", _("Đã nộp phạt")
    CLOSED = "closed", _("Đã đóng")


class CameraStatus(models.TextChoices):
    ONLINE = "online", _("Đang hoạt động")
    OFFLINE = "offline", _("Mất kết nối")
