"""A small procedure catalogue on top of tests/conftest.py's province.

"Đăng ký khai sinh" is a commune procedure: reception, then a specialist, then
the approver, all at the commune's People's Committee (Phường An here).
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.core.models import ProcedureField
from tinhso.services.choices import OnlineLevel, ProcedureLevel, SubmissionChannel
from tinhso.services.models import Procedure, RequiredDocument, WorkflowStep

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="giay-to.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _keys(signing_keys):
    """Finishing a dossier signs its result: every services test has keys."""


@pytest.fixture
def birth_registration(places):
    field = ProcedureField.objects.create(code="ho-tich", name="Hộ tịch")
    procedure = Procedure.objects.create(
        code="1.001193.000.00.00.H01",
        name="Đăng ký khai sinh",
        field=field,
        level=ProcedureLevel.COMMUNE,
        processing_days=3,
        online_level=OnlineLevel.FULL,
        result_name="Giấy khai sinh",
        form_schema=[
            {
                "name": "child_name",
                "label": "Họ tên trẻ",
                "type": "text",
                "required": True,
                "max_length": 100,
            },
            {"name": "birth_date", "label": "Ngày sinh", "type": "date", "required": True},
            {
                "name": "sex",
                "label": "Giới tính",
                "type": "choice",
                "required": True,
                "choices": ["Nam", "Nữ"],
            },
        ],
    )
    RequiredDocument.objects.create(procedure=procedure, name="Giấy chứng sinh", order=1)
    RequiredDocument.objects.create(
        procedure=procedure,
        name="Giấy tờ tùy thân của người đi đăng ký",
        order=2,
        mandatory=False,
    )
    for order, name, role, days in [
        (1, "Tiếp nhận", Role.RECEPTIONIST, 0.5),
        (2, "Thẩm định", Role.SPECIALIST, 1.5),
        (3, "Phê duyệt", Role.APPROVER, 1),
    ]:
        WorkflowStep.objects.create(
            procedure=procedure, order=order, name=name, role=role, days=days
        )
    return procedure


@pytest.fixture
def ward_staff(places):
    """Receptionist, specialist and approver of Phường An's committee."""
    ward = places["ward_ubnd"]
    return {
        "receptionist": grant(make_user("+84901000201", "Mai Thị Tiếp"), ward, Role.RECEPTIONIST),
        "specialist": grant(make_user("+84901000202", "Lý Văn Thẩm"), ward, Role.SPECIALIST),
        "approver": grant(make_user("+84901000203", "Đỗ Văn Duyệt"), ward, Role.APPROVER),
    }


@pytest.fixture
def commune_staff(places):
    """The same roles in Xã Bình: outsiders to Phường An's dossiers."""
    commune = places["commune_ubnd"]
    return {
        "receptionist": grant(
            make_user("+84901000301", "Kha Thị Ngoài"), commune, Role.RECEPTIONIST
        ),
        "specialist": grant(make_user("+84901000302", "Kha Văn Ngoài"), commune, Role.SPECIALIST),
        "approver": grant(make_user("+84901000303", "Kha Văn Trưởng"), commune, Role.APPROVER),
    }


@pytest.fixture
def submit(birth_registration, places, citizen):
    """Submit an online dossier for the citizen to Phường An."""
    from tinhso.services.actions import do_submit_dossier

    def _submit(**changes):
        requirement = birth_registration.documents.get(mandatory=True)
        values = dict(
            procedure=birth_registration,
            agency=places["ward_ubnd"],
            applicant=citizen,
            applicant_name=citizen.full_name,
            applicant_phone=citizen.phone,
            form_data={"child_name": "Nguyễn Văn Bé", "birth_date": "2026-11-01", "sex": "Nam"},
            files={requirement.pk: [pdf()]},
            channel=SubmissionChannel.ONLINE,
            acting_user=citizen,
        )
        values.update(changes)
        return do_submit_dossier(**values)

    return _submit


__all__ = ["PDF", "PNG", "io", "pdf"]


# The data-exchange axis between our desk and the demo population service (issue 17).
from tests.exchange.conftest import axis, provider_process  # noqa: E402, F401
