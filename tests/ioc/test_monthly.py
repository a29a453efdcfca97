"""The monthly report for leaders."""

import io

from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.conftest import grant, make_user, official_client
from tests.ioc.test_forecasts import seed
from tinhso.accounts.choices import Role
from tinhso.ioc import monthly


def test_the_report_lists_the_chosen_indicators_and_leaders_are_told(revenue, places):
    revenue.in_monthly_report = True
    revenue.target = 500
    revenue.save()
    seed(30)
    month = monthly.previous_month()
    (row,) = monthly.rows(places["province"], month)
    assert row[0] == "Thu ngân sách (tỷ đồng)"
    assert row[1] != "—" and row[2] != "—" and row[3] == "500"
    leader = grant(make_user("+84901000941", "Chủ Tịch Tỉnh"), places["ubnd"], Role.APPROVER)
    call_command("send_monthly_report", stdout=io.StringIO())
    told = leader.notifications.get(template="ioc_monthly_report", channel="inbox")
    response = official_client(leader).get(told.link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfFileReader(io.BytesIO(response.content))
    assert len(reader.root["/Pages"]["/Kids"]) >= 1
    assert official_client(leader).get("/console/ioc/report/2099-01.pdf").status_code == 404
    assert official_client(leader).get("/console/ioc/report/abc.pdf").status_code == 404
