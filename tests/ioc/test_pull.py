"""Scheduled pull against a real HTTP server on loopback."""

import datetime as dt
import http.server
import json
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.ioc import pull
from tinhso.ioc.models import IngestProblem, Observation, PullSource


@pytest.fixture
def server():
    """Serves whatever the test puts in `answers[path]` = (status, body)."""
    answers = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            answer = answers.get(self.path, (404, b"no"))
            status, body = answer() if callable(answer) else answer
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", answers
    httpd.shutdown()


def stamp(minutes_ago):
    return (timezone.localtime() - dt.timedelta(minutes=minutes_ago)).isoformat()


def test_a_json_source_is_mapped_and_read_on_schedule(pm25, server):
    base, answers = server
    answers["/aq"] = (
        200,
        json.dumps(
            {"data": {"rows": [{"xa": "01001", "ts": stamp(n), "pm": 10 + n} for n in range(3)]}}
        ).encode(),
    )
    source = PullSource.objects.create(
        name="Sở TN&MT",
        url=f"{base}/aq",
        mapping={
            "items": "data.rows",
            "indicator": "=pm25",
            "area": "xa",
            "time": "ts",
            "value": "pm",
        },
        every_minutes=30,
    )
    call_command("pull_sources", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Observation.objects.count() == 3
    source.refresh_from_db()
    assert source.last_ok_at is not None and source.last_error == ""
    assert pull.run_due() == 0  # not due again for 30 minutes
    assert pull.run_due(timezone.now() + dt.timedelta(minutes=31)) == 1
    assert Observation.objects.count() == 3  # the same rows again: nothing twice


def test_a_csv_source(pm25, server):
    base, answers = server
    answers["/file.csv"] = (200, f"ma_xa;thoi_gian;gia_tri\n01001;{stamp(1)};42,5\n".encode())
    source = PullSource.objects.create(
        name="CSV",
        url=f"{base}/file.csv",
        format="csv",
        mapping={"indicator": "=pm25", "area": "ma_xa", "time": "thoi_gian", "value": "gia_tri"},
    )
    pull.run(source)
    assert Observation.objects.get().value == 42.5


def test_failures_are_recorded_and_told_once_then_recovery(pm25, server, places):
    viewer = grant(make_user("+84901000921", "Trực IOC"), places["ubnd"], Role.IOC_VIEWER)
    base, answers = server
    source = PullSource.objects.create(
        name="Hay lỗi",
        url=f"{base}/flaky",
        mapping={"items": "", "indicator": "=pm25", "area": "a", "time": "t", "value": "v"},
    )
    answers["/flaky"] = (500, b"Internal error")
    assert pull.run(source) is None
    answers["/flaky"] = (200, b"<html>not json</html>")
    assert pull.run(source) is None
    source.refresh_from_db()
    assert source.last_error == "the answer is not JSON"
    assert [p.detail for p in IngestProblem.objects.order_by("created_at")] == [
        "HTTP 500",
        "the answer is not JSON",
    ]
    assert viewer.notifications.filter(template="ioc_pull_failed").count() == 1  # not twice
    answers["/flaky"] = (200, json.dumps([{"a": "01001", "t": stamp(2), "v": 7}]).encode())
    assert pull.run(source).created == 1
    assert viewer.notifications.filter(template="ioc_pull_recovered").count() == 1
    source.url = "http://127.0.0.1:9/nothing-listens-here"
    source.save()
    assert pull.run(source) is None
    source.refresh_from_db()
    assert source.last_error.startswith("unreachable")


def test_bad_rows_from_a_source_are_recorded_and_the_good_ones_kept(pm25, server):
    base, answers = server
    answers["/mixed"] = (
        200,
        json.dumps(
            [{"a": "01001", "t": stamp(1), "v": 5}, {"a": "01001", "t": stamp(2), "v": "x"}]
        ).encode(),
    )
    source = PullSource.objects.create(
        name="Lẫn lộn",
        url=f"{base}/mixed",
        mapping={"indicator": "=pm25", "area": "a", "time": "t", "value": "v"},
    )
    assert pull.run(source).created == 1
    assert "#2 Giá trị không phải là số." in IngestProblem.objects.get().detail


@pytest.mark.django_db(transaction=True)
def test_sigterm_during_a_read_finishes_that_source_and_leaves_the_rest_due(pm25, server):
    """A deploy stops the scheduler while it reads: the source in hand is stored whole
    (its rows and its new state together), the next one is left for the next round."""
    import os
    import signal
    import time

    base, answers = server
    reading = threading.Event()
    row = {"indicator": "pm25", "area": "01001", "time": stamp(1), "value": 9}

    def slow_answer():
        reading.set()
        time.sleep(0.5)  # SIGTERM lands while this answer is on its way
        return 200, json.dumps([row]).encode()

    answers["/a"] = answers["/b"] = slow_answer
    PullSource.objects.create(name="A", url=f"{base}/a", mapping={}, every_minutes=30)
    PullSource.objects.create(name="B", url=f"{base}/b", mapping={}, every_minutes=30)

    def terminate():
        assert reading.wait(10)
        os.kill(os.getpid(), signal.SIGTERM)

    before = signal.getsignal(signal.SIGTERM)
    threading.Thread(target=terminate, daemon=True).start()
    call_command("pull_sources", stdout=open(os.devnull, "w"))  # noqa: SIM115

    read = PullSource.objects.filter(last_ok_at__isnull=False)
    untouched = PullSource.objects.filter(last_run_at__isnull=True)
    assert read.count() == 1 and untouched.count() == 1
    assert Observation.objects.count() == 1  # the finished source's row, once
    assert signal.getsignal(signal.SIGTERM) is before
    assert pull.run_due() == 1  # the other one is read in the next round
    assert Observation.objects.count() == 1  # the same reading: stored once


def test_a_sector_database_is_read_through_the_data_exchange_axis(
    pm25, axis, places, settings, province_admin
):
    from tinhso.exchange import actions as axis_actions
    from tinhso.exchange.models import Exchange, MemberClass

    environment = axis_actions.do_register_member(
        member_class=MemberClass.GOV, code="000.00.31.H01", name="Sở Nông nghiệp và Môi trường",
        acting_user=province_admin,
    )  # fmt: skip
    monitoring = axis_actions.do_register_subsystem(
        environment, code="QUANTRAC", name="Quan trắc môi trường", acting_user=province_admin
    )
    air = axis_actions.do_register_service(
        monitoring, code="air", name="Chất lượng không khí", base_url=axis.provider_url,
        acting_user=province_admin,
    )  # fmt: skip
    ioc = axis_actions.do_register_subsystem(
        axis.desk.member, code="IOC", name="Trung tâm điều hành", acting_user=province_admin
    )
    axis_actions.do_grant_access(air, ioc, method="GET", path="/air", acting_user=province_admin)
    settings.EXCHANGE_IOC_SUBSYSTEM = str(ioc.identifier)
    source = PullSource.objects.create(
        name="Quan trắc qua trục",
        axis_service=str(air.identifier),
        axis_path=f"/air/latest?area={places['ward'].code}",
        mapping={"items": "data.rows", "indicator": "=pm25", "area": "area", "time": "time",
                 "value": "pm25"},
    )  # fmt: skip
    assert pull.run(source) is not None
    assert Observation.objects.get().value == 38.5
    assert Exchange.objects.get().client == str(ioc.identifier)
    # A right taken back: the source fails, is reported, and nothing is read.
    axis_actions.do_revoke_access(air.rights.get(), acting_user=province_admin)
    assert pull.run(source) is None
    source.refresh_from_db()
    assert "chưa được cấp quyền" in source.last_error
