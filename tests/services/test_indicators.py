"""Decision 766 figures on a hand-computed fixture.

Eight dossiers received in November 2026 at Phường An, one at Xã Bình, one in
October (outside the period). Expected values were worked out by hand below.
"""

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.conftest import grant, make_user, official_client
from tinhso.accounts.choices import Role
from tinhso.services.choices import DossierStatus as S
from tinhso.services.choices import OnlineLevel, SubmissionChannel
from tinhso.services.indicators import indicators
from tinhso.services.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOV = (dt.datetime(2026, 11, 1, tzinfo=VN), dt.datetime(2026, 12, 1, tzinfo=VN))
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=VN)


def at(day, hour=9):
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=VN)


@pytest.fixture
def fixture_dossiers(birth_registration, places, citizen):
    def make(
        n,
        agency,
        *,
        status,
        received,
        due,
        finished=None,
        channel="online",
        digitised=True,
        rating=None,
        days=None,
    ):
        return Dossier.objects.create(
            code=f"T-{n}",
            procedure=birth_registration,
            agency=agency,
            applicant=citizen,
            applicant_name="A",
            applicant_phone="+84912000101",
            channel=channel,
            status=status,
            submitted_at=received,
            received_at=received,
            due_at=due,
            finished_at=finished,
            is_digitised=digitised,
            rating=rating,
            processing_working_days=days,
        )

    ward, commune = places["ward_ubnd"], places["commune_ubnd"]
    # finished early (day before due), rated 5, online, 2 working days
    make(
        1,
        ward,
        status=S.RESULT_RETURNED,
        received=at(2),
        due=at(5),
        finished=at(4),
        rating=5,
        days=2,
    )
    # finished on the due day, before the hour; rated 3; at the counter, not digitised
    make(
        2,
        ward,
        status=S.FINISHED,
        received=at(2),
        due=at(5),
        finished=at(5, 8),
        rating=3,
        channel=SubmissionChannel.COUNTER,
        digitised=False,
        days=3,
    )
    # finished late (after the due moment, same day); 4 working days
    make(3, ward, status=S.FINISHED, received=at(3), due=at(6), finished=at(6, 16), days=4)
    # finished late by days, rated 4
    make(
        4,
        ward,
        status=S.RESULT_RETURNED,
        received=at(3),
        due=at(6),
        finished=at(11),
        rating=4,
        days=6,
    )
    # open, on time (due after NOW); open, late (due before NOW)
    make(5, ward, status=S.IN_PROGRESS, received=at(20), due=at(27))
    make(6, ward, status=S.SUPPLEMENT_REQUESTED, received=at(10), due=at(13))
    # refused: counts as received only
    make(
        7,
        ward,
        status=S.REFUSED,
        received=at(12),
        due=None,
        channel=SubmissionChannel.POST,
        digitised=False,
    )
    # stopped: received, not finished, not open
    make(8, ward, status=S.STOPPED, received=at(12), due=at(17), finished=at(14))
    # another agency
    make(9, commune, status=S.NEW, received=at(15), due=at(18))
    # outside the period
    make(
        10,
        ward,
        status=S.FINISHED,
        received=dt.datetime(2026, 10, 30, tzinfo=VN),
        due=at(4),
        finished=at(3),
        days=3,
    )


def test_the_figures_match_the_hand_computation(fixture_dossiers, places):
    rows, total = indicators(Dossier.objects.all(), *NOV, group_by="agency", now=NOW)
    ward = next(r for r in rows if r.code == "000.01.00.H01")
    assert (ward.received, ward.finished) == (8, 4)
    assert (ward.finished_early, ward.finished_on_time, ward.finished_late) == (1, 1, 2)
    assert (ward.in_progress_on_time, ward.in_progress_late) == (1, 1)
    assert ward.on_time_rate == Decimal("50.0")  # (1 + 1) / 4
    # online counts fully-online submissions: 1, 3, 4, 5, 6, 8 (2 counter, 7 post)
    assert ward.online == 6 and ward.online_rate == Decimal("75.0")
    assert ward.digitised_rate == Decimal("75.0")  # 2 and 7 not digitised
    assert (ward.rated, ward.satisfied, ward.satisfaction_rate) == (3, 2, Decimal("66.7"))
    assert ward.avg_processing_days == Decimal("3.8")  # (2 + 3 + 4 + 6) / 4 = 3.75
    assert total.received == 9 and total.finished == 4
    assert total.avg_processing_days == Decimal("3.8")


