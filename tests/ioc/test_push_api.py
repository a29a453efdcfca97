"""The push API: an agency's system sends observations with its key."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from tinhso.ioc.models import DataSource, Observation

URL = "/api/v1/ioc/observations"


def batch(*values):
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {
        "observations": [
            {
                "indicator": "pm25",
                "area": "01001",
                "time": (now - dt.timedelta(minutes=n)).isoformat(),
                "value": v,
            }
            for n, v in enumerate(values)
        ]
    }


def post(body, key, path=URL, content_type="application/json"):
    return Client().post(path, body, content_type=content_type, HTTP_X_API_KEY=key)


def test_a_source_sends_a_batch_and_a_resend_counts_nothing_twice(source):
    response = post(batch(10, 20, 30), source.key)
    assert response.status_code == 200
    assert response.json() == {"created": 3, "replaced": 0, "unchanged": 0, "errors": []}
    again = post(batch(10, 20, 30), source.key).json()
    assert (again["created"], again["unchanged"]) == (0, 3)
    assert Observation.objects.count() == 3
    source.refresh_from_db()
    assert source.last_seen_at is not None


def test_keys_and_allowed_indicators(source):
    assert post(batch(1), "").status_code == 401
    assert post(batch(1), "sai").status_code == 401
    DataSource.objects.update(is_active=False)
    assert post(batch(1), source.key).status_code == 401
    DataSource.objects.update(is_active=True)
    body = batch(1)
    body["observations"][0]["indicator"] = "thu-ngan-sach"  # exists, not this source's
    response = post(body, source.key)
    assert response.status_code == 422
    assert "Không được gửi chỉ số" in response.json()["errors"][0]["message"]
    assert not Observation.objects.exists()


def test_partly_bad_batches_store_the_good_rows(source):
    body = batch(1, "x", 3)
    response = post(body, source.key)
    assert response.status_code == 200
    assert response.json()["created"] == 2
    assert response.json()["errors"] == [{"row": 2, "message": "Giá trị không phải là số."}]


def test_malformed_json_gets_a_clear_message(source):
    for body, status in (
        ("{", 400),
        ('{"observations": 5}', 422),
        ('{"observations": [{"value": 1}]}', 422),
    ):
        response = post(body, source.key)
        assert response.status_code == status, response.content
        assert "không hợp lệ" in response.json()["detail"]
    assert not Observation.objects.exists()


def test_csv_body_with_line_numbers_as_in_the_spreadsheet(source):
    now = timezone.localtime().replace(second=0, microsecond=0)
    lines = ["indicator;area;time;value"]
    lines += [f"pm25;01001;{(now - dt.timedelta(minutes=n)).isoformat()};{n},5" for n in range(3)]
    lines.append("pm25;01001;không-phải-giờ;4")
    data = ("\ufeff" + "\n".join(lines)).encode()
    response = post(data, source.key, URL + ".csv", "text/csv")
    assert response.status_code == 200
    assert response.json()["created"] == 3
    assert response.json()["errors"][0]["row"] == 5  # header is line 1
    bad = post(b"area,time,value\n01001,2026-01-01,1", source.key, URL + ".csv", "text/csv")
    assert bad.status_code == 422 and "Thiếu cột: indicator" in bad.json()["errors"][0]["message"]
    binary = post(b"\xff\xfe\x00\x01garbage", source.key, URL + ".csv", "text/csv")
    assert binary.status_code == 422 and "UTF-8" in binary.json()["errors"][0]["message"]


def test_a_source_lists_what_it_may_send(source):
    listed = Client().get("/api/v1/ioc/indicators", HTTP_X_API_KEY=source.key).json()
    assert [i["code"] for i in listed] == ["pm25"]


def test_a_new_key_for_a_source_replaces_the_old_one(source, client):
    import io

    from django.core.management import call_command

    old_key = source.key
    out = io.StringIO()
    call_command("issue_source_key", source.name, stdout=out)
    new_key = out.getvalue().rsplit(" ", 1)[-1].strip()
    assert new_key and new_key != old_key
    url = "/api/v1/ioc/indicators"
    assert client.get(url, HTTP_X_API_KEY=old_key).status_code == 401
    assert client.get(url, HTTP_X_API_KEY=new_key).status_code == 200


def test_a_batch_costs_the_same_queries_for_ten_rows_as_for_a_hundred(source):
    """The query budget of the push path (issue 15): no query per row, new or revised —
    a revision costs queries per roll-up bucket it touches (hour, day, month), never per
    row — so a later change that adds a query per row fails here, not in production."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)

    def queries(count, first_second, value=1.0):
        rows = [
            {"indicator": "pm25", "area": "01001", "value": value,
             "time": (start - dt.timedelta(hours=2, seconds=-first_second - n - 1)).isoformat()}
            for n in range(count)
        ]  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            assert post({"observations": rows}, source.key).status_code == 200
        return len(captured.captured_queries)

    queries(5, 300)  # the first batch creates the buckets and warms what a process caches
    # New rows, all in one hour (the same roll-up buckets): 10 cost what 100 cost.
    assert queries(10, 0) == queries(100, 100)
    # The same rows again with other values: revisions, still not per row.
    assert queries(10, 0, value=2.0) == queries(100, 100, value=2.0)
