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
    # The Icecast mount its programme streams on ("/binh-an").
    mount = models.SlugField(_("điểm phát"), max_length=60, unique=True)

    def __str__(self) -> str:
        return self.name


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
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["station", "state", "-created_at"])]

    def __str__(self) -> str:
        return self.title
