"""`manage.py run_broadcasts`: airs each station's programmes and emergencies.

Every TICK the scheduler
1. holds its stations (a lease in the station's row, core/leases.py, as the cameras';
   one scheduler per station at a time, any number of processes);
2. takes the speakers' reports (devices.take) and acts on them — a speaker back online
   catches up on an emergency still valid, or rejoins the programme on air;
3. starts what is due: an approved emergency at once (its own Airing, unique per
   bulletin), a programme slot when its RRULE says (one Airing per slot: a database
   constraint), streaming it to Icecast and telling the speakers to play it;
4. ends what finished and tells the speakers to go back (the programme, or silence);
5. repeats commands no speaker acknowledged.

Everything that must survive a restart is in the database: an airing on air with no
stream in any process is taken up by whoever holds its station next — the slot goes on
with the items not yet aired (an item a crash cut short airs again from its start; an
ended one never), an emergency still valid is read again. SIGTERM stops the streams,
leaves the airings on air and frees the stations for the next scheduler.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from pathlib import Path

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tinhso.broadcast import devices, jingles
from tinhso.broadcast.choices import AiringKind, AiringState, BulletinState, Priority
from tinhso.broadcast.icecast import Source, emergency_mount
from tinhso.broadcast.models import Airing, AiringItem, Bulletin, Programme, Reach, Speaker, Station
from tinhso.core import leases
from tinhso.core.workdays import WorkCalendar

log = logging.getLogger(__name__)
LEASE = dt.timedelta(seconds=30)
TICK = 0.5
REPORTS_PER_BATCH = 2000


# --- Leases --------------------------------------------------------------------------
def hold_stations(worker: str, lease: dt.timedelta = LEASE) -> set[int]:
    """Renew this worker's leases and take the free stations; the stations it holds."""
    held = leases.renew(Station.objects.all(), worker, lease)
    return held | set(leases.take(Station.objects.all(), worker, lease, limit=200))


def release_stations(worker: str) -> None:
    leases.release(Station.objects.all(), worker)


# --- Programme slots -----------------------------------------------------------------
def current_slot(
    programme: Programme, now: dt.datetime, calendar: WorkCalendar
) -> dt.datetime | None:
    """The start of the programme's slot under way at `now`, if one is."""
    rule = rrulestr(programme.rule, dtstart=timezone.localtime(programme.starts))
    slot = rule.before(timezone.localtime(now), inc=True)
    if slot is None or now >= slot + dt.timedelta(minutes=programme.minutes):
        return None
    if programme.skip_holidays and slot.date() in calendar.holidays:
        return None
    return slot


def programme_items(programme: Programme, now: dt.datetime) -> list[Bulletin]:
    """What a slot airs: the station's approved bulletins valid now, placed in this
    programme or in none — priority ones first in the commune's order, then normal ones
    in the order they were approved."""
    bulletins = Bulletin.objects.filter(
        Q(programme__isnull=True) | Q(programme=programme),
        station=programme.station_id,
        state=BulletinState.APPROVED,
        priority__in=(Priority.PRIORITY, Priority.NORMAL),
        valid_from__lte=now,
        valid_until__gt=now,
    )
    return sorted(
        bulletins, key=lambda b: (b.priority != Priority.PRIORITY, b.rank, b.approved_at or now)
    )


def targets(bulletin: Bulletin) -> list[Speaker]:
    """The speakers in the bulletin's areas (none named: all of the station's)."""
    speakers = list(Speaker.objects.in_service().filter(station=bulletin.station_id))
    paths = [area.path for area in bulletin.areas.all()]
    if not paths:
        return speakers
    return [
        s for s in speakers if s.area is not None and any(s.area.path.startswith(p) for p in paths)
    ]


def in_emergency(station_id: int) -> set[int]:
    """The station's speakers an emergency on air holds (a programme leaves them be)."""
    live = Reach.objects.filter(
        airing__state=AiringState.ON_AIR,
        airing__kind=AiringKind.EMERGENCY,
        airing__station=station_id,
    )
    return set(live.values_list("speaker", flat=True))


