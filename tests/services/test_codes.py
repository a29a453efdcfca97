import datetime as dt
import re
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from tinhso.services.codes import next_dossier_code
from tinhso.services.models import Dossier

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_code_has_the_national_shape(db):
    with transaction.atomic():
        code = next_dossier_code("000.00.31.H99", dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC))
    # 23:30 UTC is already the 23rd in Vietnam.
    assert code == "000.00.31.H99-261123-0001"


def test_each_agency_and_day_counts_on_its_own(db):
    with transaction.atomic():
        a1 = next_dossier_code("000.01.00.H01")
        a2 = next_dossier_code("000.01.00.H01")
        b1 = next_dossier_code("000.02.00.H01")
    assert (a1[-4:], a2[-4:], b1[-4:]) == ("0001", "0002", "0001")


def test_a_rolled_back_submission_gives_its_number_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        next_dossier_code("000.01.00.H01")
        raise RuntimeError
    with transaction.atomic():
        assert next_dossier_code("000.01.00.H01").endswith("-0001")


def test_parallel_submissions_get_unique_consecutive_codes(submit):
    """Eight citizens press "Nộp" at the same moment (threads, each its own connection)."""
    count = 8
    barrier = threading.Barrier(count)
    errors = []

    def one():
        try:
            barrier.wait(timeout=10)
            submit()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    today = timezone.localdate().strftime("%y%m%d")
    assert codes == [f"000.01.00.H01-{today}-{n:04d}" for n in range(1, count + 1)]
    assert all(re.fullmatch(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}", c) for c in codes)
