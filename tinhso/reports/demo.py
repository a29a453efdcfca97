"""Demo report categories (Open311 services) for the demo province."""

from __future__ import annotations

from typing import Any

from tinhso.reports.models import Category

YES_NO = [{"key": "yes", "name": "Có"}, {"key": "no", "name": "Không"}]
CATEGORIES: list[dict[str, Any]] = [
    dict(
        code="den-duong",
        name="Đèn đường hỏng, không sáng",
        group="Hạ tầng đô thị",
        keywords="đèn, chiếu sáng, tối",
        days=3,
        photo=False,
        attributes=[
            {
                "code": "pole_number",
                "datatype": "string",
                "required": False,
                "description": "Số hiệu cột đèn (nếu thấy)",
                "order": 1,
            }
        ],
    ),
    dict(
        code="o-ga-mat-duong",
        name="Ổ gà, hư hỏng mặt đường",
        group="Giao thông",
        keywords="ổ gà, sụt lún, đường hư",
        days=5,
        photo=True,
        attributes=[
            {
                "code": "size",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "Kích thước",
                "order": 1,
                "values": [
                    {"key": "small", "name": "Nhỏ (dưới 50 cm)"},
                    {"key": "large", "name": "Lớn"},
                ],
            }
        ],
    ),
    dict(
        code="rac-thai",
        name="Rác thải, bãi rác tự phát",
        group="Môi trường",
        keywords="rác, xả thải, vệ sinh",
        days=3,
        photo=True,
        attributes=[],
    ),
    dict(
        code="ngap-nuoc",
        name="Ngập nước, cống thoát nước",
        group="Hạ tầng đô thị",
        keywords="ngập, cống, thoát nước",
        days=3,
        photo=False,
        attributes=[
            {
                "code": "depth_cm",
                "datatype": "number",
                "required": False,
                "description": "Độ sâu ước tính (cm)",
                "order": 1,
            }
        ],
    ),
    dict(
        code="cay-xanh",
        name="Cây xanh gãy đổ, che khuất",
        group="Hạ tầng đô thị",
        keywords="cây, nhánh, đổ",
        days=3,
        photo=False,
        attributes=[
            {
                "code": "blocking",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "Có cản trở giao thông không",
                "order": 1,
                "values": YES_NO,
            }
        ],
    ),
    dict(
        code="trat-tu",
        name="Trật tự đô thị, lấn chiếm vỉa hè",
        group="Trật tự",
        keywords="lấn chiếm, vỉa hè, buôn bán",
        days=5,
        photo=False,
        attributes=[],
    ),
    dict(
        code="bien-bao",
        name="Biển báo, đèn tín hiệu giao thông",
        group="Giao thông",
        keywords="biển báo, đèn giao thông",
        days=5,
        photo=False,
        unit="000.00.32.H99",
        attributes=[],
    ),
    dict(
        code="xay-dung-trai-phep",
        name="Xây dựng không phép, sai phép",
        group="Trật tự",
        keywords="xây dựng, trái phép",
        days=7,
        photo=True,
        attributes=[],
    ),
    dict(
        code="tieng-on",
        name="Tiếng ồn, karaoke",
        group="Môi trường",
        keywords="ồn, karaoke, loa",
        days=3,
        photo=False,
        attributes=[
            {
                "code": "hours",
                "datatype": "multivaluelist",
                "required": False,
                "description": "Thời gian",
                "order": 1,
                "values": [
                    {"key": "day", "name": "Ban ngày"},
                    {"key": "night", "name": "Ban đêm (22h–6h)"},
                ],
            }
        ],
    ),
    dict(
        code="cap-nuoc",
        name="Mất nước, vỡ ống cấp nước",
        group="Hạ tầng đô thị",
        keywords="nước, ống, mất nước",
        days=2,
        photo=False,
        attributes=[],
    ),
    dict(
        code="khac",
        name="Vấn đề khác",
        group="Khác",
        keywords="",
        days=5,
        photo=False,
        attributes=[],
    ),
]


def load(log: Any) -> None:
    from tinhso.core.models import OrgUnit

    created = 0
    for spec in CATEGORIES:
        unit = OrgUnit.objects.filter(identifier=spec.get("unit", "")).first()
        _category, made = Category.objects.get_or_create(
            code=spec["code"],
            defaults=dict(
                name=spec["name"],
                group=spec["group"],
                keywords=spec["keywords"],
                attributes=spec["attributes"],
                response_days=spec["days"],
                requires_photo=spec["photo"],
                responsible_unit=unit,
            ),
        )
        created += made
    log(f"Loại phản ánh: tạo {created}, tổng {Category.objects.count()}")
