"""Incoming documents, who handles them, and what happened to them.

An incoming document (văn bản đến) is entered in its unit's incoming register with
the next number of the year (Decree 30/2020/NĐ-CP, Article 22: from 01 on 1 January;
``core.registers.take_number``, in the same transaction as the row, so a rolled-back
registration gives its number back and the register has no gaps). The leader assigns
it — one unit or person leads, others co-ordinate or are informed — with a deadline in
working days; each assignment is done on its own, and the document is done when the
lead's part is.
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
    HandlingRole,
    IncomingState,
    NoteKind,
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
