"""Incoming documents, who handles them, and what happened to them.

An incoming document (văn bản đến) is entered in its unit's incoming register with
the next number of the year (Decree 30/2020/NĐ-CP, Article 22: from 01 on 1 January;
``core.registers.take_number``, in the same transaction as the row, so a rolled-back
registration gives its number back and the register has no gaps). The leader assigns
it — one unit or person leads, others co-ordinate or are informed — with a deadline in
working days; each assignment is done on its own, and the document is done when the
lead's part is.

An outgoing document (văn bản đi) is drafted, reviewed along a chain the drafter
chooses, signed by the leader with their own certificate, then numbered in the unit's
outgoing register for its kind and signed by the organisation (Decree 30, Articles
12–16 and Appendix I), and sent: over the exchange axis as edXML, by e-mail, and to the
public page when it is public.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import OrgUnit
from tinhso.documents import doctypes
from tinhso.documents.choices import (
    AssignmentState,
    Channel,
    DeliveryChannel,
    DeliveryState,
    Field,
    HandlingRole,
    IncomingState,
    NoteKind,
    OutgoingEvent,
    OutgoingState,
    ReviewState,
    Secrecy,
    Urgency,
)

# The incoming register's book in core's IssueRegister (one counter per unit a year).
INCOMING_BOOK = "DEN"


def incoming_upload_path(document: IncomingDocument, filename: str) -> str:
    # A random name: the file is served only through the permission-checked view.
    return f"documents/incoming/{document.year}/{uuid.uuid4().hex}.pdf"


class IncomingDocument(models.Model):
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="incoming_documents",
        verbose_name=_("đơn vị nhận"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số đến"))
    received_at = models.DateTimeField(_("ngày đến"), default=timezone.now)
    channel = models.CharField(_("hình thức"), max_length=12, choices=Channel.choices)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300)
    issuer_code = models.CharField(_("mã định danh cơ quan ban hành"), max_length=40, blank=True)
    notation = models.CharField(_("số, ký hiệu"), max_length=80)
    kind = models.CharField(_("loại văn bản"), max_length=8, choices=doctypes.CHOICES)
    issued_on = models.DateField(_("ngày ban hành"))
    subject = models.TextField(_("trích yếu"), max_length=2000)
    field = models.CharField(
        _("lĩnh vực"), max_length=14, choices=Field.choices, default=Field.GENERAL
    )
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    secrecy = models.CharField(
        _("độ mật"), max_length=12, choices=Secrecy.choices, default=Secrecy.NONE
    )
    file = models.FileField(_("tệp văn bản"), upload_to=incoming_upload_path, max_length=300)
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    # The PDF's text layer (or, for a scan, what OCR read), for search; folded: without
    # accents and in lower case, so "quyet dinh" finds "Quyết định".
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=IncomingState.choices,
        default=IncomingState.REGISTERED,
    )
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Arrived electronically (edXML): the sender's document id, to which the status
    # reports refer, and what the signature check of the PDF found.
    sender_document_id = models.UUIDField(null=True, blank=True)
    signature_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="one_incoming_number_a_year"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "state", "deadline"]),
            models.Index(fields=["notation", "issued_on"]),
            # The register's order: the newest first page without sorting every match.
            models.Index(fields=["-received_at"], name="documents_incoming_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} — {self.notation}"

    @property
    def kind_name(self) -> str:
        kind = doctypes.BY_CODE.get(self.kind)
        return str(kind.name) if kind else self.kind

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NONE

    def is_late(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.deadline is not None and self.state != IncomingState.DONE and self.deadline < today
        )


def arrival_upload_path(arrival: ArrivedPackage, filename: str) -> str:
    return f"documents/arrived/{uuid.uuid4().hex}.pdf"


class ArrivalState(models.TextChoices):
    WAITING = "waiting", _("Chờ vào sổ")
    REGISTERED = "registered", _("Đã vào sổ")
    REFUSED = "refused", _("Đã từ chối tiếp nhận")


class ArrivedPackage(models.Model):
    """A document another agency's system sent over the axis (edXML), waiting for the
    receiving unit's clerk: Decree 30 has every incoming document registered by the
    clerk, electronic ones too. One per sender's document and receiving unit, whatever
    number of times it is delivered."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="arrived_packages")
    sender_code = models.CharField(max_length=40)
    sender_name = models.CharField(max_length=300, blank=True)
    sender_system = models.CharField(max_length=300, blank=True)  # the axis's client id
    package_id = models.UUIDField()  # the sender's DocumentId
    notation = models.CharField(max_length=80)
    kind = models.CharField(max_length=8, blank=True)
    issued_on = models.DateField()
    subject = models.TextField(max_length=2000)
    urgency = models.CharField(max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.CharField(max_length=12, choices=Secrecy.choices, default=Secrecy.NONE)
    signer = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to=arrival_upload_path, max_length=300, blank=True)
    signature_note = models.CharField(max_length=300, blank=True)
    arrived_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=12, choices=ArrivalState.choices, default=ArrivalState.WAITING
    )
    document = models.OneToOneField(
        IncomingDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="arrival"
    )
    refusal = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-arrived_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "sender_code", "package_id"], name="one_arrival_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notation} ({self.sender_code})"


