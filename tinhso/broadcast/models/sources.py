"""Bulletins from above the commune: Circular 39/2020/TT-BTTTT's central and provincial
source systems ("hệ thống thông tin nguồn") send one bulletin, at one of the three
priorities, to many communes' stations at once — through the API with their own key
(``SourceSystem``) — and a province official does the same from the console. Either
way it is one ``Dispatch``, and every station it reaches gets its own ``Bulletin`` to
air by its own rules (dispatch.py)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.broadcast.choices import Category, Priority
from tinhso.core.models import AdminUnit
from tinhso.core.models.keys import KeyHolder


class SourceSystem(KeyHolder):
    """A machine allowed to send bulletins (the province's radio and television station's
    system, the central source system, a disaster-warning system): its key, where it may
    send, and which priorities — its key's scopes; anything beyond them is refused."""

    KEY_AUDIT_ACTION: ClassVar[str] = "broadcast.source_key_issued"

    name = models.CharField(_("tên hệ thống nguồn"), max_length=200)
    area = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn được gửi")
    )
    may_send_normal = models.BooleanField(_("được gửi bản tin thông thường"), default=True)
    may_send_priority = models.BooleanField(_("được gửi bản tin ưu tiên"), default=False)
    may_send_emergency = models.BooleanField(_("được gửi bản tin khẩn cấp"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Or it calls through the exchange axis (axis.py) as this subsystem, with its OAuth
    # client instead of a key: "TINHSO/GOV/000.00.00.G12/TTN".
    axis_client = models.CharField(
        _("hệ thống gọi qua trục liên thông"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("hệ thống thông tin nguồn")
        verbose_name_plural = _("hệ thống thông tin nguồn")
        constraints = [
            models.UniqueConstraint(
                fields=["axis_client"],
                condition=~Q(axis_client=""),
                name="one_source_per_axis_client",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def may_send(self, priority: str) -> bool:
        return {
            Priority.NORMAL: self.may_send_normal,
            Priority.PRIORITY: self.may_send_priority,
            Priority.EMERGENCY: self.may_send_emergency,
        }.get(priority, False)  # type: ignore[call-overload]


class Dispatch(models.Model):
    """One bulletin sent to several stations: what was asked, by whom. The stations'
    copies are ``Bulletin`` rows pointing here (``bulletins``), sharing one audio file."""

    source = models.ForeignKey(
        SourceSystem, on_delete=models.PROTECT, null=True, blank=True, related_name="dispatches"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The source system's own id of the bulletin: sending it again changes nothing.
    reference = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=200)
    category = models.CharField(_("lĩnh vực"), max_length=10, choices=Category.choices)
    priority = models.CharField(_("mức ưu tiên"), max_length=10, choices=Priority.choices)
    areas = models.ManyToManyField(AdminUnit, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Taken back by its sender: no station airs it any more.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"],
                condition=~Q(reference=""),
                name="one_dispatch_per_source_reference",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sender_name(self) -> str:
        if self.source_id is not None:
            return str(self.source.name)  # type: ignore[union-attr]
        return str(self.sent_by.full_name) if self.sent_by else ""
