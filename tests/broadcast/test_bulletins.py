"""Bulletins: the audio made once at the broadcast loudness, approval before airing,
emergencies from leaders only — and nothing for anyone outside the commune."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.broadcast.conftest import tone_wav
from tests.conftest import official_client
from tinhso.broadcast import actions
from tinhso.broadcast.choices import BulletinState, Priority, Source
from tinhso.broadcast.models import Bulletin
from tinhso.core import audio
from tinhso.core.errors import ActionError
from tinhso.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db

TEXT = (
    "Thông báo: ngày 05/12/2026 phường An tạm ngừng cấp điện từ 7 giờ đến 11 giờ 30 "
    "để sửa chữa đường dây. Mọi thắc mắc xin gọi đường dây nóng 0901 234 567."
)


def written(radio, **overrides):
    fields = dict(
        title="Lịch cắt điện", category="notice", text=TEXT, valid_until=radio["until"],
        acting_user=radio["writer"],
    )  # fmt: skip
    fields.update(overrides)
    return actions.do_create_bulletin(radio["station"], **fields)


def test_text_is_read_aloud_and_brought_to_the_broadcast_loudness(radio):
    bulletin = written(radio)
    assert bulletin.source == Source.TEXT and bulletin.state == BulletinState.DRAFT
    with bulletin.audio.open("rb") as handle:
        data = handle.read()
    assert data[:4] == b"OggS"
    samples = audio.decode(data)
    assert 5 < samples.size / audio.RATE < 60 and abs(bulletin.seconds - samples.size / 48000) < 0.1
    assert abs(audio.loudness(samples) - audio.TARGET_LUFS) < 1.0  # EBU R128: −23 LUFS


def test_a_quiet_recording_is_raised_to_the_target_and_its_peak_kept(radio):
    bulletin = written(radio, text="", recording=tone_wav(amplitude=0.02))
    assert bulletin.source == Source.RECORDING
    with bulletin.audio.open("rb") as handle:
        samples = audio.decode(handle.read())
    assert abs(audio.loudness(samples) - audio.TARGET_LUFS) < 1.0
    assert float(abs(samples).max()) <= audio.PEAK_LIMIT * 1.05


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "", "recording": b"this is not audio at all"}, "không phải bản ghi"),
        ({"text": "", "recording": b"%PDF-1.7\n"}, "không phải bản ghi"),
        ({"text": "", "recording": tone_wav(amplitude=0.0)}, "không có tiếng"),
        ({"text": "… — !!! ???"}, "không có chữ"),
        ({"text": ""}, "Nhập nội dung"),
        ({"valid_until": timezone.now() - dt.timedelta(hours=1)}, "đã qua"),
        ({"priority": Priority.EMERGENCY}, "quyền phát tin khẩn cấp"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(radio, overrides, message):
    with pytest.raises(ActionError, match=message):
        written(radio, **overrides)
    assert not radio["station"].bulletins.exists()


def test_a_recording_longer_than_allowed_is_refused(radio):
    with pytest.raises(ActionError, match="dài quá"):
        audio.for_broadcast(tone_wav(seconds=130), max_seconds=120)


def test_an_area_outside_the_commune_is_refused(radio):
    with pytest.raises(ActionError, match="không thuộc địa bàn"):
        written(radio, areas=[radio["places"]["commune"]])
    bulletin = written(radio, areas=[radio["hamlet"]])
    assert list(bulletin.areas.all()) == [radio["hamlet"]]


def test_a_bulletin_airs_only_once_the_leader_approves_it(radio):
    bulletin = written(radio)
    actions.do_submit(bulletin, acting_user=radio["writer"])
    assert Notification.objects.filter(
        recipient=radio["leader"], template="bulletin_to_approve"
    ).exists()
    with pytest.raises(PermissionDenied):
        actions.do_approve(bulletin, acting_user=radio["writer"])
    with pytest.raises(PermissionDenied):
        actions.do_approve(bulletin, acting_user=radio["outsider"])
    with pytest.raises(ActionError, match="lý do"):
        actions.do_reject(bulletin, reason=" ", acting_user=radio["leader"])
    actions.do_reject(bulletin, reason="Sửa giờ cắt điện", acting_user=radio["leader"])
    actions.do_submit(bulletin, acting_user=radio["writer"])
    approved = actions.do_approve(bulletin, acting_user=radio["leader"])
    assert approved.state == BulletinState.APPROVED and approved.approved_by == radio["leader"]


def test_an_emergency_from_a_leader_is_approved_by_sending_it_and_recorded(radio):
    bulletin = written(
        radio, title="Cảnh báo lũ quét", category="disaster", priority=Priority.EMERGENCY,
        text="Khẩn cấp: nước sông dâng cao, bà con khu phố 1 di chuyển lên nơi cao ngay.",
        acting_user=radio["leader"],
    )  # fmt: skip
    assert bulletin.state == BulletinState.APPROVED and bulletin.approved_by == radio["leader"]
    entry = AuditEntry.objects.get(action="broadcast.emergency_sent")
    assert entry.actor == radio["leader"]


@pytest.mark.parametrize("who", ["writer", "deputy"])
def test_only_those_given_the_emergency_role_send_an_emergency(radio, who):
    with pytest.raises(ActionError, match="quyền phát tin khẩn cấp"):
        written(radio, priority=Priority.EMERGENCY, acting_user=radio[who])
    assert not Bulletin.objects.exists()


def test_the_pages_write_hear_and_approve_and_an_outsider_sees_nothing(radio):
    writer = official_client(radio["writer"])
    answer = writer.post(
        reverse("broadcast:new"),
        {
            "station": radio["station"].pk, "title": "Tiêm chủng", "category": "health",
            "priority": "normal", "valid_until": "2099-12-31T08:00",
            "recording": SimpleUploadedFile("tiem-chung.wav", tone_wav(), "audio/wav"),
        },
    )  # fmt: skip
    bulletin = radio["station"].bulletins.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{bulletin.pk}/")
    page = writer.get(reverse("broadcast:bulletin", args=[bulletin.pk])).content.decode()
    assert "<audio" in page and "Gửi duyệt" in page
    sound = writer.get(reverse("broadcast:audio", args=[bulletin.pk]))
    assert sound.status_code == 200 and sound["Content-Type"] == "audio/ogg"
    writer.post(reverse("broadcast:submit", args=[bulletin.pk]))
    leader = official_client(radio["leader"])
    assert (
        "Duyệt phát"
        in leader.get(reverse("broadcast:bulletin", args=[bulletin.pk])).content.decode()
    )
    outsider = official_client(radio["outsider"])
    for name in ("bulletin", "audio"):
        assert outsider.get(reverse(f"broadcast:{name}", args=[bulletin.pk])).status_code == 404
    for name in ("submit", "approve", "reject"):
        answer = outsider.post(reverse(f"broadcast:{name}", args=[bulletin.pk]), {"reason": "x"})
        assert answer.status_code == 404
    assert outsider.get(reverse("broadcast:new")).status_code == 403
    leader.post(reverse("broadcast:approve", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.APPROVED
