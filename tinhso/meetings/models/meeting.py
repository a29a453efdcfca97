"""A meeting of a People's Committee, a People's Council or a department: who is
invited and what they answered, the agenda, the documents (each version kept), and
each reader's own notes on the pages.

Every meeting and every document has a code of its own (``code``): the QR code printed
on the programme and shown on the room's screen leads to ``/m/<code>/``, which opens it
after sign-in for those who may see it (the code is not a key: it only names it)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import OrgUnit
from tinhso.meetings.choices import (
    DocumentState,
    MeetingKind,
    MeetingState,
    ParticipantRole,
    Reply,
)


def new_code() -> str:
    return secrets.token_urlsafe(9)


class Meeting(models.Model):
    body = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("cơ quan họp")
    )
    kind = models.CharField(_("loại cuộc họp"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("tên cuộc họp"), max_length=300)
    term = models.CharField(_("khóa"), max_length=40, blank=True)
    session_number = models.PositiveSmallIntegerField(_("kỳ họp thứ"), null=True, blank=True)
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    room = models.CharField(_("phòng họp"), max_length=200, blank=True)
    online_link = models.URLField(_("đường dẫn họp trực tuyến"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chủ trì"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_recorded",
        verbose_name=_("thư ký"),
    )
    confidential = models.BooleanField(_("họp kín / tài liệu mật"), default=False)
    state = models.CharField(
        max_length=12, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    code = models.CharField(max_length=20, unique=True, default=new_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # In the room: what is being discussed, since when, and how long a speaker has.
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    speech_seconds = models.PositiveSmallIntegerField(
        _("thời gian mỗi lượt phát biểu (giây)"), default=300
    )
    # Bumped by every change the room's screens show (item, speakers, check-in, a vote
    # opened or closed): a screen that has seen this number has nothing to redraw.
    # Ballots do not bump it (500 at once would queue on this row); the screens read
    # the open vote's own counters.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "-starts_at"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("người trình bày"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), default=15)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Participant(models.Model):
    """A member or a guest: an account from the org tree, or an outsider reached by
    e-mail or phone."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=16, blank=True)
    role = models.CharField(max_length=8, choices=ParticipantRole.choices)
    reply = models.CharField(max_length=10, choices=Reply.choices, default=Reply.PENDING)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    deputy = models.CharField(_("người dự thay"), max_length=150, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="invited_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


def document_path(document: MeetingDocument, filename: str) -> str:
    suffix = ".docx" if filename.lower().endswith(".docx") else ".pdf"
    return f"meetings/{uuid.uuid4().hex}{suffix}"


class MeetingDocument(models.Model):
    """One version of one document of the meeting; a new version supersedes it and it
    stays, marked superseded, in the history."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("tên tài liệu"), max_length=300)
    source = models.FileField(upload_to=document_path, max_length=300)
    file = models.FileField(upload_to=document_path, max_length=300, blank=True)
    state = models.CharField(
        max_length=12, choices=DocumentState.choices, default=DocumentState.READY
    )
    problem = models.CharField(max_length=500, blank=True)
    pages = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    # Each page's text without accents, for search inside the session's documents
    # (which page a word is on).
    folded_pages = models.JSONField(default=list, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    code = models.CharField(max_length=20, unique=True, default=new_code)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item__position", "id"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


class PageNote(models.Model):
    """A reader's own note on a page: no one else sees it, the secretary included."""

    document = models.ForeignKey(MeetingDocument, on_delete=models.CASCADE, related_name="notes")
    page = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "at"]
        indexes = [models.Index(fields=["author", "document"])]

    def __str__(self) -> str:
        return f"p.{self.page}: {self.text[:40]}"
