"""The officers' review queue and the public look-up."""

import re
from html import unescape

from django.core.files.base import ContentFile
from django.test import Client

from tests.conftest import citizen_client, official_client
from tests.traffic.test_events_api import camera_key, send  # noqa: F401
from tests.traffic.test_violations import officer  # noqa: F401
from tinhso.traffic.models import Evidence, Violation
from tinhso.traffic.tasks import make_public_evidence
from tinhso.traffic.views import public_evidence_url


def test_an_officer_reviews_and_the_public_then_finds_it(camera_key, officer, citizen):  # noqa: F811
    send(camera_key, event_id="e-1", plate="5?F-123")  # unreadable: the officer types it
    violation = Violation.objects.get()
    desk = official_client(officer)
    queue = desk.get("/console/traffic/").content.decode()
    assert f"/console/traffic/{violation.public_id}/" in queue and "chưa đọc được" in queue
    public = Client()
    # Before verification nothing is public, not even the evidence.
    found = public.get(
        "/traffic/lookup/", {"plate": "51F-123.45", "colour": "white"}
    ).content.decode()
    assert "Không có vi phạm nào" in found
    frame = Evidence.objects.filter(kind="frame").first()
    frame_link = public_evidence_url(frame)  # as a look-up would make it, once verified
    assert public.get(frame_link).status_code == 404
    assert public.get(f"/traffic/evidence/{frame.pk}/").status_code == 404
    desk.post(f"/console/traffic/{violation.public_id}/", {"plate": "XYZ"})
    violation.refresh_from_db()
    assert violation.status == "detected"
    desk.post(f"/console/traffic/{violation.public_id}/", {"plate": "51F-123.45"})
    violation.refresh_from_db()
    assert violation.status == "verified" and violation.plate == "51F12345"
    found = public.get(
        "/traffic/lookup/", {"plate": "51f12345", "colour": "white"}
    ).content.decode()
    assert "Vượt đèn đỏ" in found and "Ngã tư B" in found
    # The public sees frames only once other plates are blurred, and never the clip.
    assert public.get(frame_link).status_code == 404
    make_public_evidence.call(violation.pk)
    page = public.get("/traffic/lookup/", {"plate": "51f12345", "colour": "white"}).text
    links = re.findall(r'src="(/traffic/evidence/[^"]+)"', page)
    assert len(links) == 4  # the plate crop and three blurred frames
    assert all(public.get(unescape(link)).status_code == 200 for link in links)
    # Evidence is reachable only through such a link: not by id, not by a forged one.
    assert public.get(f"/traffic/evidence/{frame.pk}/").status_code == 404
    assert public.get(f"/traffic/evidence/{frame.pk}:forged/").status_code == 404
    clip = Evidence(violation=violation, kind="clip", order=0)
    clip.file.save("clip.webm", ContentFile(b"webm"), save=True)
    assert public.get(public_evidence_url(clip)).status_code == 404
    # Looked up under another colour: never a reassuring "no violation" — a warning to
    # check the colour, which names neither the colour nor the violation.
    other = public.get("/traffic/lookup/", {"plate": "51F-123.45", "colour": "yellow"}).text
    assert "Không có vi phạm nào" not in other and "Vượt đèn đỏ" not in other
    assert "có vi phạm được ghi nhận với một màu nền biển khác" in other
    assert "Nền trắng" in other  # only as one of the four choices offered again
    # Colour is a choice the owner makes: there is no default to fall into.
    unchosen = public.get("/traffic/lookup/", {"plate": "51F-123.45"}).text
    assert "Hãy chọn màu nền biển số xe của bạn." in unchosen and "Vượt đèn đỏ" not in unchosen
    assert "checked" not in public.get("/traffic/lookup/").text


def test_only_traffic_officers_review(camera_key, citizen, commune_admin):  # noqa: F811
    send(camera_key)
    violation = Violation.objects.get()
    assert official_client(commune_admin).get("/console/traffic/").status_code == 403
    response = official_client(commune_admin).post(
        f"/console/traffic/{violation.public_id}/", {"plate": "51F12345"}
    )
    assert response.status_code == 403
    assert citizen_client(citizen).get("/console/traffic/").status_code in (302, 403)
    violation.refresh_from_db()
    assert violation.status == "detected"


def test_a_wrong_plate_in_the_look_up_says_how_to_write_it(places):
    page = (
        Client().get("/traffic/lookup/", {"plate": "<script>", "colour": "white"}).content.decode()
    )
    assert "ví dụ 51F-123.45" in page and "<script>" not in page


def test_a_public_evidence_link_expires(camera_key, officer, settings):  # noqa: F811
    import time

    send(camera_key, event_id="e-9", plate="51F-123.45")
    violation = Violation.objects.get()
    official_client(officer).post(
        f"/console/traffic/{violation.public_id}/", {"plate": "51F-123.45"}
    )
    plate = Evidence.objects.get(kind="plate")
    link = public_evidence_url(plate)
    assert Client().get(link).status_code == 200
    settings.TRAFFIC_EVIDENCE_LINK_SECONDS = 0
    time.sleep(1.1)
    assert Client().get(link).status_code == 404


def test_officers_reach_every_evidence_by_id_and_the_public_does_not(
    camera_key,  # noqa: F811
    officer,  # noqa: F811
    citizen,
):
    send(camera_key, event_id="e-10")
    frame = Evidence.objects.filter(kind="frame").first()
    assert official_client(officer).get(f"/console/traffic/evidence/{frame.pk}/").status_code == 200
    assert citizen_client(citizen).get(f"/console/traffic/evidence/{frame.pk}/").status_code in (
        302,
        403,
    )
