"""Programmes (when a station airs), airings (one programme slot or one emergency, as
it happened), the items each aired, and each targeted speaker's confirmation."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.broadcast.choices import AiringKind, AiringState
from tinhso.broadcast.models.content import Bulletin, Speaker, Station


class Programme(models.Model):
    """A recurring slot: "every day at 6:00 and 17:00, 30 minutes" is two programmes or
    one rule with BYHOUR=6,17. `rule` is an RFC 5545 RRULE (python-dateutil reads it);
    the first slot is `starts` (its time of day is every slot's)."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("tên chương trình"), max_length=200)
    rule = models.CharField(_("lịch lặp (RRULE)"), max_length=300)
    starts = models.DateTimeField(_("bắt đầu từ"))
    minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), default=30)
    skip_holidays = models.BooleanField(_("nghỉ ngày lễ, Tết"), default=False)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["station", "starts"]

    def __str__(self) -> str:
        return self.name


class Airing(models.Model):
    """One programme slot or one emergency, as aired. Unique per slot and per emergency
    bulletin: a restarted or second scheduler finds it and never airs it again."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="airings")
    kind = models.CharField(max_length=10, choices=AiringKind.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="airings"
    )
    bulletin = models.ForeignKey(  # the emergency's
        Bulletin, on_delete=models.PROTECT, null=True, blank=True, related_name="airings"
    )
    slot = models.DateTimeField()  # the programme slot's start, or the emergency's send
    state = models.CharField(max_length=10, choices=AiringState.choices, default=AiringState.ON_AIR)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slot"],
                condition=models.Q(kind="programme"),
                name="one_airing_per_slot",
            ),
            models.UniqueConstraint(
                fields=["bulletin"],
                condition=models.Q(kind="emergency"),
                name="one_live_airing_per_emergency",
            ),
        ]
        indexes = [models.Index(fields=["station", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.slot:%d/%m/%Y %H:%M}"


class AiringItem(models.Model):
    """A bulletin in an airing, in order; started/ended as the stream reached it. An item
    a crash cut short has no end and airs again from its start; an ended one never."""

    airing = models.ForeignKey(Airing, on_delete=models.CASCADE, related_name="items")
    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="aired")
    position = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["airing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["airing", "position"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.bulletin_id}"


class Reach(models.Model):
    """A speaker an airing was sent to: when it was told, when it confirmed playing."""

    airing = models.ForeignKey(Airing, on_delete=models.CASCADE, related_name="reach")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="reach")
    told_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    caught_up = models.BooleanField(default=False)  # it played later, on its return

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["airing", "speaker"], name="one_reach_per_speaker")
        ]

    def __str__(self) -> str:
        return f"{self.airing_id} → {self.speaker_id}"
