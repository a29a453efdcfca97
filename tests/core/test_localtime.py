"""The fast local time gives what zoneinfo gives, before and after 1975."""

import datetime as dt

from django.utils import timezone

from tinhso.core.localtime import local
from tinhso.ioc.rollups import bucket_start
from tinhso.reports.open311.wire import iso


def test_the_fast_path_agrees_with_zoneinfo_from_1940_on():
    start = dt.datetime(1940, 1, 1, tzinfo=dt.UTC)
    for days in range(0, 40_000, 97):
        moment = start + dt.timedelta(days=days, seconds=days * 37)
        expected = timezone.localtime(moment)
        assert local(moment) == expected and local(moment).utcoffset() == expected.utcoffset()
        assert iso(moment) == expected.isoformat(timespec="seconds")
    assert iso(None) is None


def test_another_time_zone_takes_zoneinfo(settings):
    settings.TIME_ZONE = "Asia/Bangkok"
    moment = dt.datetime(2026, 11, 29, 17, 30, tzinfo=dt.UTC)
    assert local(moment).isoformat() == "2026-11-30T00:30:00+07:00"
    assert bucket_start(moment, "day").isoformat() == "2026-11-30T00:00:00+07:00"
