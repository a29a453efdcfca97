from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Phrasing(models.Model):
    """How people say something → how the catalogue writes it ("bằng lái" → "giấy phép
    lái xe"). Added by the catalogue team on top of the seed in phrasings.py."""

    said = models.CharField(_("cách người dân nói"), max_length=100, unique=True)
    means = models.CharField(_("cách danh mục viết"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cách nói")
        verbose_name_plural = _("bảng cách nói")
        ordering = ["said"]

    def __str__(self) -> str:
        return f"{self.said} → {self.means}"
