"""Every list of procedures and dossiers costs the same queries for 2 rows as for 8."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import citizen_client, official_client
from tests.queries import assert_constant_queries
from tinhso.core.models import ProcedureField
from tinhso.services.models import Dossier, Procedure, RequiredDocument

numbers = itertools.count(1)


def add_dossiers(submit):
    def add(count: int) -> None:
        for _ in range(count):
            submit()

    return add


def add_procedures(count: int) -> None:
    field = ProcedureField.objects.first()
    for _ in range(count):
        n = next(numbers)
        procedure = Procedure.objects.create(
            code=f"1.{n:06d}",
            name=f"Thủ tục thử số {n}",
            field=field,
            level="commune",
            processing_days=3,
        )
        RequiredDocument.objects.create(procedure=procedure, name="Đơn đề nghị", order=1)


@pytest.mark.parametrize("worklist", ["receive", "overdue", "due_soon"])
def test_the_desk_worklists(worklist, submit, ward_staff, places, settings):
    desk = official_client(ward_staff["receptionist"])
    url = f"/console/dossiers/?list={worklist}"
    add = add_dossiers(submit)
    if worklist != "receive":  # due dates come with reception
        from tinhso.services.actions import do_receive

        def add(count: int) -> None:
            for _ in range(count):
                do_receive(submit(), acting_user=ward_staff["receptionist"])
            hours = -24 if worklist == "overdue" else 1  # late, or due within the hour
            Dossier.objects.update(due_at=timezone.now() + dt.timedelta(hours=hours))

    assert_constant_queries(lambda: desk.get(url), add)


def test_my_dossiers(submit, citizen):
    mine = citizen_client(citizen)
    assert_constant_queries(lambda: mine.get("/services/my/"), add_dossiers(submit))


def test_my_dossiers_through_the_api(submit, citizen):
    mine = citizen_client(citizen)  # the API takes the browser session too
    assert_constant_queries(lambda: mine.get("/api/v1/dossiers"), add_dossiers(submit))


@pytest.mark.parametrize("url", ["/services/", "/api/v1/procedures"])
def test_the_catalogue(url, birth_registration):
    public = Client()
    assert_constant_queries(lambda: public.get(url), add_procedures)
