"""What core itself offers through its registries: the platform's health figures as
derived indicators for the IOC's "Hệ thống" sector (see core/system.py). Each figure
links to the admin list that stands behind it."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core import derived, system


def register() -> None:
    workers = reverse_lazy("admin:core_workerheartbeat_changelist")
    tasks = reverse_lazy("admin:django_tasks_db_dbtaskresult_changelist")
    for item in (
        derived.DerivedIndicator(
            "system_workers_alive", _("Tiến trình nền đang chạy"), system.alive_figure, workers
        ),
        derived.DerivedIndicator(
            "system_workers_silent", _("Tiến trình nền im lặng"), system.silent_figure, workers
        ),
        derived.DerivedIndicator(
            "system_tasks_waiting", _("Tác vụ đang chờ"), system.waiting_figure, tasks
        ),
        derived.DerivedIndicator(
            "system_oldest_task_minutes",
            _("Tác vụ chờ lâu nhất (phút)"),
            system.oldest_figure,
            tasks,
        ),
        derived.DerivedIndicator(
            "system_tasks_failed", _("Tác vụ thất bại"), system.failed_figure, tasks
        ),
    ):
        derived.register(item)
