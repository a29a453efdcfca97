from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhso.core.choices import CalendarDayKind


class CalendarDay(models.Model):
    """An exception to the Monday–Friday working week.

    Holidays (Tết, 30/4, 2/9 …) fall on weekdays that are not worked; make-up
    days ("làm bù") are Saturdays that are worked in exchange. Loaded for
    2025–2027 by a data migration and edited by the admin when the Government
    announces each year's schedule.
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    provisional = models.BooleanField(
        _("dự kiến"),
        default=False,
        help_text=_("Chưa có thông báo chính thức của Chính phủ; kiểm tra lại khi có."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ / làm bù")
        verbose_name_plural = _("lịch ngày nghỉ lễ / làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
