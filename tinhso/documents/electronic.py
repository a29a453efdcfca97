"""Documents between agencies' systems over the exchange axis, as edXML (edxml.py).

Receiving: the platform's document system is a service on the axis
(``local:documents.edxml``, exchange/local.py; the demo registers it as
``…/QLVB/edoc``). Another agency's system POSTs a package to it; for each receiving
unit here the package becomes an ``ArrivedPackage`` waiting for that unit's clerk, once
— a package delivered again (the axis retries until it has an answer) changes nothing.
Its PDF's signature is checked on arrival and shown to the clerk.

Telling the sender: every step (arrived 01, registered 03 or refused 02, assigned 04,
done 06) is queued on the axis as an edXML status report to the sender's own document
service — the service coded ``DOCUMENTS_EDXML_SERVICE_CODE`` ("edoc") of the member
whose code is the sender's identifier — from our subsystem
``DOCUMENTS_EXCHANGE_SUBSYSTEM``. A sender with no such service on the axis is not
told (logged); nothing else waits for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.models import OrgUnit
from tinhso.core.signing import verify_pdf
from tinhso.documents import doctypes, edxml
from tinhso.documents.choices import DeliveryChannel, DeliveryState, Secrecy
from tinhso.documents.models import (
    ArrivedPackage,
    Delivery,
    IncomingDocument,
    OutgoingDocument,
    ReceivedStatus,
)
from tinhso.exchange import client, inbox, local
from tinhso.exchange.models import Service

log = logging.getLogger(__name__)

HANDLER = "documents.edxml"
JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=utf-8"


def _json(status: int, message: str) -> tuple[int, bytes, str]:
    return status, json.dumps({"message": message}, ensure_ascii=False).encode(), JSON


def signature_note(data: bytes) -> str:
    """What a clerk needs to know of a PDF's digital signature, in one line."""
    found = verify_pdf(data)
    if not found.signed:
        return _("Không có chữ ký số.")
    who = found.signer_name or found.signer
    if found.valid:
        return _("Chữ ký số hợp lệ: %(who)s.") % {"who": who}
    if not found.intact:
        return _("Chữ ký số KHÔNG hợp lệ: tệp đã bị sửa sau khi ký (%(who)s).") % {"who": who}
    return _("Chữ ký số của %(who)s chưa được tin cậy (không thuộc CA đã cấu hình).") % {"who": who}


def _first_pdf(package: edxml.Package) -> bytes:
    for attachment in package.attachments:
        if attachment.data.startswith(b"%PDF-"):
            return attachment.data
    return b""


def _arrive(
    package: edxml.Package, units: list[OrgUnit], sender_system: str
) -> list[ArrivedPackage]:
    pdf = _first_pdf(package)
    note = signature_note(pdf) if pdf else _("Gói tin không có tệp PDF.")
    made = []
    for unit in units:
        if ArrivedPackage.objects.filter(
            unit=unit, sender_code=package.sender.code, package_id=package.document_id
        ).exists():
            continue  # the same document sent again under another message id
        arrival = ArrivedPackage(
            unit=unit,
            sender_code=package.sender.code[:40],
            sender_name=package.sender.name[:300],
            sender_system=sender_system[:300],
            package_id=package.document_id,
            notation=doctypes.tidy_notation(package.notation)[:80],
            kind=package.kind if package.kind in doctypes.BY_CODE else "",
            issued_on=package.issued_on,
            subject=package.subject,
            urgency=package.urgency,
            secrecy=package.secrecy if package.secrecy in Secrecy.values else Secrecy.NONE,
            signer=" ".join(p for p in (package.signer_position, package.signer_name) if p)[:300],
            signature_note=note[:300],
        )
        if pdf:
            arrival.file.save("van-ban.pdf", ContentFile(pdf), save=False)
        arrival.save()
        made.append(arrival)
        tell_sender(arrival, edxml.RECEIVED)
    return made


# A status code → where our document stands at that recipient.
DELIVERY_STATE = {
    edxml.RECEIVED: DeliveryState.RECEIVED,
    edxml.REFUSED: DeliveryState.REFUSED,
    edxml.REGISTERED: DeliveryState.REGISTERED,
    edxml.ASSIGNED: DeliveryState.ASSIGNED,
    edxml.IN_PROGRESS: DeliveryState.IN_PROGRESS,
    edxml.DONE: DeliveryState.DONE,
}


def record_status(status: edxml.Status) -> None:
    """Keep a status report and move our delivery to that recipient on (a report that
    arrives late, "received" after "registered", does not move it back)."""
    ReceivedStatus.objects.create(
        document_id=status.document_id,
        reporter_code=status.reporter.code[:40],
        reporter_name=status.reporter.name[:300],
        code=status.code,
        description=status.description,
        reported_at=status.at,
    )
    state = DELIVERY_STATE.get(status.code)
    if state is None:
        return
    order = list(DELIVERY_STATE.values())
    earlier = [DeliveryState.QUEUED, DeliveryState.SENT, DeliveryState.FAILED]
    earlier += order[: order.index(state)] if state != DeliveryState.REFUSED else order
    Delivery.objects.filter(
        document__package_id=status.document_id,
        code=status.reporter.code,
        channel=DeliveryChannel.AXIS,
        state__in=earlier,
    ).update(state=state, changed_at=timezone.now(), problem=status.description[:500])


def _receive_status(data: bytes) -> tuple[int, bytes, str]:
    record_status(edxml.parse_status(data))
    return _json(200, _("Đã ghi nhận trạng thái."))


