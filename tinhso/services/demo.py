"""Demo data for public services: the catalogue and a few dossiers at every stage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.core.models import OrgUnit, ProcedureField
from tinhso.services import actions, catalogue_demo, catalogue_demo_more
from tinhso.services.catalogue_demo_descriptions import DESCRIPTIONS
from tinhso.services.choices import SubmissionChannel
from tinhso.services.fields import fill_answering_units
from tinhso.services.models import (
    Dossier,
    Procedure,
    RequiredDocument,
    WorkflowStep,
)

PROCEDURES = [*catalogue_demo.PROCEDURES, *catalogue_demo_more.MORE]
FIELDS = {**catalogue_demo.FIELDS, **catalogue_demo_more.MORE_FIELDS}
FIELD_UNITS = {**catalogue_demo.FIELD_UNITS, **catalogue_demo_more.MORE_FIELD_UNITS}

PROVINCE_ONE_STOP = "000.00.30.H99"
# A one-page PDF with the text "Ban chup giay to (demo)", small enough to keep here.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 52>>stream\nBT /F1 14 Tf 20 70 Td (Ban chup giay to \\(demo\\)) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def step_days(total: int) -> tuple[Decimal, Decimal, Decimal]:
    """Split the legal time into reception, appraisal and approval shares."""
    reception = Decimal("0.5") if total >= 3 else Decimal(0)
    approval = Decimal(1) if total >= 3 else Decimal("0.5")
    return reception, max(Decimal(total) - reception - approval, Decimal("0.5")), approval


@transaction.atomic
def load_catalogue(log: Any) -> None:
    fields = {}
    units = {o.identifier: o for o in OrgUnit.objects.all()}
    for code, name in FIELDS.items():
        fields[code], _ = ProcedureField.objects.get_or_create(code=code, defaults={"name": name})
        if fields[code].unit_id is None and FIELD_UNITS[code] in units:
            fields[code].unit = units[FIELD_UNITS[code]]
            fields[code].save(update_fields=["unit"])
    created = 0
    for spec in PROCEDURES:
        description = DESCRIPTIONS.get(spec["name"], "")
        if Procedure.objects.filter(code=spec["code"]).exists():
            # A demo loaded before descriptions existed gets them.
            Procedure.objects.filter(code=spec["code"], description="").update(
                description=description
            )
            continue
        procedure = Procedure.objects.create(
            code=spec["code"],
            name=spec["name"],
            description=description,
            field=fields[spec["field"]],
            level=spec["level"],
            agency=units[spec["agency"]] if spec.get("agency") else None,
            processing_days=spec["days"],
            fee=spec["fee"],
            fee_note=spec.get("fee_note", ""),
            online_level=spec["online"],
            result_name=spec["result"],
            form_schema=spec["form"],
        )
        for order, (name, mandatory) in enumerate(spec["documents"], start=1):
            RequiredDocument.objects.create(
                procedure=procedure, name=name, mandatory=mandatory, order=order
            )
        reception, appraisal, approval = step_days(spec["days"])
        province = spec["level"] == "province"
        for order, name, role, days, unit in [
            (
                1,
                "Tiếp nhận hồ sơ",
                Role.RECEPTIONIST,
                reception,
                units[PROVINCE_ONE_STOP] if province else None,
            ),
            (2, "Thẩm định, xử lý", Role.SPECIALIST, appraisal, None),
            (3, "Phê duyệt, ký kết quả", Role.APPROVER, approval, None),
        ]:
            WorkflowStep.objects.create(
                procedure=procedure, order=order, name=name, role=role, days=days, org_unit=unit
            )
        created += 1
    fill_answering_units()
    log(f"Thủ tục hành chính: tạo {created}, tổng {Procedure.objects.count()}")


def load_dossiers(log: Any) -> None:
    """A handful of dossiers in Phường Bình An, at different stages, made through the actions."""
    if Dossier.objects.exists():
        log("Hồ sơ demo: đã có, bỏ qua")
        return
    citizen = User.objects.filter(phone="+84912000001").first()
    committee = OrgUnit.objects.filter(identifier="000.01.00.H99").first()
    staff = [
        User.objects.filter(memberships__role=role, memberships__org_unit=committee).first()
        for role in (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER)
    ]
    receptionist, specialist, approver = staff
    if citizen is None or committee is None or None in (receptionist, specialist, approver):
        log("Hồ sơ demo: thiếu tài khoản demo, bỏ qua")
        return
    assert receptionist and specialist and approver  # for the type checker
    plan = [
        ("1.001193.000.00.00.H99", "new"),
        ("2.000720.000.00.00.H99", "new"),
        ("1.000894.000.00.00.H99", "received"),
        ("1.009972.000.00.00.H99", "appraisal"),
        ("2.000815.000.00.00.H99", "approval"),
        ("1.004873.000.00.00.H99", "supplement"),
        ("1.000656.000.00.00.H99", "finished"),
        ("1.001193.000.00.00.H99", "returned"),
    ]
    for code, stage in plan:
        procedure = Procedure.objects.get(code=code)
        files = {
            doc.pk: [SimpleUploadedFile("giay-to.pdf", DEMO_PDF)]
            for doc in procedure.documents.filter(mandatory=True)
        }
        dossier = actions.do_submit_dossier(
            procedure=procedure,
            agency=committee,
            applicant=citizen,
            applicant_name=citizen.full_name,
            applicant_phone=citizen.phone,
            # As the demo population database knows her (tinhso/exchange/demo_provider.py).
            applicant_citizen_id="099190000004",
            form_data=_sample_form(procedure),
            files=files,
            channel=SubmissionChannel.ONLINE,
            acting_user=citizen,
        )
        if stage == "new":
            continue
        dossier = actions.do_receive(dossier, acting_user=receptionist)
        if stage == "received":
            continue
        dossier = actions.do_forward(dossier, acting_user=receptionist)
        if stage == "supplement":
            actions.do_request_supplement(
                dossier, acting_user=specialist, note="Bổ sung bản sao căn cước của người yêu cầu."
            )
            continue
        if stage == "appraisal":
            continue
        dossier = actions.do_forward(dossier, acting_user=specialist, note="Đủ điều kiện.")
        if stage == "approval":
            continue
        dossier = actions.do_finish(dossier, acting_user=approver)
        if stage == "finished":
            continue
        dossier = actions.do_return_result(dossier, acting_user=receptionist)
        actions.do_rate(dossier, 5, acting_user=citizen, comment="Cán bộ hướng dẫn tận tình.")
    log(f"Hồ sơ demo: tạo {len(plan)}")


def _sample_form(procedure: Procedure) -> dict[str, Any]:
    samples = {
        "text": "Nguyễn Văn An",
        "textarea": "Bán lẻ tạp hóa",
        "number": 2,
        "date": "2026-11-01",
        "citizen_id": "079090001234",
        "phone": "+84912000001",
        "email": "demo@example.vn",
    }
    # Answers that read like a real form: one name per person, a place for a place.
    by_name = {
        "child_name": "Nguyễn Minh Khang",
        "mother_name": "Trần Thị Hoa",
        "father_name": "Nguyễn Văn An",
        "full_name": "Nguyễn Văn An",
        "husband_name": "Nguyễn Văn An",
        "wife_name": "Lê Thị Mai",
        "birth_place": "Bệnh viện Đa khoa tỉnh Bình An",
        "address": "12 Lê Lợi, phường Bình An",
        "business_name": "Tạp hóa Minh An",
        "document_name": "Giấy khai sinh",
        "parcel": "125",
        "map_sheet": "18",
    }
    data: dict[str, Any] = {}
    for spec in procedure.form_schema:
        name = spec["name"]
        if spec["type"] == "choice":
            data[name] = spec["choices"][0]
        elif spec["type"] == "text" and name in by_name:
            data[name] = by_name[name]
        else:
            data[name] = samples[spec["type"]]
    return data


def load(log: Any) -> None:
    from django.core.management import call_command

    load_catalogue(log)
    # Demo signing certificates, so that finished demo dossiers carry signed results.
    call_command("make_demo_ca", stdout=_LogWriter(log))
    load_dossiers(log)


class _LogWriter:
    def __init__(self, log: Any) -> None:
        self.log = log

    def write(self, text: str) -> None:
        if text.strip():
            self.log(text.rstrip())