def test_partly_online_procedures_do_not_count_as_online(fixture_dossiers, birth_registration):
    birth_registration.online_level = OnlineLevel.PARTIAL
    birth_registration.save()
    rows, _total = indicators(Dossier.objects.all(), *NOV, now=NOW)
    assert all(r.online == 0 for r in rows)


def test_by_procedure_and_empty_periods(fixture_dossiers):
    rows, total = indicators(Dossier.objects.all(), *NOV, group_by="procedure", now=NOW)
    assert len(rows) == 1 and rows[0].received == 9
    rows, total = indicators(
        Dossier.objects.all(),
        dt.datetime(2025, 1, 1, tzinfo=VN),
        dt.datetime(2025, 2, 1, tzinfo=VN),
    )
    assert rows == [] and total.on_time_rate is None and total.avg_processing_days is None


@pytest.fixture
def leader(places):
    return grant(make_user("+84901000501", "Lãnh Đạo Phường"), places["ward_ubnd"], Role.APPROVER)


def test_the_statistics_page_and_its_exports(fixture_dossiers, leader):
    client = official_client(leader)
    query = {"start": "2026-11-01", "end": "2026-11-30", "group_by": "agency"}
    page = client.get("/console/statistics/", query).content.decode()
    assert "UBND phường An" in page and "UBND xã Bình" not in page  # only the leader's units
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/console/statistics/", {**query, "format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][:3] == ["Mã", "Tên", "Tiếp nhận"]
    assert rows[1][:3] == ["000.01.00.H01", "UBND phường An", "8"]
    book = load_workbook(
        io.BytesIO(client.get("/console/statistics/", {**query, "format": "xlsx"}).content)
    )
    sheet = book.active
    assert sheet["B2"].value == "UBND phường An" and sheet["C2"].value == 8


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-11-30", "end": "2026-11-01", "group_by": "agency"},
        {"start": "2020-01-01", "end": "2026-11-01", "group_by": "agency"},
        {"start": "hôm qua", "end": "2026-11-01", "group_by": "agency"},
        {"start": "2026-11-01", "end": "2026-11-30", "group_by": "'; DROP TABLE"},
    ],
)
def test_bad_periods_get_a_message_not_an_error(leader, query):
    response = official_client(leader).get("/console/statistics/", query)
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()  # what to fix, at the top


def test_a_receptionist_cannot_see_statistics(ward_staff):
    assert (
        official_client(ward_staff["receptionist"]).get("/console/statistics/").status_code == 403
    )


def test_the_page_can_be_submitted_with_its_own_pre_filled_dates(fixture_dossiers, leader):
    """The date pickers were pre-filled as 01/11/2026, which a date picker shows as
    empty: pressing "Xem" then cleared the table. Every date input holds an ISO value,
    and sending the form back as it stands gives the table, in either language."""
    import re

    for language in ("vi", "en"):
        client = official_client(leader)
        client.cookies["tinhso_language"] = language
        page = client.get("/console/statistics/").content.decode()
        dates = dict(re.findall(r'type="date" name="(\w+)" value="([^"]*)"', page))
        assert set(dates) == {"start", "end"}
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in dates.values()), dates
        again = client.get("/console/statistics/", {**dates, "group_by": "agency"})
        assert (
            'class="error"' not in again.content.decode()
            and "data-error-summary" not in again.content.decode()
        )
        assert "UBND phường An" in again.content.decode()
