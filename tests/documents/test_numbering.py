"""The incoming register numbers from 1 each year with no gap and no repeat, even when
clerks press "Vào sổ" at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction

from tests.documents.conftest import register
from tinhso.documents.models import IncomingDocument

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_clerks_get_consecutive_numbers(office):
    count = 8
    barrier = threading.Barrier(count)
    errors: list[Exception] = []

    def one(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            register(office, notation=f"{index + 1}/TB-UBND")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(IncomingDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, count + 1))


def test_a_registration_that_fails_gives_its_number_back(office):
    with pytest.raises(RuntimeError), transaction.atomic():
        register(office)
        raise RuntimeError("the disk filled up")
    assert not IncomingDocument.objects.exists()
    assert register(office).number == 1


def test_each_unit_counts_on_its_own(office, places):
    from tests.conftest import grant
    from tinhso.accounts.choices import Role

    grant(office["clerk"], places["commune_ubnd"], Role.CLERK)
    assert register(office).number == 1
    assert register(office, unit=places["commune_ubnd"]).number == 1
    assert register(office, notation="16/QĐ-UBND").number == 2
