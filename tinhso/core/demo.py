"""Demo data for the platform: a fictional province, Bình An (code 99, H99)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinhso.core.choices import OrgUnitKind
from tinhso.core.importers import import_admin_units
from tinhso.core.models import AdminUnit, OrgUnit

DEMO_GEOJSON = Path(__file__).parent / "data" / "demo_province.geojson"

PROVINCE_CODE = "99"
PROVINCE_ORGS = [
    # identifier, name, kind, parent identifier
    ("000.00.00.H99", "Ủy ban nhân dân tỉnh Bình An", OrgUnitKind.PEOPLES_COMMITTEE, None),
    ("000.00.01.H99", "Văn phòng UBND tỉnh", OrgUnitKind.OFFICE, "000.00.00.H99"),
    (
        "000.00.30.H99",
        "Trung tâm Phục vụ hành chính công tỉnh",
        OrgUnitKind.ONE_STOP,
        "000.00.00.H99",
    ),
    ("000.00.31.H99", "Sở Tư pháp", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.32.H99", "Sở Xây dựng", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.33.H99", "Sở Nông nghiệp và Môi trường", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.34.H99", "Sở Tài chính", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.35.H99", "Sở Y tế", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.36.H99", "Sở Giáo dục và Đào tạo", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.37.H99", "Sở Khoa học và Công nghệ", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.38.H99", "Sở Nội vụ", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    ("000.00.39.H99", "Sở Công Thương", OrgUnitKind.DEPARTMENT, "000.00.00.H99"),
    (
        "000.00.40.H99",
        "Sở Văn hóa, Thể thao và Du lịch",
        OrgUnitKind.DEPARTMENT,
        "000.00.00.H99",
    ),
    ("000.00.50.H99", "Công an tỉnh", OrgUnitKind.POLICE, "000.00.00.H99"),
    ("000.00.51.H99", "Phòng Cảnh sát giao thông", OrgUnitKind.POLICE, "000.00.50.H99"),
]
# Where people are asked to come: printed on notices and letters (fictional).
PROVINCE_ORG_CONTACTS = {
    "000.00.30.H99": ("2 Trần Hưng Đạo, phường Bình An", "0299 3 822 000"),
    "000.00.51.H99": ("45 Nguyễn Trãi, phường Bình An", "0299 3 822 113"),
}


def commune_committee_identifier(index: int) -> str:
    """The People's Committee of the index-th commune (1-based, in code order).

    Its one-stop section is part of the committee, not a unit of its own: the
    receptionists hold their role in the committee.
    """
    return f"000.{index:02d}.00.H99"


def load(log: Any) -> None:
    result = import_admin_units(DEMO_GEOJSON)
    log(
        f"Đơn vị hành chính: tạo {result.created}, cập nhật {result.updated}, "
        f"giữ nguyên {result.unchanged}"
    )
    province = AdminUnit.objects.get(code=PROVINCE_CODE)
    created = 0
    by_id: dict[str, OrgUnit] = {o.identifier: o for o in OrgUnit.objects.all()}

    def ensure(identifier: str, name: str, kind: str, parent: str | None, area: AdminUnit):
        nonlocal created
        if identifier in by_id:
            return
        address, phone = PROVINCE_ORG_CONTACTS.get(identifier, ("", ""))
        org = OrgUnit(
            identifier=identifier,
            name=name,
            kind=kind,
            area=area,
            parent=by_id[parent] if parent else None,
            address=address,
            phone=phone,
        )
        org.save()
        by_id[identifier] = org
        created += 1

    for identifier, name, kind, parent in PROVINCE_ORGS:
        ensure(identifier, name, kind, parent, province)
    communes = province.children.filter(is_active=True).order_by("code")
    for index, commune in enumerate(communes, start=1):
        ensure(
            commune_committee_identifier(index),
            f"Ủy ban nhân dân {commune.name[0].lower()}{commune.name[1:]}",
            OrgUnitKind.PEOPLES_COMMITTEE,
            "000.00.00.H99",
            commune,
        )
    log(f"Cơ quan, đơn vị: tạo {created}, tổng {len(by_id)}")
