"""Every list of field reports and questions costs the same queries for 2 rows as for 8."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import citizen_client, make_user, official_client
from tests.queries import assert_constant_queries
from tests.reports.conftest import BINH_AN
from tinhso.accounts.choices import UserKind
from tinhso.core.models import OrgUnit
from tinhso.reports import actions, questions
from tinhso.reports.models import Category, Report

numbers = itertools.count(1)


@pytest.fixture
def many(settings):
    settings.REPORTS_PER_ACCOUNT_HOUR = 1000
    settings.REPORTS_PER_IP_HOUR = 1000


def add_reports(reporter, *, late: bool = False):
    category = Category.objects.get(code="den-duong")

    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            actions.do_submit_report(
                category=category,
                reporter=reporter,
                latitude=BINH_AN[0] + n / 100000,
                longitude=BINH_AN[1],
                description=f"Đèn đường số {n} không sáng",
                attributes=None,
            )
        if late:
            Report.objects.update(due_at=timezone.now() - dt.timedelta(days=1))

    return add


def add_questions(asker):
    unit = OrgUnit.objects.get(identifier="000.01.00.H99")

    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            questions.do_ask_question(
                asker=asker, title=f"Hỏi về giấy tờ số {n}", body="Xin hỏi thủ tục.", unit=unit
            )

    return add


@pytest.mark.parametrize(
    "url",
    [
        "/console/reports/?list=new",
        "/console/reports/?list=overdue",
        "/console/reports/moderation/",
    ],
)
def test_the_desk_lists(url, province, binh_an_staff, citizen, many, settings):
    settings.REPORT_HOLD_WORDS = ["không sáng"]  # held for moderation, and still listed
    leader = official_client(binh_an_staff["leader"])
    add = add_reports(citizen, late="overdue" in url)
    assert_constant_queries(lambda: leader.get(url), add)


@pytest.mark.parametrize("url", ["/reports/", "/reports/map.json?bbox=106,11,107,12"])
def test_the_public_lists(url, province, binh_an_staff, citizen, many):
    public = Client()
    assert_constant_queries(lambda: public.get(url), add_reports(citizen))


def test_my_reports(province, binh_an_staff, citizen, many):
    mine = citizen_client(citizen)
    assert_constant_queries(lambda: mine.get("/reports/mine/"), add_reports(citizen))


@pytest.mark.parametrize(
    "query",
    ["json", "xml", "json?service_code=den-duong&status=open", "json?extensions=true"],
)
def test_open311_requests(query, province, binh_an_staff, citizen, many):
    public = Client()
    assert_constant_queries(
        lambda: public.get(f"/open311/v2/requests.{query}"), add_reports(citizen)
    )


def test_the_questions_lists(province, binh_an_staff, many):
    asker = make_user("+84901000909", "Người Hỏi", kind=UserKind.CITIZEN)
    desk = official_client(binh_an_staff["handler"])
    assert_constant_queries(
        lambda: desk.get("/console/reports/questions/"), add_questions(asker), more=4
    )
