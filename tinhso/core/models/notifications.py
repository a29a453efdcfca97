from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.choices import Channel, DeliveryStatus


class Notification(models.Model):
    """One message to one person on one channel; the inbox shows the inbox ones.

    Rows are written inside the caller's transaction and delivered by a
    background task after commit, so a rolled-back action sends nothing and a
    crashed worker leaves a queued row that a retry picks up.
    """

    # None for a message to someone who has no account yet (a sign-up's SMS code).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("mẫu"), max_length=64)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    # The address used, frozen at sending time (phone or e-mail may change later).
    address = models.CharField(_("địa chỉ gửi"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "channel", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject}"
