"""Prometheus metrics: off by default, only for the scraper holding the token, and
saying what an operator needs (latency by view, workers, the queue, ingestion)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from prometheus_client import REGISTRY

from tinhso.core.models import WorkerHeartbeat
from tinhso.ioc.ingest import ingest

TOKEN = "metrics-test-token-9f2c"
WITH_METRICS = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *settings.MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]


def scrape(client, token=TOKEN):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_without_a_token_setting_there_are_no_metrics(client):
    assert scrape(client).status_code == 404
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_scraper_gets_latency_by_view_workers_queue_and_ingestion(client, places):
    from tests.ioc.conftest import air_indicator

    air_indicator("pm25", "Bụi mịn PM2.5")
    now = timezone.now()
    old = now - dt.timedelta(minutes=10)
    WorkerHeartbeat.objects.create(name="task_worker", instance="h:1", started_at=old, beat_at=old)

    def counted(outcome):
        return REGISTRY.get_sample_value("tinhso_ioc_observations_total", {"outcome": outcome}) or 0

    before = {"stored": counted("stored"), "refused": counted("refused")}
    with override_settings(METRICS_TOKEN=TOKEN, MIDDLEWARE=WITH_METRICS):
        assert scrape(client, "wrong").status_code == 404  # the same as no such page
        assert client.get("/metrics").status_code == 404
        assert client.get("/healthz").status_code == 200
        ingest(
            [
                {"indicator": "pm25", "area": "01001", "time": now.isoformat(), "value": 5},
                {"indicator": "pm25", "area": "01001", "time": "hôm qua", "value": 5},
            ],
            source_name="test",
        )
        answer = scrape(client)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
    text = answer.content.decode()
    lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))
    assert any(
        k.startswith("django_http_requests_latency_seconds_by_view_method_count")
        and 'view="healthz"' in k
        for k in lines
    )
    assert (
        float(lines['tinhso_worker_seconds_since_heartbeat{instance="h:1",name="task_worker"}'])
        >= 600
    )
    assert float(lines["tinhso_workers_silent"]) == 1
    assert float(lines["tinhso_tasks_waiting"]) == 0
    stored = float(lines['tinhso_ioc_observations_total{outcome="stored"}'])
    refused = float(lines['tinhso_ioc_observations_total{outcome="refused"}'])
    assert (stored, refused) == (before["stored"] + 1, before["refused"] + 1)
