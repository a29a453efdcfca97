"""What the platform told each loudspeaker, and what the loudspeakers reported."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from tinhso.broadcast.choices import CommandState
from tinhso.broadcast.models.airing import Airing
from tinhso.broadcast.models.content import Speaker


class DeviceCommand(models.Model):
    """A command sent over MQTT; repeated (same id) until acknowledged, then closed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="commands")
    action = models.CharField(max_length=10)
    body = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=CommandState.choices, default=CommandState.SENT)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "last_sent_at"])]

    def __str__(self) -> str:
        return f"{self.action} → {self.speaker_id}"


class PlayLog(models.Model):
    """A speaker's own account: it played this URL (of this airing) from … to …."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="plays")
    airing = models.ForeignKey(
        Airing, on_delete=models.SET_NULL, null=True, blank=True, related_name="plays"
    )
    url = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["speaker", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.speaker_id}: {self.url}"


class DeviceProblem(models.Model):
    """A report the platform could not take (not JSON, another device's id…): kept for
    the installer, never acted on."""

    topic = models.CharField(max_length=200)
    detail = models.CharField(max_length=300)
    payload = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.detail
