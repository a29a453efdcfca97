from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A long-running process says it is alive (core/heartbeat.py). A row whose beat is
    old names a worker that died or hangs; a worker that stops cleanly removes its row."""

    name = models.CharField(_("tiến trình"), max_length=60)  # task_worker, mqtt_ingest…
    instance = models.CharField(_("máy và số hiệu"), max_length=120)  # host:pid
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    beat_at = models.DateTimeField(_("lần báo gần nhất"), db_index=True)

    class Meta:
        verbose_name = _("tiến trình nền")
        verbose_name_plural = _("tiến trình nền")
        constraints = [
            models.UniqueConstraint(fields=["name", "instance"], name="one_heartbeat_per_worker")
        ]

    def __str__(self) -> str:
        return f"{self.name}@{self.instance}"