class ReceivedStatus(models.Model):
    """A status report (edXML Status) another agency's system sent about a document we
    issued: received, registered, assigned, done."""

    document_id = models.UUIDField(db_index=True)
    reporter_code = models.CharField(max_length=40)
    reporter_name = models.CharField(max_length=300, blank=True)
    code = models.CharField(max_length=2)
    description = models.CharField(max_length=500, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.reporter_code}: {self.code}"


class Assignment(models.Model):
    """One unit's or one person's part in handling a document."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_assignments",
        verbose_name=_("cán bộ"),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_assignments",
        verbose_name=_("phòng, ban"),
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=HandlingRole.choices)
    deadline = models.DateField(_("hạn"), null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=AssignmentState.choices, default=AssignmentState.OPEN
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    # When its holders were reminded (documents/reminders.py): once before the deadline,
    # once after it.
    reminded_at = models.DateTimeField(null=True, blank=True)
    late_reminded_at = models.DateTimeField(null=True, blank=True)
    # Who passed it on (a handler forwarding to a colleague), when not the leader.
    forwarded_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(org_unit__isnull=False),
                name="assignment_has_a_holder",
            ),
            # One lead per document at a time.
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(role="lead", state="open"),
                name="one_open_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.holder_label}"

    @property
    def holder_label(self) -> str:
        if self.user is not None:
            return self.user.full_name or str(self.user)
        return self.org_unit.name if self.org_unit else ""

    def is_late(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.deadline is not None
            and self.state == AssignmentState.OPEN
            and self.role != HandlingRole.INFORM
            and self.deadline < today
        )


class DocumentNote(models.Model):
    """A line of the document's history: registered, assigned, an opinion, done."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=12, choices=NoteKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y})"


def outgoing_upload_path(document: OutgoingDocument, filename: str) -> str:
    suffix = ".docx" if filename.lower().endswith(".docx") else ".pdf"
    return f"documents/outgoing/{uuid.uuid4().hex}{suffix}"


class OutgoingDocument(models.Model):
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
        verbose_name=_("cơ quan ban hành"),
    )
    kind = models.CharField(_("loại văn bản"), max_length=8, choices=doctypes.CHOICES)
    subject = models.TextField(_("trích yếu"), max_length=2000)
    field = models.CharField(
        _("lĩnh vực"), max_length=14, choices=Field.choices, default=Field.GENERAL
    )
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    secrecy = models.CharField(
        _("độ mật"), max_length=12, choices=Secrecy.choices, default=Secrecy.NONE
    )
    # Published on the public page of documents once issued.
    public = models.BooleanField(_("công khai"), default=False)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=OutgoingState.choices, default=OutgoingState.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafted_documents"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The uploaded draft (DOCX or PDF) and the PDF everything after works on.
    source = models.FileField(upload_to=outgoing_upload_path, max_length=300)
    source_name = models.CharField(max_length=200, blank=True)
    draft_pdf = models.FileField(upload_to=outgoing_upload_path, max_length=300, blank=True)
    problem = models.CharField(max_length=500, blank=True)  # why converting failed
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_to_sign",
        verbose_name=_("người ký"),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_pdf = models.FileField(upload_to=outgoing_upload_path, max_length=300, blank=True)
    # Where the number, the date and the two signatures go (documents/appearance.py).
    layout = models.JSONField(default=dict, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    notation = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    final_pdf = models.FileField(upload_to=outgoing_upload_path, max_length=300, blank=True)
    pages = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    # The incoming document this one answers (a handler drafting the reply).
    in_reply_to = models.ForeignKey(
        IncomingDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("trả lời văn bản đến"),
    )
    # The id every edXML status report about it carries, and the public check's token.
    package_id = models.UUIDField(default=uuid.uuid4, unique=True)
    verify_token = models.CharField(max_length=40, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "number"], name="one_outgoing_number_a_year"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["public", "state", "-issued_at"]),
        ]

    def __str__(self) -> str:
        return self.notation or str(_("Dự thảo: %(subject)s") % {"subject": self.subject[:60]})

    @property
    def kind_name(self) -> str:
        kind = doctypes.BY_CODE.get(self.kind)
        return str(kind.name) if kind else self.kind

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NONE

    @property
    def current_pdf(self) -> models.fields.files.FieldFile:
        """The latest PDF: issued, else signed, else the draft."""
        for file in (self.final_pdf, self.signed_pdf, self.draft_pdf):
            if file:
                return file
        return self.draft_pdf


class ReviewStep(models.Model):
    """One person's turn in the draft's review chain, in order."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="reviews")
    position = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_reviews"
    )
    state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.WAITING
    )
    note = models.TextField(blank=True, max_length=4000)
    decided_at = models.DateTimeField(null=True, blank=True)
    # A draft goes round again after it is returned: each round its own steps.
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["round", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.reviewer}: {self.get_state_display()}"


class Delivery(models.Model):
    """The issued document on its way to one recipient."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=8, choices=DeliveryChannel.choices)
    code = models.CharField(max_length=40, blank=True)  # QCVN 102 identifier (axis)
    name = models.CharField(max_length=300)
    email = models.EmailField(blank=True)
    state = models.CharField(
        max_length=12, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    problem = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_state_display()}"


class OutgoingNote(models.Model):
    """A line of the outgoing document's history."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=12, choices=OutgoingEvent.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the person wrote (a reviewer's opinion) or the facts (a file's name, the
    # number): the words of the event itself come from ``kind``, in the reader's language.
    text = models.TextField(max_length=4000, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.text[:60]}"
