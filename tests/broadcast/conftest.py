"""Phường An's station with its staff: a specialist writes, the chairwoman approves;
an official of another commune is the outsider. Audio is made for real: espeak-ng reads,
PyAV encodes."""

from __future__ import annotations

import datetime as dt
import io
import wave
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.core.models import AdminUnit


@pytest.fixture
def radio(places, settings, tmp_path) -> dict[str, Any]:
    from tinhso.broadcast.models import Station
    from tinhso.core.choices import AdminUnitKind

    settings.VAR_DIR = tmp_path
    station = Station.objects.create(unit=places["ward_ubnd"], name="Đài phường An", mount="an")
    hamlet = AdminUnit.objects.create(
        code="01009", name="Khu phố 1", kind=AdminUnitKind.WARD, parent=places["ward"]
    )
    return {
        "station": station,
        "hamlet": hamlet,
        "writer": grant(
            make_user("+84901000501", "Lê Văn Viết"), places["ward_ubnd"], Role.SPECIALIST
        ),
        "leader": grant(
            grant(make_user("+84901000502", "Trần Thị Duyệt"), places["ward_ubnd"], Role.APPROVER),
            places["ward_ubnd"],
            Role.EMERGENCY_BROADCASTER,
        ),
        # A vice-chairman: approves bulletins, but was not given the emergency role.
        "deputy": grant(
            make_user("+84901000504", "Hồ Văn Phó"), places["ward_ubnd"], Role.APPROVER
        ),
        "outsider": grant(
            make_user("+84901000503", "Phạm Văn Xã"), places["commune_ubnd"], Role.APPROVER
        ),
        "until": timezone.now() + dt.timedelta(days=3),
        "places": places,
    }


@pytest.fixture
def province(radio) -> dict[str, Any]:
    """Two communes' stations, two source systems and a province leader."""
    from tinhso.broadcast.models import SourceSystem, Station
    from tinhso.core.apikeys import do_issue_key

    places = radio["places"]
    binh = Station.objects.create(unit=places["commune_ubnd"], name="Đài xã Bình", mount="binh")
    binh_leader = grant(
        make_user("+84901000601", "Đỗ Văn Bình"), places["commune_ubnd"], Role.APPROVER
    )
    provincial = SourceSystem.objects.create(
        name="Hệ thống thông tin nguồn tỉnh", area=places["province"], may_send_priority=True
    )
    # A system of one ward, that may send normal bulletins only.
    narrow = SourceSystem.objects.create(name="Nguồn phường An", area=places["ward"])
    chair = grant(make_user("+84901000602", "Vũ Thị Tỉnh"), places["ubnd"], Role.APPROVER)
    return {
        **radio,
        "binh": binh,
        "binh_leader": binh_leader,
        "provincial": provincial,
        "key": do_issue_key(provincial),
        "narrow_key": do_issue_key(narrow),
        "chair": grant(chair, places["ubnd"], Role.EMERGENCY_BROADCASTER),
    }


def tone_wav(seconds: float = 2.0, amplitude: float = 0.05, rate: int = 22_050) -> bytes:
    """A quiet 440 Hz tone as a WAV file (16-bit mono)."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (amplitude * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(samples.tobytes())
    return out.getvalue()


# The data-exchange axis and the demo systems behind it (source systems call through it).
from tests.exchange.conftest import axis, provider_process  # noqa: E402, F401
