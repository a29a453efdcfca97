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


class SpeechState(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    SPEAKING = "speaking", _("Đang phát biểu")
    DONE = "done", _("Đã phát biểu")
    WITHDRAWN = "withdrawn", _("Đã rút")


class VoteState(models.TextChoices):
    PREPARED = "prepared", _("Chưa mở")
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã kết thúc")


class Choice(models.TextChoices):
    YES = "yes", _("Tán thành")
    NO = "no", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")


class QuorumRule(models.TextChoices):
    """How many members must be present for the vote to count."""

    NONE = "none", _("Không đặt điều kiện")
    HALF = "half", _("Quá nửa tổng số thành viên có mặt")
    TWO_THIRDS = "two_thirds", _("Ít nhất hai phần ba tổng số thành viên có mặt")


class MajorityRule(models.TextChoices):
    """How many "yes" make it pass."""

    OF_PRESENT = "present", _("Quá nửa số thành viên có mặt tán thành")
    OF_MEMBERS = "members", _("Quá nửa tổng số thành viên tán thành")
    TWO_THIRDS = "two_thirds", _("Ít nhất hai phần ba tổng số thành viên tán thành")


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SECRETARY_SIGNED = "secretary", _("Thư ký đã ký, chờ chủ tọa")
    SIGNED = "signed", _("Đã ký đủ")


class PublicationKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    CONCLUSION = "conclusion", _("Kết luận")
    MINUTES = "minutes", _("Biên bản")


class TaskState(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
