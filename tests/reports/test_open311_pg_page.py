"""PostgreSQL's own Open311 page answers exactly what the Python path answers.

Random reports — every status, held ones, ties in time, notes and comments, photos of
both kinds, text with quotes, backslashes, new lines and emoji — read through every
kind of search and page, in time zones with whole, half-hour and negative offsets.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from tinhso.core.models import OrgUnit
from tinhso.reports.choices import PhotoKind
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Category, Report, ReportPhoto, ReportUpdate
from tinhso.reports.open311 import pg_page
from tinhso.reports.open311.reading import Search, matching, request_items

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own page: needs PostgreSQL"
)

TEXTS = [
    "Đèn đường không sáng",
    'Cây đổ chắn lối "đi" qua',
    "Rác\\thải\nngập\tlối — 🙂",
    "",
    "Nước ngập sâu 30 cm, xe máy chết máy.",
]


def fill(rng: random.Random, now: dt.datetime) -> list[Report]:
    categories = list(Category.objects.order_by("pk")[:3])
    unit = OrgUnit.objects.get(identifier="000.01.00.H99")
    commune = unit.area
    reports = Report.objects.bulk_create(
        Report(
            category=rng.choice(categories),
            latitude=round(rng.uniform(11.0, 11.4), 6),
            longitude=round(rng.uniform(106.05, 106.5), 6),
            address=rng.choice(TEXTS),
            description=rng.choice(TEXTS) or "-",
            commune=commune,
            unit=unit,
            status=rng.choice(list(R)),
            is_public=rng.random() < 0.85,
            due_at=now,
        )
        for _ in range(70)
    )
    moments = [
        now - dt.timedelta(seconds=rng.randrange(80 * 86400), microseconds=rng.randrange(10**6))
        for _ in range(60)
    ]
    for report in reports:
        created = rng.choice(moments)  # some share a moment: ties broken by id
        Report.objects.filter(pk=report.pk).update(
            created_at=created,
            updated_at=created + dt.timedelta(hours=rng.uniform(0, 300)),
            due_at=created + dt.timedelta(days=rng.choice([3, 5, 7]), seconds=rng.random()),
        )
        at = created
        for _ in range(rng.randrange(5)):
            at += dt.timedelta(minutes=rng.choice([0, 0, 7, 600]))  # ties broken by id
            update = ReportUpdate.objects.create(
                report=report,
                status=rng.choice(list(R)),
                note=rng.choice(TEXTS),
                is_comment=rng.random() < 0.3,
            )
            ReportUpdate.objects.filter(pk=update.pk).update(at=at)  # `at` is auto_now_add
        for _ in range(rng.randrange(3)):
            ReportPhoto.objects.create(
                report=report,
                kind=rng.choice(list(PhotoKind)),
                image=f"reports/{report.pk}.jpg",
                width=10,
                height=10,
            )
    return reports


def searches(rng: random.Random, now: dt.datetime, reports: list[Report]) -> list[Search]:
    window = dict(start=now - dt.timedelta(days=90), end=now)
    codes = list(Category.objects.order_by("pk").values_list("code", flat=True)[:3])
    return [
        Search(**window),
        Search(start=now - dt.timedelta(days=20), end=now - dt.timedelta(days=3)),
        Search(**window, codes=codes[:1]),
        Search(**window, codes=codes[1:3]),
        Search(**window, codes=["khong-co-ma-nay"]),
        Search(**window, state="open"),
        Search(**window, codes=codes[:1], state="closed"),
        Search(ids=[r.pk for r in rng.sample(reports, 25)] + [10**9]),
        Search(ids=[]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "America/St_Johns", "Asia/Kolkata", "UTC"])
def test_every_search_and_page_reads_the_same_in_sql_and_in_python(province, settings, zone):
    settings.TIME_ZONE = zone
    rng = random.Random(zone)
    now = timezone.now()
    reports = fill(rng, now)
    request = RequestFactory().get("/open311/v2/requests.json")
    compared = 0
    for search in searches(rng, now, reports):
        whole = request_items(request, matching(search)[:1000])
        assert json.loads(pg_page.requests_json(search, "http://testserver", 0, 1000)) == whole
        # Page by page, the same reports, none twice, none skipped (ties in time too).
        pages = [
            json.loads(pg_page.requests_json(search, "http://testserver", offset, 7))
            for offset in range(0, len(whole) + 7, 7)
        ]
        assert [item for page in pages for item in page] == whole
        compared += len(whole)
    assert compared > 150  # the searches found something to compare
