from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Đại diện doanh nghiệp, tổ chức")
    OFFICIAL = "official", _("Cán bộ, công chức")


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("Cán bộ một cửa (tiếp nhận)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    IOC_VIEWER = "ioc_viewer", _("Theo dõi IOC")
    TRAFFIC_OFFICER = "traffic_officer", _("Cán bộ CSGT")
    # Keeps the unit's document registers: enters incoming documents, numbers and
    # issues outgoing ones (Decree 30/2020/NĐ-CP's "văn thư").
    CLERK = "clerk", _("Văn thư")
    # A member of a People's Council (or of a body that sits in meetings) who is not
    # otherwise an official: sees the meetings they are invited to, nothing else.
    DELEGATE = "delegate", _("Đại biểu")
    # Sends emergency bulletins to the commune's loudspeakers, which air at once without
    # approval (Circular 39/2020/TT-BTTTT): given to the leaders who decide in a disaster.
    EMERGENCY_BROADCASTER = "radio_emergency", _("Phát tin khẩn cấp trên loa")
