"""The violation rules, on tracked reference points (pure: no video, no network).

- Red light: a track's reference point (the bottom centre of its box — where the
  vehicle meets the road, at the rear as the camera sees it from behind) crosses the
  stop line, within the line's extent, moving in the forbidden direction, while the
  signal is red. One violation per track.
- Illegal parking: a track stays still inside a no-parking polygon longer than the
  allowed time, within the zone's hours. A vehicle hidden for a while (a bus passing in
  front) keeps its dwell: a track that reappears where a lost one stood, within
  `gap_seconds`, continues its clock.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from shapely.geometry import LineString, Point, Polygon

Point2 = tuple[float, float]


@dataclass(frozen=True)
class Hit:
    kind: str  # red_light / illegal_parking
    track: int
    t: float  # seconds into the video or stream
    point: Point2


def signal_state(frame: np.ndarray, region: list[float]) -> str:
    """red / amber / green / unknown from the lit lamp's colour in the light's region."""
    x, y, w, h = (int(v) for v in region)
    crop = frame[max(0, y) : y + h, max(0, x) : x + w]
    if crop.size == 0:
        return "unknown"
    hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    lit = (sat > 90) & (val > 140)
    counts = {
        "red": int(np.count_nonzero(lit & ((hue < 10) | (hue > 170)))),
        "amber": int(np.count_nonzero(lit & (hue >= 12) & (hue <= 35))),
        "green": int(np.count_nonzero(lit & (hue >= 40) & (hue <= 95))),
    }
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0.02 * crop.shape[0] * crop.shape[1] else "unknown"


class RedLightRule:
    def __init__(self, stop_line: list[list[float]], forbidden_direction: list[float]) -> None:
        self.line = LineString(stop_line)
        dx, dy = forbidden_direction
        norm = math.hypot(dx, dy)
        self.direction = (dx / norm, dy / norm)
        self.last: dict[int, Point2] = {}
        self.reported: set[int] = set()

    def update(self, track: int, point: Point2, t: float, signal: str) -> Hit | None:
        previous, self.last[track] = self.last.get(track), point
        if previous is None or track in self.reported:
            return None
        moved = (point[0] - previous[0], point[1] - previous[1])
        forward = moved[0] * self.direction[0] + moved[1] * self.direction[1]
        if forward <= 0 or not LineString([previous, point]).intersects(self.line):
            return None
        if signal != "red":
            self.reported.add(track)  # crossed on green or amber: never this track again
            return None
        self.reported.add(track)
        return Hit("red_light", track, t, point)

    def forget(self, track: int) -> None:
        self.last.pop(track, None)


def _in_hours(hours: str, local: dt.datetime) -> bool:
    start, end = hours.split("-")
    now = local.strftime("%H:%M")
    return start <= now <= end if start <= end else now >= start or now <= end  # overnight


@dataclass
class _Dwell:
    zone: int
    since: float
    anchor: Point2
    last_seen: float
    reported: bool = False
    earlier: float | None = None  # when a lost track standing here began, if it is this one

    def started(self, t: float, confirm: float) -> float:
        """A vehicle merely passing where another stood is not that vehicle: the clock of
        a lost track carries over only once the new one has stood still `confirm` s."""
        if self.earlier is not None and t - self.since >= confirm:
            return self.earlier
        return self.since


@dataclass
class ParkingRule:
    zones: list[dict[str, Any]]
    min_seconds: float = 60.0  # never report a stop shorter than this, whatever the zone says
    still_pixels: float = 25.0  # moving more than this from where it stopped restarts the clock
    gap_seconds: float = 30.0
    confirm_seconds: float = 2.0
    dwell: dict[int, _Dwell] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.shapes = [Polygon(zone["polygon"]) for zone in self.zones]

    def limit(self, zone: int) -> float:
        return max(float(self.zones[zone].get("allowed_minutes", 0)) * 60, self.min_seconds)

    def _zone_of(self, point: Point2, local: dt.datetime) -> int | None:
        for i, shape in enumerate(self.shapes):
            if shape.contains(Point(point)) and _in_hours(
                self.zones[i].get("hours", "00:00-23:59"), local
            ):
                return i
        return None

    def _lost_here(self, zone: int, point: Point2, t: float) -> float | None:
        """When a lost track that stood here began standing (the same vehicle, if the new
        track stays), or None."""
        for track, lost in list(self.dwell.items()):
            if (
                lost.zone == zone
                and lost.last_seen < t <= lost.last_seen + self.gap_seconds
                and math.dist(lost.anchor, point) <= self.still_pixels
            ):
                del self.dwell[track]
                return lost.started(lost.last_seen, self.confirm_seconds)
        return None

    def update(self, track: int, point: Point2, t: float, local: dt.datetime) -> Hit | None:
        zone = self._zone_of(point, local)
        current = self.dwell.get(track)
        if zone is None:
            self.dwell.pop(track, None)
            return None
        if (
            current is None
            or current.zone != zone
            or math.dist(current.anchor, point) > self.still_pixels
        ):
            current = _Dwell(zone, t, point, t, earlier=self._lost_here(zone, point, t))
            self.dwell[track] = current
        current.last_seen = t
        since = current.started(t, self.confirm_seconds)
        if not current.reported and t - since >= self.limit(zone):
            current.reported = True
            return Hit("illegal_parking", track, t, point)
        return None

    def expire(self, t: float) -> None:
        """Drop dwell clocks of vehicles not seen for longer than the gap."""
        for track in [k for k, d in self.dwell.items() if t - d.last_seen > self.gap_seconds]:
            del self.dwell[track]