def receive(call: local.LocalCall) -> tuple[int, bytes, str]:
    """The handler of ``local:documents.edxml``: a package or a status report."""
    if call.method != "POST":
        return _json(405, _("Gửi gói tin edXML bằng POST."))
    try:
        if edxml.is_status(call.body):
            first, answer = inbox.receive_once(
                str(call.message_id), HANDLER, lambda: _receive_status(call.body)
            )
            return answer if first and answer else _json(200, _("Đã ghi nhận trạng thái."))
        package = edxml.parse(call.body)
    except edxml.BadPackage as bad:
        return _json(400, bad.message)
    units = list(OrgUnit.objects.filter(identifier__in=[r.code for r in package.recipients]))
    if not units:
        return _json(404, _("Không có đơn vị nhận nào của gói tin trên hệ thống này."))
    # Two deliveries at once: the unique arrival lets one in; the other changes nothing.
    with contextlib.suppress(IntegrityError):
        inbox.receive_once(
            str(call.message_id), HANDLER, lambda: _arrive(package, units, call.client)
        )
    report = edxml.Status(
        document_id=package.document_id,
        reporter=edxml.Organ(units[0].identifier, units[0].name),
        about_sender=package.sender.code,
        notation=package.notation,
        issued_on=package.issued_on,
        code=edxml.RECEIVED,
    )
    return 200, edxml.build_status(report), XML


def sender_service(code: str) -> Service | None:
    return (
        Service.objects.select_related("subsystem__member")
        .filter(
            subsystem__member__code=code,
            code=settings.DOCUMENTS_EDXML_SERVICE_CODE,
            is_active=True,
            subsystem__is_active=True,
        )
        .first()
    )


def tell_sender(arrival: ArrivedPackage, code: str, description: str = "") -> bool:
    """Queue a status report to the document's sender (in the caller's transaction);
    False when the sender has no document service on the axis. A sender on this
    platform has it recorded at once."""
    report = edxml.Status(
        document_id=arrival.package_id,
        reporter=edxml.Organ(arrival.unit.identifier, arrival.unit.name),
        about_sender=arrival.sender_code,
        notation=arrival.notation,
        issued_on=arrival.issued_on,
        code=code,
        description=description,
        at=timezone.now(),
    )
    if OrgUnit.objects.filter(identifier=arrival.sender_code).exists():
        record_status(report)
        return True
    problem = queue_to(arrival.sender_code, edxml.build_status(report))
    if problem:
        log.info("status %s for %s not sent: %s", code, arrival.package_id, problem)
        return False
    return True


def queue_to(code: str, body: bytes) -> str:
    """Queue edXML to the document service of the agency ``code`` on the axis, from our
    subsystem (in the caller's transaction): "" when queued, else why not, in words."""
    service = sender_service(code)
    if service is None or not settings.DOCUMENTS_EXCHANGE_SUBSYSTEM:
        return _("Cơ quan này chưa kết nối hệ thống văn bản với trục liên thông.")
    try:
        client.queue(settings.DOCUMENTS_EXCHANGE_SUBSYSTEM, str(service.identifier), body, path="/")
    except client.Unavailable as refused:
        return str(refused)
    return ""


def tell_sender_of(document: IncomingDocument, code: str) -> None:
    """A step on a document that arrived electronically: its sender is told."""
    arrival = getattr(document, "arrival", None) if document.sender_document_id else None
    if arrival is not None:
        tell_sender(arrival, code)


def package_of(document: OutgoingDocument, recipients: list[edxml.Organ]) -> edxml.Package:
    with document.final_pdf.open("rb") as stored:
        pdf = stored.read()
    signer = document.signer
    return edxml.Package(
        sender=edxml.Organ(document.unit.identifier, document.unit.name),
        recipients=recipients,
        notation=document.notation,
        issued_on=document.issued_on or timezone.localdate(),
        kind=document.kind,
        kind_name=document.kind_name,
        subject=document.subject,
        place=document.unit.name,
        signer_position=document.signer_title,
        signer_name=signer.full_name if signer is not None else "",
        urgency=document.urgency,
        secrecy=document.secrecy,
        document_id=document.package_id,
        attachments=[
            edxml.Attachment(f"{document.notation.replace('/', '-')}.pdf", "application/pdf", pdf)
        ],
    )


def send(document: OutgoingDocument, deliveries: list[Delivery]) -> None:
    """Send an issued document to its axis recipients (in the caller's transaction).

    A unit on this platform gets it at once, as an arrival waiting for its clerk, the
    same as from another system; another agency's system through the axis, queued to
    its document service (the outbox retries). A recipient with neither is marked
    failed, with the reason, for the clerk to send another way."""
    here = {
        unit.identifier: unit
        for unit in OrgUnit.objects.filter(identifier__in=[d.code for d in deliveries])
    }
    if not deliveries:
        return
    whole = package_of(document, [])  # the file read once; one package per recipient
    for delivery in deliveries:
        package = dataclasses.replace(whole, recipients=[edxml.Organ(delivery.code, delivery.name)])
        if delivery.code in here:
            delivery.state = DeliveryState.SENT
            delivery.save(update_fields=["state"])
            _arrive(package, [here[delivery.code]], sender_system="")
            continue
        problem = queue_to(delivery.code, edxml.build(package))
        delivery.state = DeliveryState.FAILED if problem else DeliveryState.SENT
        delivery.problem = problem[:500]
        delivery.save(update_fields=["state", "problem"])


def install() -> None:
    local.register(HANDLER, receive)