# --- The scheduler -------------------------------------------------------------------
class Running:
    """An airing this process streams: its Source and the item rows it is reaching."""

    def __init__(self, airing: Airing, source: Source, items: list[AiringItem | None]) -> None:
        self.airing, self.source, self.items = airing, source, items
        self.reached: list[int] = []  # item indexes the stream started, not yet written
        self.lock = threading.Lock()

    def started_item(self, index: int) -> None:  # on the Source's thread
        with self.lock:
            self.reached.append(index)

    def take_reached(self) -> list[int]:
        with self.lock:
            reached, self.reached = self.reached, []
        return reached


class Scheduler:
    def __init__(self, worker: str, link: devices.Link) -> None:
        self.worker, self.link = worker, link
        self.running: dict[int, Running] = {}
        self.calendar = WorkCalendar.load()

    # One pass ------------------------------------------------------------------------
    def tick(self) -> None:
        held = hold_stations(self.worker)
        self._reports()
        for pk in list(self.running):
            running = self.running[pk]
            self._write_progress(running)
            if running.airing.station_id not in held:  # lease lost: another scheduler airs it
                running.source.stop()
                del self.running[pk]
            elif running.source.finished.is_set() or self._stopped(running.airing):
                self._end(running)
        now = timezone.now()
        for station in Station.objects.filter(pk__in=held):
            self._emergencies(station, now)
            self._programmes(station, now)
        devices.retry_due(self.link)

    def stop(self) -> None:
        """SIGTERM: streams stop, airings stay on air for whoever holds the stations next."""
        for running in self.running.values():
            running.source.stop()
        for running in self.running.values():
            running.source.join(timeout=5)
            self._write_progress(running)
        self.running.clear()
        release_stations(self.worker)

    # Reports -------------------------------------------------------------------------
    def _reports(self) -> None:
        batch: list[tuple[str, bytes]] = []
        while len(batch) < REPORTS_PER_BATCH:
            try:
                batch.append(self.link.inbox.get_nowait())
            except queue.Empty:
                break
        for event in devices.take_many(batch) if batch else []:
            if event.kind == "online":
                self._catch_up(event.speaker)
            elif event.kind == "ended" and event.airing_id:
                caught_up = Reach.objects.filter(
                    airing=event.airing_id, speaker=event.speaker, caught_up=True
                )
                if caught_up.exists():  # it finished an emergency it missed: back to the programme
                    self._resume(event.speaker)

    def _catch_up(self, speaker: Speaker) -> None:
        """A speaker back online: the emergency it missed, if still valid; else the
        programme on air."""
        now = timezone.now()
        missed = (
            Reach.objects.filter(
                speaker=speaker,
                confirmed_at__isnull=True,
                airing__kind=AiringKind.EMERGENCY,
                airing__bulletin__valid_until__gt=now,
                airing__bulletin__stopped_at__isnull=True,
            )
            .select_related("airing__bulletin")
            .order_by("-airing__started_at")
            .first()
        )
        if missed is not None:
            airing = missed.airing
            if airing.state == AiringState.ON_AIR and airing.pk in self.running:
                url = self._stream_url(emergency_mount(speaker.station.mount))
            else:
                url = settings.SITE_URL + jingles.catch_up_path(airing.bulletin)  # type: ignore[arg-type]
                missed.caught_up = True
            devices.send(
                self.link, speaker, "play", url=url, priority=Priority.EMERGENCY, airing=airing.pk
            )
            missed.told_at = now
            missed.save(update_fields=["told_at", "caught_up"])
            return
        self._resume(speaker)

    def _resume(self, speaker: Speaker) -> None:
        programme = self._programme_on_air(speaker.station_id)
        if programme is not None:
            self._tell(programme, [speaker], speaker.station.mount, Priority.NORMAL, force=True)
        else:
            devices.send(self.link, speaker, "stop", force=True)

    def _programme_on_air(self, station_id: int) -> Airing | None:
        for running in self.running.values():
            airing = running.airing
            if airing.station_id == station_id and airing.kind == AiringKind.PROGRAMME:
                return airing
        return None

    # Emergencies ---------------------------------------------------------------------
    def _emergencies(self, station: Station, now: dt.datetime) -> None:
        due = Bulletin.objects.filter(
            station=station,
            priority=Priority.EMERGENCY,
            state=BulletinState.APPROVED,
            stopped_at__isnull=True,
            valid_from__lte=now,
            valid_until__gt=now,
        ).exclude(airings__state__in=(AiringState.DONE, AiringState.STOPPED, AiringState.FAILED))
        for bulletin in due.order_by("approved_at"):
            airing = Airing.objects.filter(bulletin=bulletin, kind=AiringKind.EMERGENCY).first()
            if airing is not None and airing.pk in self.running:
                continue
            if airing is None:
                if self._emergency_on_air(station):
                    # One emergency mount per station, one emergency on a speaker at a
                    # time: the next (say the province's, sent to every commune) follows.
                    continue
                try:
                    with transaction.atomic():
                        airing = Airing.objects.create(
                            station=station, kind=AiringKind.EMERGENCY, bulletin=bulletin, slot=now
                        )
                except IntegrityError:  # another scheduler was quicker
                    continue
            items = [jingles.opening(station)] + [
                Path(bulletin.audio.path)
            ] * settings.BROADCAST_EMERGENCY_REPEAT
            items.append(jingles.closing(station))
            if self._stream(airing, emergency_mount(station.mount), items, [None] * len(items)):
                everyone = targets(bulletin)
                self._reach(airing, everyone, told=False)  # the offline ones catch up later
                online = [s for s in everyone if s.online]
                self._tell(airing, online, emergency_mount(station.mount), Priority.EMERGENCY)

    @staticmethod
    def _emergency_on_air(station: Station) -> bool:
        return Airing.objects.filter(
            station=station, kind=AiringKind.EMERGENCY, state=AiringState.ON_AIR
        ).exists()

    # Programmes ----------------------------------------------------------------------
    def _programmes(self, station: Station, now: dt.datetime) -> None:
        for programme in Programme.objects.filter(station=station, active=True):
            slot = current_slot(programme, now, self.calendar)
            if slot is None:
                continue
            airing = Airing.objects.filter(
                programme=programme, slot=slot, kind=AiringKind.PROGRAMME
            ).first()
            if airing is None:
                airing = self._new_programme_airing(programme, slot, now)
                if airing is None:
                    continue
            if airing.state != AiringState.ON_AIR or airing.pk in self.running:
                continue
            rows = list(airing.items.filter(ended_at__isnull=True).select_related("bulletin"))
            fresh = not airing.items.exclude(started_at=None).exists()
            items: list[Path] = ([jingles.opening(station)] if fresh else []) + [
                Path(r.bulletin.audio.path) for r in rows
            ]
            rows_for: list[AiringItem | None] = ([None] if fresh else []) + list(rows)
            items.append(jingles.closing(station))
            rows_for.append(None)
            if self._stream(airing, station.mount, items, rows_for):
                busy = in_emergency(station.pk)
                free = list(station.speakers.in_service().filter(online=True).exclude(pk__in=busy))
                self._tell(airing, free, station.mount, Priority.NORMAL)

    def _reach(self, airing: Airing, speakers: list[Speaker], told: bool) -> None:
        Reach.objects.bulk_create(
            (Reach(airing=airing, speaker=s) for s in speakers), ignore_conflicts=True
        )
        if told:
            Reach.objects.filter(airing=airing, speaker__in=speakers, told_at__isnull=True).update(
                told_at=timezone.now()
            )

    def _tell(self, airing: Airing, speakers: list[Speaker], mount: str, priority: str,
              force: bool = False) -> None:  # fmt: skip
        """Speakers told to play a mount for an airing, all at once; their reach kept."""
        self._reach(airing, speakers, told=True)
        extra = {"force": True} if force else {}
        devices.send_many(self.link, speakers, "play", url=self._stream_url(mount),
                          priority=priority, airing=airing.pk, **extra)  # fmt: skip

    @transaction.atomic
    def _new_programme_airing(
        self, programme: Programme, slot: dt.datetime, now: dt.datetime
    ) -> Airing | None:
        items = programme_items(programme, now)
        try:
            with transaction.atomic():
                airing = Airing.objects.create(
                    station=programme.station,
                    kind=AiringKind.PROGRAMME,
                    programme=programme,
                    slot=slot,
                )
        except IntegrityError:
            return None
        if not items:
            airing.state, airing.ended_at, airing.detail = (
                AiringState.DONE,
                now,
                "no bulletin to air",
            )
            airing.save(update_fields=["state", "ended_at", "detail"])
            return airing
        AiringItem.objects.bulk_create(
            AiringItem(airing=airing, bulletin=b, position=n) for n, b in enumerate(items, start=1)
        )
        return airing

    # Streams -------------------------------------------------------------------------
    def _stream_url(self, mount: str) -> str:
        return f"{settings.BROADCAST_STREAM_URL.rstrip('/')}/{mount}"

    def _stream(
        self, airing: Airing, mount: str, items: list[Path], rows: list[AiringItem | None]
    ) -> bool:
        """Start streaming; True once Icecast took it (then the speakers may be told)."""
        source = Source(
            settings.ICECAST_URL,
            settings.ICECAST_SOURCE_PASSWORD,
            mount,
            items,
            name=str(airing.station),
        )
        running = Running(airing, source, rows)
        source.on_item = running.started_item
        source.start()
        deadline = time.monotonic() + 5
        while (
            not (source.connected.is_set() or source.finished.is_set())
            and time.monotonic() < deadline
        ):
            source.finished.wait(0.05)
        if not source.connected.is_set():
            source.join(timeout=1)
            log.warning("airing %s: Icecast did not take /%s: %s", airing.pk, mount, source.error)
            airing.detail = (source.error or "Icecast did not answer")[:300]
            airing.save(update_fields=["detail"])
            return False  # tried again next tick
        self.running[airing.pk] = running
        return True

    def _write_progress(self, running: Running) -> None:
        now = timezone.now()
        for index in running.take_reached():
            previous = [
                row for row in running.items[:index] if row is not None and row.ended_at is None
            ]
            for row in previous:
                row.ended_at = now
                row.save(update_fields=["ended_at"])
            reached = running.items[index]
            if reached is not None:
                reached.started_at = now
                reached.save(update_fields=["started_at"])

    def _stopped(self, airing: Airing) -> bool:
        return (
            airing.kind == AiringKind.EMERGENCY
            and Bulletin.objects.filter(airings=airing, stopped_at__isnull=False).exists()
        )

    def _end(self, running: Running) -> None:
        airing, source = running.airing, running.source
        stopped = not source.finished.is_set()
        source.stop()
        source.join(timeout=5)
        self._write_progress(running)
        now = timezone.now()
        if not stopped:
            for row in running.items:
                if row is not None and row.started_at and row.ended_at is None:
                    row.ended_at = now
                    row.save(update_fields=["ended_at"])
        airing.state = (
            AiringState.STOPPED
            if stopped
            else (AiringState.FAILED if source.error else AiringState.DONE)
        )
        airing.ended_at, airing.detail = now, source.error[:300]
        airing.save(update_fields=["state", "ended_at", "detail"])
        del self.running[airing.pk]
        told = Speaker.objects.filter(reach__airing=airing, online=True).select_related("station")
        if airing.kind == AiringKind.EMERGENCY:
            back = list(told)
            programme = self._programme_on_air(airing.station_id)
            if programme is not None:
                self._tell(programme, back, airing.station.mount, Priority.NORMAL, force=True)
            else:
                devices.send_many(self.link, back, "stop", force=True)
        else:
            busy = in_emergency(airing.station_id)
            devices.send_many(self.link, list(told.exclude(pk__in=busy)), "stop")
