"""Prometheus metrics at /metrics, for the operator's monitoring — off unless
METRICS_TOKEN is set, and then only for a scraper that sends it as a bearer token
(anyone else gets the same 404 as for a page that does not exist).

What is there:
- request latency and counts by view and method: django-prometheus's middleware,
  added to MIDDLEWARE by settings.py when metrics are on;
- the platform's own state, read from the database at scrape time so that every web
  process answers the same (core/system.py): worker heartbeat ages, silent workers,
  tasks waiting, the oldest task's wait, tasks failed in the last day;
- counters the apps keep with prometheus_client (IOC observations stored, MQTT
  messages): per process, so run every process with the same
  PROMETHEUS_MULTIPROC_DIR (docs/install.md) and the scrape adds them up.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator

import prometheus_client
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from tinhso.core import system
from tinhso.core.models import WorkerHeartbeat


class PlatformCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        ages = GaugeMetricFamily(
            "tinhso_worker_seconds_since_heartbeat",
            "Seconds since each background worker last said it is alive.",
            labels=["name", "instance"],
        )
        for name, instance, beat_at in WorkerHeartbeat.objects.values_list(
            "name", "instance", "beat_at"
        ):
            ages.add_metric([name, instance], (now - beat_at).total_seconds())
        yield ages
        yield GaugeMetricFamily(
            "tinhso_workers_silent",
            "Workers whose last heartbeat is older than WORKER_STALE_SECONDS.",
            value=system.workers_silent(now),
        )
        yield GaugeMetricFamily(
            "tinhso_tasks_waiting", "Tasks ready to run and not yet taken.", system.tasks_waiting()
        )
        yield GaugeMetricFamily(
            "tinhso_task_oldest_wait_seconds",
            "How long the oldest waiting task has waited.",
            system.oldest_task_seconds(now),
        )
        yield GaugeMetricFamily(
            "tinhso_tasks_failed_last_day",
            "Tasks that failed in the last 24 hours.",
            system.tasks_failed(now - dt.timedelta(days=1), now),
        )


def _process_registry() -> prometheus_client.CollectorRegistry:
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    return bool(token) and secrets.compare_digest(sent.encode(), f"Bearer {token}".encode())


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    platform = prometheus_client.CollectorRegistry(auto_describe=False)
    platform.register(PlatformCollector())
    body = prometheus_client.generate_latest(_process_registry())
    body += prometheus_client.generate_latest(platform)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
