"""The kinds and states of a meeting and of the people invited to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    SESSION = "session", _("Kỳ họp thường lệ")
    THEMATIC = "thematic", _("Kỳ họp chuyên đề")
    WORKING = "working", _("Cuộc họp làm việc")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Sắp họp")
    IN_SESSION = "in_session", _("Đang họp")
    CLOSED = "closed", _("Đã kết thúc")


class ParticipantRole(models.TextChoices):
    MEMBER = "member", _("Thành viên")
    GUEST = "guest", _("Khách mời")


class Reply(models.TextChoices):
    """What an invited person answered: states, not the buttons' words."""

    PENDING = "pending", _("Chưa trả lời")
    ATTENDING = "attending", _("Sẽ dự họp")
    ABSENT = "absent", _("Vắng mặt")
    DEPUTY = "deputy", _("Cử người dự thay")


class DocumentState(models.TextChoices):
    CONVERTING = "converting", _("Đang chuyển sang PDF")
    READY = "ready", _("Sẵn sàng")
    FAILED = "failed", _("Không chuyển được")
