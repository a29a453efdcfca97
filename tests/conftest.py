"""Named test people in a small province tree (docs/architecture.md, "Tests").

    Tỉnh Test (01)                      UBND tỉnh      000.00.00.H01
      ├─ Phường An (01001)              UBND phường An 000.01.00.H01
      │                                  └─ Một cửa An   001.01.00.H01
      └─ Xã Bình (01004)                UBND xã Bình   000.02.00.H01

``receptionist`` and ``commune_admin`` work in Phường An; ``outsider`` is the
unit admin of Xã Bình and must never see Phường An's people; ``province_admin``
sees both; ``citizen`` is a verified citizen.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, User
from tinhso.core import sms
from tinhso.core.choices import AdminUnitKind, OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit

PASSWORD = "Sông-Hương-2026-chiều"


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def places(db) -> dict[str, Any]:
    province = AdminUnit.objects.create(code="01", name="Tỉnh Test", kind=AdminUnitKind.PROVINCE)
    ward = AdminUnit.objects.create(
        code="01001", name="Phường An", kind=AdminUnitKind.WARD, parent=province
    )
    commune = AdminUnit.objects.create(
        code="01004", name="Xã Bình", kind=AdminUnitKind.COMMUNE, parent=province
    )
    ubnd = OrgUnit.objects.create(
        identifier="000.00.00.H01",
        name="UBND tỉnh Test",
        kind=OrgUnitKind.PEOPLES_COMMITTEE,
        area=province,
    )
    ward_ubnd = OrgUnit.objects.create(
        identifier="000.01.00.H01",
        name="UBND phường An",
        kind=OrgUnitKind.PEOPLES_COMMITTEE,
        area=ward,
        parent=ubnd,
    )
    ward_one_stop = OrgUnit.objects.create(
        identifier="001.01.00.H01",
        name="Một cửa phường An",
        kind=OrgUnitKind.ONE_STOP,
        area=ward,
        parent=ward_ubnd,
    )
    commune_ubnd = OrgUnit.objects.create(
        identifier="000.02.00.H01",
        name="UBND xã Bình",
        kind=OrgUnitKind.PEOPLES_COMMITTEE,
        area=commune,
        parent=ubnd,
    )
    return {
        "province": province,
        "ward": ward,
        "commune": commune,
        "ubnd": ubnd,
        "ward_ubnd": ward_ubnd,
        "ward_one_stop": ward_one_stop,
        "commune_ubnd": commune_ubnd,
    }


def make_user(phone: str, name: str, kind: str = UserKind.OFFICIAL, **extra: Any) -> User:
    return User.objects.create_user(
        phone, PASSWORD, full_name=name, kind=kind, phone_verified_at=timezone.now(), **extra
    )


def grant(user: User, org: OrgUnit, role: str) -> User:
    Membership.objects.create(user=user, org_unit=org, role=role)
    return user


@pytest.fixture
def citizen(db) -> User:
    return make_user("+84912000101", "Nguyễn Thị Dân", UserKind.CITIZEN, email="dan@example.vn")


@pytest.fixture
def receptionist(places) -> User:
    return grant(
        make_user("+84901000101", "Lê Văn Nhận"), places["ward_one_stop"], Role.RECEPTIONIST
    )


@pytest.fixture
def commune_admin(places) -> User:
    return grant(make_user("+84901000102", "Trần Thị Quản"), places["ward_ubnd"], Role.UNIT_ADMIN)


@pytest.fixture
def outsider(places) -> User:
    return grant(
        make_user("+84901000103", "Phạm Văn Ngoài"), places["commune_ubnd"], Role.UNIT_ADMIN
    )


@pytest.fixture
def province_admin(places) -> User:
    user = make_user("+84901000104", "Võ Văn Tỉnh", is_staff=True)
    grant(user, places["ubnd"], Role.UNIT_ADMIN)
    return grant(user, places["ubnd"], Role.SYSTEM_ADMIN)


def enrol_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_token(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's phone shows now (or ``steps_ahead`` × 30 s later)."""
    return f"{_token_at(device, time.time() + steps_ahead * device.step):06d}"


def _token_at(device: TOTPDevice, at: float) -> int:
    from django_otp.oath import TOTP

    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = at
    return generator.token()


def official_client(user: User) -> Client:
    """A browser session of an official who signed in and passed the TOTP check."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol_totp(user)
    client = Client()
    client.force_login(user, backend="tinhso.accounts.backends.PhoneOrEmailBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def citizen_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="tinhso.accounts.backends.PhoneOrEmailBackend")
    return client


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    """One demo CA for the whole run (making RSA keys is slow)."""
    return tmp_path_factory.mktemp("pki")


@pytest.fixture
def signing_keys(settings, signing_dir, places):
    """Signing certificates for every unit of the test province."""
    from tinhso.core.pki import issue_unit_certificate, unit_p12_path

    settings.SIGNING_DIR = signing_dir
    settings.SIGNING_TRUST_ROOTS = [str(signing_dir / "ca.pem")]
    for unit in places.values():
        if hasattr(unit, "identifier") and not unit_p12_path(unit.identifier).exists():
            issue_unit_certificate(unit.identifier, unit.name, "Tỉnh Test")
    return signing_dir


def run_task_worker() -> None:
    """Run django-tasks' `db_worker` until the queue is empty, then give back the signal
    handlers it installs (left in place, a later SIGTERM in the test process would
    reach a worker that is gone)."""
    import signal

    from django.core.management import call_command

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.fixture
def demo_catalogue(db):
    """The demo's places and its catalogue of 117 procedures, the assistant's index
    built afresh."""
    from tinhso.assistant import catalogue
    from tinhso.core.demo import load as load_places
    from tinhso.services.demo import load_catalogue

    load_places(lambda *_: None)
    load_catalogue(lambda *_: None)
    catalogue.forget()
    yield
    catalogue.forget()
