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
    load_reports(log)
    load_questions(log)


# (category, latitude, longitude, address, description, how far it got)
DEMO_REPORTS = [
    (
        "den-duong",
        11.300,
        106.150,
        "Trước số 12 Lê Lợi",
        "Đèn đường không sáng ba đêm nay.",
        "resolved",
    ),
    (
        "o-ga-mat-duong",
        11.290,
        106.250,
        "Đường Trần Phú",
        "Ổ gà sâu giữa đường, xe máy dễ ngã.",
        "in_progress",
    ),
    (
        "rac-thai",
        11.200,
        106.140,
        "Chợ Phú Mỹ",
        "Rác tồn đọng sau chợ nhiều ngày, bốc mùi.",
        "accepted",
    ),
    ("cay-xanh", 11.310, 106.160, "Công viên trung tâm", "Cây xanh nghiêng sắp đổ sau bão.", "new"),
    (
        "ngap-nuoc",
        11.180,
        106.240,
        "Ngã ba Long Điền",
        "Mưa lớn ngập sâu 40 cm, nắp cống bị tắc.",
        "new",
    ),
    (
        "trat-tu",
        11.280,
        106.330,
        "Vỉa hè đường Nguyễn Huệ",
        "Quán lấn chiếm hết vỉa hè, người đi bộ phải xuống lòng đường.",
        "new",
    ),
]


# The answers the demo gives to every category's required questions.
DEMO_ATTRIBUTES = {"size": "large", "blocking": "yes"}


def _demo_photo(seed: int) -> Any:
    """A drawn picture standing in for a citizen's photo (no files shipped for the demo)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (120 + seed * 20, 120, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 800, 600), fill=(70, 70, 75))
    draw.ellipse((300, 440, 520, 520), fill=(40, 35, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def load_reports(log: Any) -> None:
    """A few reports across the communes, handled through the actions."""
    from tinhso.accounts.choices import Role
    from tinhso.accounts.models import User
    from tinhso.reports import actions
    from tinhso.reports.models import Report

    if Report.objects.exists():
        log("Phản ánh demo: đã có, bỏ qua")
        return
    citizen = User.objects.filter(phone="+84912000001").first()
    if citizen is None:
        log("Phản ánh demo: thiếu tài khoản người dân demo, bỏ qua")
        return
    made = 0
    for code, lat, lon, address, text, stage in DEMO_REPORTS:
        category = Category.objects.filter(code=code).first()
        if category is None:
            continue
        report = actions.do_submit_report(
            category=category,
            reporter=citizen,
            latitude=lat,
            longitude=lon,
            address=address,
            description=text,
            show_name=made % 2 == 0,
            attributes=DEMO_ATTRIBUTES,
            photos=[_demo_photo(made)] if category.requires_photo else [],
        )
        made += 1
        handler = User.objects.filter(
            memberships__role__in=(Role.SPECIALIST, Role.APPROVER),
            memberships__org_unit__in=report.unit.ancestor_ids(),
        ).first()
        if handler is None:
            continue
        steps = {"accepted": ["accepted"], "in_progress": ["accepted", "in_progress"]}
        steps["resolved"] = [*steps["in_progress"], "resolved"]
        for status in steps.get(stage, []):
            note = "Đã thay bóng đèn mới." if status == "resolved" else ""
            report = actions.do_set_status(report, status, acting_user=handler, note=note)
    log(f"Phản ánh demo: tạo {made}")


DEMO_QUESTIONS = [
    (
        "Đăng ký khai sinh cho con cần giấy tờ gì?",
        "Con tôi sinh ở bệnh viện tỉnh, tôi cần mang những giấy tờ gì để đăng ký khai sinh?",
        "Bạn cần giấy chứng sinh do bệnh viện cấp và giấy tờ tùy thân của cha hoặc mẹ. "
        "Có thể nộp trực tuyến trên Tỉnh số, mục Dịch vụ công.",
    ),
    (
        "Thời gian cấp giấy phép xây dựng nhà ở riêng lẻ là bao lâu?",
        "Tôi muốn xây nhà 3 tầng ở phường, hồ sơ giấy phép xây dựng mất bao lâu?",
        "Thời hạn giải quyết là 15 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.",
    ),
]


def load_questions(log: Any) -> None:
    from tinhso.accounts.choices import Role
    from tinhso.accounts.models import User
    from tinhso.core.models import OrgUnit
    from tinhso.reports import questions
    from tinhso.reports.models import Question

    if Question.objects.exists():
        log("Hỏi đáp demo: đã có, bỏ qua")
        return
    citizen = User.objects.filter(phone="+84912000001").first()
    committee = OrgUnit.objects.filter(identifier="000.01.00.H99").first()
    official = User.objects.filter(
        memberships__role=Role.SPECIALIST, memberships__org_unit=committee
    ).first()
    if citizen is None or committee is None or official is None:
        log("Hỏi đáp demo: thiếu tài khoản demo, bỏ qua")
        return
    for title, body, answer in DEMO_QUESTIONS:
        question = questions.do_ask_question(asker=citizen, title=title, body=body, unit=committee)
        questions.do_answer_question(question, acting_user=official, answer=answer, publish=True)
    log(f"Hỏi đáp demo: tạo {len(DEMO_QUESTIONS)}")
