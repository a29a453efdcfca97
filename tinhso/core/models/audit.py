from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One append-only line of the audit log, chained to the previous one by hash.

    ``entry_hash`` = SHA-256 over the previous hash and this row's content, so
    editing or deleting any row (even straight in SQL) breaks the chain from
    that row on; ``manage.py verify_audit`` finds the first broken row.
    """

    created_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # DO_NOTHING without a database constraint: deleting an account must not
        # rewrite audit rows (that would break the hash chain).
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("người thực hiện"),
    )
    # Kept as text too: the row must still say who acted after an account is gone.
    actor_label = models.CharField(_("người thực hiện (lưu văn bản)"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")
