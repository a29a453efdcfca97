"""A station per commune (and the province's own), its IP loudspeakers, and the
bulletins it airs: written as text and read by the platform's TTS, or recorded — each
encoded once as loudness-normalised Opus (core/audio.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.broadcast.choices import BulletinState, Category, Priority, Source
from tinhso.core.models import AdminUnit, OrgUnit


class Station(models.Model):
    unit = models.OneToOneField(
        OrgUnit, on_delete=models.PROTECT, related_name="station", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên đài"), max_length=200)
    # The Icecast mount its programme streams on ("/binh-an"); emergencies on
    # "<mount>-khan-cap" (icecast.emergency_mount).
    mount = models.SlugField(_("điểm phát"), max_length=60, unique=True)
    # Played before and after each airing; none: the platform's chime (jingles.py).
    opening_jingle = models.FileField(upload_to="broadcast/jingles/", blank=True, max_length=200)
    closing_jingle = models.FileField(upload_to="broadcast/jingles/", blank=True, max_length=200)
    # Which run_broadcasts process airs it (a lease: core/leases.py).
    claimed_by = models.CharField(max_length=120, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class SpeakerQuerySet(models.QuerySet["Speaker"]):
    def in_service(self) -> SpeakerQuerySet:
        """Not taken down: what the programmes, the IOC's figures and the map count."""
        return self.filter(retired_at__isnull=True)


class Speaker(models.Model):
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="speakers")
    code = models.SlugField(_("mã thiết bị"), max_length=40, unique=True)
    name = models.CharField(_("tên cụm loa"), max_length=200)
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    model = models.CharField(_("kiểu thiết bị"), max_length=100, blank=True)
    cluster = models.CharField(_("cụm"), max_length=100, blank=True)
    area = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="speakers"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    online = models.BooleanField(default=False)
    last_seen = models.DateTimeField(null=True, blank=True)
    volume = models.PositiveSmallIntegerField(default=70)
    # What it reported playing (a stream or file URL), since when; its last error.
    playing = models.CharField(max_length=300, blank=True)
    playing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    # Its MQTT password, hashed as Mosquitto's password file wants it (credentials.py).
    mqtt_hash = models.CharField(max_length=200, blank=True)
    # Taken down (broken beyond repair, moved away): kept for the log's history, counted
    # nowhere, and without an account on the broker.
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["station", "code"]

    def __str__(self) -> str:
        return self.name


def audio_path(bulletin: Bulletin, filename: str) -> str:
    return f"broadcast/{uuid.uuid4().hex}.ogg"


class Bulletin(models.Model):
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("tiêu đề"), max_length=200)
    category = models.CharField(_("lĩnh vực"), max_length=10, choices=Category.choices)
    priority = models.CharField(
        _("mức ưu tiên"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    text = models.TextField(_("nội dung"), blank=True, max_length=5000)
    audio = models.FileField(upload_to=audio_path, max_length=200)
    seconds = models.FloatField(default=0)
    loudness = models.FloatField(default=0)  # LUFS as encoded
    # Where it is for: areas of the station's commune (none: all of it).
    areas = models.ManyToManyField(AdminUnit, blank=True, related_name="+")
    valid_from = models.DateTimeField(_("phát từ"), default=timezone.now)
    valid_until = models.DateTimeField(_("hết hiệu lực"))
    state = models.CharField(
        max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    reason = models.CharField(_("lý do trả lại"), max_length=300, blank=True)
    # None: sent by a source system (its name is the dispatch's).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Where the commune places it: one programme, or (none) every programme of the station;
    # among priority items the smaller rank airs first (the commune orders them).
    programme = models.ForeignKey(
        "broadcast.Programme", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="bulletins", verbose_name=_("chương trình"),
    )  # fmt: skip
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    # An emergency a leader ended early.
    stopped_at = models.DateTimeField(null=True, blank=True)
    # Sent from above to several stations at once (sources.py): this station's copy.
    dispatch = models.ForeignKey(
        "broadcast.Dispatch", on_delete=models.PROTECT, null=True, blank=True,
        related_name="bulletins",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["station", "state", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def sender_name(self) -> str:
        """Who wrote it: a person, or the source system that sent it."""
        if self.author_id is not None:
            return str(self.author.full_name)  # type: ignore[union-attr]
        return self.dispatch.sender_name if self.dispatch_id is not None else ""  # type: ignore[union-attr]
