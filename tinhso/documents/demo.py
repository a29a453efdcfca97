"""The demo's incoming documents: the first commune's clerk has registered letters from
the province, a department and the district police; its chairwoman has assigned most of
them, one is secret, one is late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.core.demo import commune_committee_identifier
from tinhso.core.models import OrgUnit
from tinhso.core.sample_documents import administrative_pdf
from tinhso.documents import actions, edxml
from tinhso.documents.choices import Field, Secrecy, Urgency
from tinhso.documents.electronic import HANDLER
from tinhso.documents.models import ArrivedPackage, Assignment, IncomingDocument
from tinhso.exchange import actions as axis
from tinhso.exchange import client
from tinhso.exchange.models import AccessRight, Member, Service, Subsystem

PROVINCE = "000.00.00.H99"
POLICE = "000.00.50.H99"

# issuer, notation, kind, heading, subject, days ago, urgency, secrecy, assigned in days
LETTERS: list[tuple[str, str, str, str, str, int, str, str, int | None]] = [
    ("Ủy ban nhân dân tỉnh Bình An", "15/QĐ-UBND", "QĐ", "QUYẾT ĐỊNH",
     "phê duyệt kế hoạch chuyển đổi số năm 2026 của tỉnh Bình An", 9, Urgency.NORMAL,
     Secrecy.NONE, 10),
    ("Sở Nông nghiệp và Môi trường tỉnh Bình An", "412/SNNMT-TL", "CV", "",
     "chủ động phòng, chống hạn hán và xâm nhập mặn mùa khô 2026-2027", 6, Urgency.URGENT,
     Secrecy.NONE, 3),
    ("Ủy ban nhân dân tỉnh Bình An", "88/KH-UBND", "KH", "KẾ HOẠCH",
     "tổ chức Ngày hội chuyển đổi số cấp xã năm 2026", 4, Urgency.NORMAL, Secrecy.NONE, None),
    ("Công an tỉnh Bình An", "35/CAT-PV01", "CV", "",
     "rà soát, bảo vệ bí mật nhà nước trong cơ quan, đơn vị", 3, Urgency.NORMAL,
     Secrecy.CONFIDENTIAL, 5),
    ("Sở Nội vụ tỉnh Bình An", "120/GM-SNV", "GM", "GIẤY MỜI",
     "dự hội nghị tập huấn công tác văn thư, lưu trữ năm 2026", 1, Urgency.VERY_URGENT,
     Secrecy.NONE, None),
]  # fmt: skip
# The demo's documents' fields (lĩnh vực), by a word of their subject.
FIELDS = {
    "chuyển đổi số": Field.DIGITAL,
    "hạn hán": Field.AGRICULTURE,
    "thiên tai": Field.AGRICULTURE,
    "bí mật": Field.SECURITY,
    "văn thư": Field.ORGANISATION,
    "tiếp công dân": Field.GENERAL,
    "Đề án 06": Field.DIGITAL,
    "hộ nghèo": Field.CULTURE,
    "công nghệ số": Field.DIGITAL,
}


def field_of(subject: str) -> str:
    return next((field for word, field in FIELDS.items() if word in subject), Field.GENERAL)


BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Căn cứ Nghị định "
    "số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; Đề nghị "
    "các cơ quan, đơn vị, địa phương triển khai thực hiện."
)


def _person(phone: str) -> User | None:
    return User.objects.filter(phone=phone).first()


def load(write: Callable[[str], Any]) -> None:
    unit = OrgUnit.objects.filter(identifier=commune_committee_identifier(1)).first()
    clerk, leader, specialist = (
        _person("+84901000015"),
        _person("+84901000013"),
        _person("+84901000012"),
    )
    if unit is None or clerk is None or leader is None or specialist is None:
        write("  (no first commune or its officials: skipped)")
        return
    if IncomingDocument.objects.filter(unit=unit).exists():
        write("  incoming documents already there")
        return
    assert clerk.memberships.filter(role=Role.CLERK).exists()
    today = timezone.localdate()
    for issuer, notation, kind, heading, subject, days_ago, urgency, secrecy, due in LETTERS:
        issued_on = today - dt.timedelta(days=days_ago + 2)
        document = actions.do_register_incoming(
            unit=unit,
            issuer=issuer,
            notation=notation,
            kind=kind,
            issued_on=issued_on,
            subject=subject[:1].upper() + subject[1:],
            field=field_of(subject),
            urgency=urgency,
            secrecy=secrecy,
            file_bytes=administrative_pdf(
                issuer=issuer,
                notation=notation,
                place="Bình An",
                issued_on=issued_on,
                kind_heading=heading,
                subject=subject,
                body=BODY,
            ),
            received_at=timezone.now() - dt.timedelta(days=days_ago),
            acting_user=clerk,
        )
        if due is not None:
            actions.do_assign(
                document,
                lead=actions.Holder(user=specialist),
                days=due,
                note="Đề nghị đồng chí tham mưu, báo cáo kết quả.",
                acting_user=leader,
            )
    # One is late: the drought letter's three days ran out (the demo moves its dates
    # back, as if it had been assigned a week ago).
    late = IncomingDocument.objects.get(unit=unit, notation="412/SNNMT-TL")
    past = today - dt.timedelta(days=2)
    IncomingDocument.objects.filter(pk=late.pk).update(deadline=past)
    Assignment.objects.filter(document=late).update(deadline=past)
    write(f"  {len(LETTERS)} incoming documents in {unit.name}")
    _on_the_axis(unit, write)
    _outgoing(unit, clerk, leader, specialist, write)


def _system(member: Member, code: str, name: str, base_url: str, admin: User) -> Service:
    subsystem = member.subsystems.filter(code=code).first() or axis.do_register_subsystem(
        member, code=code, name=name, acting_user=admin
    )
    return subsystem.services.filter(code="edoc").first() or axis.do_register_service(
        subsystem, code="edoc", name="Nhận văn bản điện tử (edXML)", base_url=base_url,
        acting_user=admin,
    )  # fmt: skip


def _grant(service: Service, client: Subsystem, admin: User) -> None:
    if not AccessRight.objects.filter(service=service, client=client).exists():
        axis.do_grant_access(service, client, method="POST", acting_user=admin)


def _on_the_axis(unit: OrgUnit, write: Callable[[str], Any]) -> None:
    """The province's document system and the police's on the exchange axis, and one
    document the police sent the commune, waiting for its clerk."""
    admin = _person("+84901000001")
    province = Member.objects.filter(code=PROVINCE).first()
    police = Member.objects.filter(code=POLICE).first()
    if admin is None or province is None or police is None:
        write("  (no exchange axis in the demo: no electronic documents)")
        return
    ours = _system(province, "QLVB", "Quản lý văn bản và điều hành", f"local:{HANDLER}", admin)
    theirs = _system(
        police,
        "QLVB",
        "Quản lý văn bản Công an tỉnh",
        settings.EXCHANGE_DEMO_PROVIDER_URL.rstrip("/") + "/edoc",
        admin,
    )
    _grant(ours, theirs.subsystem, admin)
    _grant(theirs, ours.subsystem, admin)
    if ArrivedPackage.objects.filter(unit=unit).exists():
        return
    issued_on = timezone.localdate() - dt.timedelta(days=1)
    subject = "tăng cường bảo đảm an ninh, trật tự dịp cuối năm"
    package = edxml.Package(
        sender=edxml.Organ(POLICE, "Công an tỉnh Bình An"),
        recipients=[edxml.Organ(unit.identifier, unit.name)],
        notation="512/CAT-PV01",
        issued_on=issued_on,
        kind="CV",
        kind_name="Công văn",
        subject=subject[:1].upper() + subject[1:],
        signer_position="Phó Giám đốc",
        signer_name="Nguyễn Văn Bình",
        urgency=Urgency.URGENT,
        attachments=[
            edxml.Attachment(
                "512-CAT-PV01.pdf",
                "application/pdf",
                administrative_pdf(
                    issuer="Công an tỉnh Bình An", notation="512/CAT-PV01", place="Bình An",
                    issued_on=issued_on, kind_heading="", subject=subject, body=BODY,
                    signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
                ),
            )
        ],
    )  # fmt: skip
    # Sent as the police's system would, through the axis (rights, signed log).
    client.call(
        str(theirs.subsystem.identifier),
        str(ours.identifier),
        "/",
        method="POST",
        body=edxml.build(package),
    )
    write("  one electronic document from the police waits for the clerk (edXML over the axis)")


# kind, heading, subject, how far it went, public, recipients (identifiers)
OUTGOING: list[tuple[str, str, str, str, bool, list[str]]] = [
    ("KH", "KẾ HOẠCH", "tổ chức Ngày hội chuyển đổi số cấp xã năm 2026", "issued", True,
     [PROVINCE, POLICE]),
    ("TB", "THÔNG BÁO", "lịch tiếp công dân định kỳ tháng 12 năm 2026", "issued", True, []),
    ("BC", "BÁO CÁO", "kết quả thực hiện Đề án 06 năm 2026", "issued", False, [PROVINCE]),
    ("QĐ", "QUYẾT ĐỊNH", "thành lập Tổ công nghệ số cộng đồng", "signed", False, []),
    ("CV", "", "rà soát hộ nghèo, hộ cận nghèo cuối năm 2026", "submitted", False, []),
    ("KH", "KẾ HOẠCH", "phòng, chống thiên tai và tìm kiếm cứu nạn năm 2027", "review",
     False, []),
    ("TB", "THÔNG BÁO", "kết luận cuộc họp giao ban tháng 11", "draft", False, []),
]  # fmt: skip


def _outgoing(
    unit: OrgUnit, clerk: User, leader: User, specialist: User, write: Callable[[str], Any]
) -> None:
    """Outgoing documents of the first commune at every step: issued (two public, sent
    to the province here and the police through the axis), signed and waiting for the
    clerk, waiting for the chairwoman's signature, in review, a draft."""
    from tinhso.core.pki import issue_person_certificate, person_key, person_p12_path, unit_p12_path
    from tinhso.core.registers import agency_abbreviation
    from tinhso.documents import outgoing
    from tinhso.documents.models import OutgoingDocument

    if OutgoingDocument.objects.filter(unit=unit).exists():
        return
    if not unit_p12_path(unit.identifier).exists():
        from django.core.management import call_command

        call_command("make_demo_ca")
    key = person_key(leader)
    if not person_p12_path(key).exists():
        issue_person_certificate(key, leader.full_name, settings.PLATFORM_NAME, unit.name)
    names = dict(OrgUnit.objects.values_list("identifier", "name"))
    names.setdefault(POLICE, "Công an tỉnh Bình An")
    for kind, heading, subject, step, public, recipients in OUTGOING:
        abbreviation = kind if kind != "CV" else ""
        suffix = f"{abbreviation}-" if abbreviation else ""
        drafter = clerk if step == "review" else specialist
        document = outgoing.do_draft_outgoing(
            unit=unit,
            kind=kind,
            subject=subject[:1].upper() + subject[1:],
            field=field_of(subject),
            public=public,
            file_bytes=administrative_pdf(
                issuer=unit.name, notation=f"      /{suffix}{agency_abbreviation(unit)}",
                place="Bình An", issued_on=None, kind_heading=heading, subject=subject,
                body=BODY, signer_title="CHỦ TỊCH", signer_name=leader.full_name,
            ),
            file_name=f"du-thao-{kind}.pdf",
            acting_user=drafter,
        )  # fmt: skip
        if step == "draft":
            continue
        outgoing.do_submit_outgoing(
            document,
            reviewers=[specialist] if step == "review" else [],
            signer=leader,
            signer_title="CHỦ TỊCH",
            acting_user=drafter,
        )
        if step in ("review", "submitted"):
            continue
        outgoing.sign_as(OutgoingDocument.objects.get(pk=document.pk), leader)
        if step == "signed":
            continue
        outgoing.do_issue_outgoing(
            document,
            recipients=[(code, names.get(code, code)) for code in recipients],
            emails=[],
            acting_user=clerk,
        )
    write(f"  {len(OUTGOING)} outgoing documents in {unit.name}")
