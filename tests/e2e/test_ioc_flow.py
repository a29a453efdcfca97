"""A leader opens the IOC dashboard; a station publishes a PM2.5 reading over MQTT
during the test; the threshold alert appears on the page by itself; the leader
drills down from the province to the commune."""

import pytest
from django.utils import timezone

from tests.e2e.conftest import official_page, shot
from tests.ioc.test_mqtt import Broker, connector, publish
from tinhso.core.models import AdminUnit
from tinhso.ioc.models import Alert, Station

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def leader(places):
    from tests.conftest import grant, make_user
    from tinhso.accounts.choices import Role

    return grant(make_user("+84901000931", "Phó Chủ Tịch Tỉnh"), places["ubnd"], Role.APPROVER)


def test_an_mqtt_reading_raises_an_alert_the_leader_sees_and_drills_into(
    live_server, browser, leader, pm25, places, settings, tmp_path
):
    settings.IOC_REFRESH_SECONDS = 2
    Station.objects.create(
        code="qt-an",
        name="Trạm An",
        area=AdminUnit.objects.get(code="01001"),
        latitude=1,
        longitude=1,
    )
    broker = Broker(tmp_path)
    broker.start()
    worker = connector(broker.url, "ioc-e2e")
    worker.start()
    try:
        assert worker.subscribed.wait(10)
        page = official_page(browser, live_server.url, leader)
        page.goto(live_server.url + "/console/ioc/")
        page.get_by_role("heading", name="Trung tâm điều hành — Tỉnh Test").wait_for()
        assert page.locator(".alerts-box").count() == 0
        reading = {"station": "qt-an", "time": timezone.localtime().isoformat(), "pm25": 180}
        publish(broker.url, [reading])
        # No reload: the board refreshes itself and shows the alert.
        alert_link = page.get_by_role(
            "link", name="Bụi mịn PM2.5 tại Phường An: 180 µg/m³ (ngưỡng 100)"
        )
        alert_link.wait_for(timeout=20_000)
        assert Alert.objects.get().level == "critical"
        # The province's tile takes the worst level among its areas: red, not green.
        tile = page.locator(".kpi", has_text="Bụi mịn PM2.5")
        tile.and_(page.locator(".kpi-critical")).wait_for()
        shot(page, "ioc-board-alert")
        page.locator(".kpi", has_text="Bụi mịn PM2.5").click()
        page.get_by_role("heading", name="Bụi mịn PM2.5 — Tỉnh Test").wait_for()
        page.get_by_role("link", name="Phường An").click()
        page.get_by_role("heading", name="Bụi mịn PM2.5 — Phường An").wait_for()
        assert page.get_by_role("cell", name="Trạm An").count() == 0  # records name the area
        assert page.locator("table").get_by_text("180").count() >= 1
        page.locator("#ioc-chart .main-svg").first.wait_for()  # Plotly drew the chart
        shot(page, "ioc-commune")
        page.context.close()
    finally:
        worker.stop()
        broker.stop()
