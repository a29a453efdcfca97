"""edXML: the package in which document-management systems send each other documents
and status reports (QCVN 102:2016/BTTTT, "Cấu trúc gói tin phục vụ kết nối các hệ
thống quản lý văn bản và điều hành", amended 2022).

The standard's own XSD could not be obtained here. This module is the one place that
maps our documents to its elements, as the standard's published structure describes
them (root ``edXML`` → ``edXMLEnvelope`` → ``edXMLHeader`` → ``MessageHeader`` or
``Status``; attachments listed in ``edXMLBody/edXMLManifest`` and carried base64-encoded
in ``AttachmentEncoded`` beside the envelope). Field by field:

MessageHeader (a document)
    From/OrganId, OrganName         the issuing unit's QCVN 102 identifier and name
    To/OrganId, OrganName           one ``To`` per recipient unit
    DocumentId                      ours: a UUID, the same in every status report
    Code/CodeNumber, CodeNotation   "15" and "QĐ-UBND" of "15/QĐ-UBND"
    PromulgationInfo/Place, PromulgationDate   "Tây Ninh", 2026-03-05 (ISO date)
    DocumentType/Type, TypeName     1 (administrative document), the kind's name;
                                    TypeDetail: our kind code (doctypes.py)
    Subject                         the trích yếu
    SignerInfo/Position, FullName   who signed
    OtherInfo/Priority              0 normal, 1 urgent, 2 very urgent, 3 express
    OtherInfo/SecurityLevel         our secrecy code (none, confidential, …)
Status (a report on a received document)
    ResponseFor/OrganId, Code, PromulgationDate, DocumentId   the document reported on
    From/OrganId, OrganName         who reports (the receiving unit)
    StatusCode                      STATUS below
    Description, Timestamp          a sentence for people; when (ISO date-time)

Parsing uses defusedxml (no entities, no external references: a package is someone
else's bytes) and refuses a package over ``MAX_BYTES`` or with more than
``MAX_ATTACHMENTS`` files before reading further.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
MAX_BYTES = 60 * 1_048_576
MAX_ATTACHMENTS = 20

# StatusCode (QCVN 102:2016 as amended): what happened to a document at the receiver.
RECEIVED = "01"  # đã đến: the receiving system has the package
REFUSED = "02"  # từ chối tiếp nhận
REGISTERED = "03"  # đã tiếp nhận: entered in the incoming register
ASSIGNED = "04"  # phân công
IN_PROGRESS = "05"  # đang xử lý
DONE = "06"  # hoàn thành
STATUS = {
    RECEIVED: "Đã đến",
    REFUSED: "Từ chối tiếp nhận",
    REGISTERED: "Đã tiếp nhận",
    ASSIGNED: "Phân công",
    IN_PROGRESS: "Đang xử lý",
    DONE: "Hoàn thành",
}
PRIORITY = {"normal": "0", "urgent": "1", "very_urgent": "2", "express": "3"}
URGENCY = {code: name for name, code in PRIORITY.items()}


@dataclass(frozen=True)
class Organ:
    code: str  # QCVN 102 identifier ("000.00.00.H99")
    name: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class Package:
    sender: Organ
    recipients: list[Organ]
    notation: str  # "15/QĐ-UBND"
    issued_on: dt.date
    kind: str  # our kind code
    kind_name: str
    subject: str
    place: str = ""
    signer_position: str = ""
    signer_name: str = ""
    urgency: str = "normal"
    secrecy: str = "none"
    document_id: uuid.UUID = field(default_factory=uuid.uuid4)
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class Status:
    document_id: uuid.UUID
    reporter: Organ  # the receiving unit
    about_sender: str  # the issuing unit's code
    notation: str
    issued_on: dt.date
    code: str  # STATUS
    description: str = ""
    at: dt.datetime | None = None


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, _tag(name))
    if text is not None:
        child.text = text
    return child


def _organ(parent: ET.Element, name: str, organ: Organ) -> None:
    element = _add(parent, name)
    _add(element, "OrganId", organ.code)
    _add(element, "OrganName", organ.name)


def _envelope() -> tuple[ET.Element, ET.Element, ET.Element]:
    ET.register_namespace("edXML", NS)
    root = ET.Element(_tag("edXML"))
    envelope = _add(root, "edXMLEnvelope")
    return root, envelope, _add(envelope, "edXMLHeader")


def _split_notation(notation: str) -> tuple[str, str]:
    number, _sep, symbol = notation.partition("/")
    return number, symbol


def build(package: Package) -> bytes:
    root, envelope, header = _envelope()
    message = _add(header, "MessageHeader")
    _organ(message, "From", package.sender)
    for recipient in package.recipients:
        _organ(message, "To", recipient)
    _add(message, "DocumentId", str(package.document_id))
    code = _add(message, "Code")
    number, symbol = _split_notation(package.notation)
    _add(code, "CodeNumber", number)
    _add(code, "CodeNotation", symbol)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", package.place)
    _add(promulgation, "PromulgationDate", package.issued_on.isoformat())
    kind = _add(message, "DocumentType")
    _add(kind, "Type", "1")
    _add(kind, "TypeDetail", package.kind)
    _add(kind, "TypeName", package.kind_name)
    _add(message, "Subject", package.subject)
    signer = _add(message, "SignerInfo")
    _add(signer, "Position", package.signer_position)
    _add(signer, "FullName", package.signer_name)
    other = _add(message, "OtherInfo")
    _add(other, "Priority", PRIORITY.get(package.urgency, "0"))
    _add(other, "SecurityLevel", package.secrecy)
    manifest = _add(_add(envelope, "edXMLBody"), "edXMLManifest")
    encoded = ET.SubElement(root, "AttachmentEncoded")
    for index, attachment in enumerate(package.attachments, start=1):
        reference = _add(manifest, "Reference")
        content_id = f"cid:{index}"
        _add(reference, "ContentId", content_id)
        _add(reference, "ContentType", attachment.content_type)
        _add(reference, "AttachmentName", attachment.name)
        item = ET.SubElement(encoded, "Attachment")
        ET.SubElement(item, "ContentId").text = content_id
        ET.SubElement(item, "ContentTransferEncoded").text = base64.b64encode(
            attachment.data
        ).decode()
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def build_status(status: Status) -> bytes:
    root, _envelope_element, header = _envelope()
    element = _add(header, "Status")
    about = _add(element, "ResponseFor")
    _add(about, "OrganId", status.about_sender)
    _add(about, "Code", status.notation)
    _add(about, "PromulgationDate", status.issued_on.isoformat())
    _add(about, "DocumentId", str(status.document_id))
    _organ(element, "From", status.reporter)
    _add(element, "StatusCode", status.code)
    _add(element, "Description", status.description or STATUS.get(status.code, ""))
    _add(element, "Timestamp", (status.at or dt.datetime.now(dt.UTC)).isoformat())
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


class BadPackage(ActionError):
    pass


def _root(data: bytes) -> ET.Element:
    if len(data) > MAX_BYTES:
        raise BadPackage(_("Gói tin edXML vượt quá %(mb)d MB.") % {"mb": MAX_BYTES // 1_048_576})
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        raise BadPackage(_("Gói tin không phải edXML hợp lệ.")) from None
    if root.tag != _tag("edXML"):
        raise BadPackage(_("Gói tin không phải edXML hợp lệ."))
    return root


def _text(parent: ET.Element | None, *path: str) -> str:
    node = parent
    for name in path:
        if node is None:
            return ""
        node = node.find(_tag(name))
    return (node.text or "").strip() if node is not None else ""


def _required(value: str, what: str) -> str:
    if not value:
        raise BadPackage(_("Gói tin edXML thiếu %(what)s.") % {"what": what})
    return value


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_required(value, what)[:10])
    except ValueError:
        raise BadPackage(_("Gói tin edXML có %(what)s không hợp lệ.") % {"what": what}) from None


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(_required(value, "DocumentId"))
    except ValueError:
        raise BadPackage(
            _("Gói tin edXML có %(what)s không hợp lệ.") % {"what": "DocumentId"}
        ) from None


def _header(root: ET.Element) -> ET.Element:
    header = root.find(f"{_tag('edXMLEnvelope')}/{_tag('edXMLHeader')}")
    if header is None:
        raise BadPackage(_("Gói tin edXML thiếu %(what)s.") % {"what": "edXMLHeader"})
    return header


def is_status(data: bytes) -> bool:
    return _header(_root(data)).find(_tag("Status")) is not None


def _attachments(root: ET.Element, envelope_manifest: ET.Element | None) -> list[Attachment]:
    named = {}
    references = (
        envelope_manifest.findall(_tag("Reference")) if envelope_manifest is not None else []
    )
    if len(references) > MAX_ATTACHMENTS:
        raise BadPackage(_("Gói tin có quá %(n)d tệp đính kèm.") % {"n": MAX_ATTACHMENTS})
    for reference in references:
        named[_text(reference, "ContentId")] = (
            _text(reference, "AttachmentName") or "van-ban",
            _text(reference, "ContentType") or "application/octet-stream",
        )
    found = []
    for item in root.iter("Attachment"):
        content_id = (item.findtext("ContentId") or "").strip()
        if content_id not in named:
            continue
        try:
            data = base64.b64decode(item.findtext("ContentTransferEncoded") or "", validate=True)
        except (binascii.Error, ValueError):
            raise BadPackage(_("Tệp đính kèm trong gói tin bị hỏng.")) from None
        name, content_type = named[content_id]
        found.append(Attachment(name[:200], content_type[:100], data))
    return found


def parse(data: bytes) -> Package:
    root = _root(data)
    message = _header(root).find(_tag("MessageHeader"))
    if message is None:
        raise BadPackage(_("Gói tin edXML thiếu %(what)s.") % {"what": "MessageHeader"})
    sender = Organ(
        _required(_text(message, "From", "OrganId"), "From/OrganId"),
        _text(message, "From", "OrganName"),
    )
    recipients = [
        Organ(_text(to, "OrganId"), _text(to, "OrganName"))
        for to in message.findall(_tag("To"))
        if _text(to, "OrganId")
    ]
    if not recipients:
        raise BadPackage(_("Gói tin edXML thiếu %(what)s.") % {"what": "To/OrganId"})
    number = _required(_text(message, "Code", "CodeNumber"), "CodeNumber")
    symbol = _text(message, "Code", "CodeNotation")
    priority = _text(message, "OtherInfo", "Priority")
    manifest = root.find(f"{_tag('edXMLEnvelope')}/{_tag('edXMLBody')}/{_tag('edXMLManifest')}")
    return Package(
        sender=sender,
        recipients=recipients,
        notation=f"{number}/{symbol}" if symbol else number,
        issued_on=_date(_text(message, "PromulgationInfo", "PromulgationDate"), "PromulgationDate"),
        kind=_text(message, "DocumentType", "TypeDetail"),
        kind_name=_text(message, "DocumentType", "TypeName"),
        subject=_required(_text(message, "Subject"), "Subject")[:2000],
        place=_text(message, "PromulgationInfo", "Place")[:100],
        signer_position=_text(message, "SignerInfo", "Position")[:200],
        signer_name=_text(message, "SignerInfo", "FullName")[:200],
        urgency=URGENCY.get(priority, "normal"),
        secrecy=_text(message, "OtherInfo", "SecurityLevel") or "none",
        document_id=_uuid(_text(message, "DocumentId")),
        attachments=_attachments(root, manifest),
    )


def parse_status(data: bytes) -> Status:
    root = _root(data)
    element = _header(root).find(_tag("Status"))
    if element is None:
        raise BadPackage(_("Gói tin edXML thiếu %(what)s.") % {"what": "Status"})
    code = _text(element, "StatusCode")
    if code not in STATUS:
        raise BadPackage(_("Gói tin edXML có %(what)s không hợp lệ.") % {"what": "StatusCode"})
    stamp = _text(element, "Timestamp")
    try:
        at = dt.datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        at = None
    return Status(
        document_id=_uuid(_text(element, "ResponseFor", "DocumentId")),
        reporter=Organ(
            _required(_text(element, "From", "OrganId"), "From/OrganId"),
            _text(element, "From", "OrganName"),
        ),
        about_sender=_text(element, "ResponseFor", "OrganId"),
        notation=_text(element, "ResponseFor", "Code"),
        issued_on=_date(_text(element, "ResponseFor", "PromulgationDate"), "PromulgationDate"),
        code=code,
        description=_text(element, "Description")[:500],
        at=at,
    )
