"""After the session: the minutes signed by the secretary and the chair, what is
published to the public archive, and the tasks the conclusions assigned."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import OrgUnit
from tinhso.meetings.choices import MinutesState, PublicationKind, TaskState
from tinhso.meetings.models.meeting import Meeting, MeetingDocument


def minutes_path(minutes: Minutes, filename: str) -> str:
    return f"meetings/minutes/{uuid.uuid4().hex}.pdf"


def published_path(publication: Publication, filename: str) -> str:
    return f"meetings/published/{uuid.uuid4().hex}.pdf"


class Minutes(models.Model):
    """Drafted from the session, edited by the secretary; the PDF is made when the
    secretary signs (the text is final from then on) and the chair signs it second."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("nội dung biên bản"), max_length=60000)
    state = models.CharField(
        max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    pdf = models.FileField(upload_to=minutes_path, max_length=300, blank=True)
    edited_at = models.DateTimeField(default=timezone.now)
    secretary_signed_at = models.DateTimeField(null=True, blank=True)
    chair_signed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Biên bản: {self.meeting}"


class Publication(models.Model):
    """A resolution, conclusion or minutes in the public archive: its own copy of the
    file, as published (a later version of the meeting's document does not change it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="publications")
    document = models.ForeignKey(
        MeetingDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=PublicationKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    file = models.FileField(upload_to=published_path, max_length=300)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="published_number_once")
        ]
        indexes = [models.Index(fields=["-issued_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class FollowUp(models.Model):
    """A task the conclusions assigned to a unit, with its deadline, tracked to done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="meeting_tasks", verbose_name=_("đơn vị")
    )
    due = models.DateField(_("hạn hoàn thành"))
    state = models.CharField(max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    report = models.CharField(_("kết quả thực hiện"), max_length=1000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["state", "due"])]

    def __str__(self) -> str:
        return self.title
