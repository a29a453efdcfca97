"""Synthetic traffic-scene videos with their ground truth, for tests, the demo and the
benchmarks: a junction approach seen from behind and above, a stop line, a cycling
traffic light, cars and motorbikes with rendered Vietnamese plates (synth_plates), some
running the red light, one parking in a no-parking zone and one stopping there briefly.

    from tinhso.vision import synth_scene
    truth = synth_scene.generate("clip.mp4", seconds=40, seed=1, night=False)
    truth["camera"]      # a camera config the worker reads (calibration included)
    truth["violations"]  # what the worker should report: kind, plate, time

Everything is drawn with OpenCV from a seeded generator, so a seed gives the same
video. Vehicles move up the frame (away from the camera) and show their rear plates,
as Vietnamese motorbikes carry only rear plates.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from tinhso.vision import plates, synth_plates

GREEN, AMBER, RED = "green", "amber", "red"
LIGHT_BGR = {RED: (40, 40, 235), AMBER: (30, 190, 245), GREEN: (60, 220, 60)}


@dataclass
class Vehicle:
    ident: int
    kind: str  # car / motorbike
    plate: str
    colour: str
    x: float  # centre
    y: float  # top edge (the front, as the vehicle moves up)
    width: float
    height: float
    speed: float  # pixels per second when moving
    body: tuple[int, int, int]
    plate_image: np.ndarray
    runs_red: bool = False
    park_at: float | None = None  # y where it stops to park
    park_seconds: float = 0.0
    parked_since: float | None = None
    crossed_at: float | None = None
    done: bool = False
    log: list[tuple[float, float]] = field(default_factory=list)


class Scene:
    def __init__(self, width: int, height: int, fps: int, seed: int, night: bool) -> None:
        self.w, self.h, self.fps, self.night = width, height, fps, night
        self.rng = random.Random(seed)  # noqa: S311 (test data, not security)
        self.fonts = synth_plates.fonts()
        s = width / 1280
        self.scale = s
        self.stop_y = 0.42 * height
        self.lanes = [0.30 * width, 0.44 * width, 0.58 * width]
        self.parking_x = 0.80 * width
        self.zone = [
            [0.73 * width, 0.50 * height],
            [0.88 * width, 0.50 * height],
            [0.88 * width, 0.92 * height],
            [0.73 * width, 0.92 * height],
        ]
        self.light_box = (
            int(0.90 * width),
            int(0.05 * height),
            int(0.04 * width),
            int(0.2 * height),
        )
        self.cycle = (8.0, 2.0, 8.0)  # green, amber, red seconds
        self.offset = self.rng.uniform(0, sum(self.cycle))
        self.vehicles: list[Vehicle] = []
        self.next_id = 1
        self.background = self._background()

    # -- the world -------------------------------------------------------------------
    def light(self, t: float) -> str:
        green, amber, _red = self.cycle
        phase = (t + self.offset) % sum(self.cycle)
        return GREEN if phase < green else AMBER if phase < green + amber else RED

    def red_windows(self, seconds: float) -> list[float]:
        """Start times of the red phases within the clip."""
        starts, t, step = [], 0.0, 1.0 / self.fps
        previous = self.light(0.0)
        while t < seconds:
            state = self.light(t)
            if state == RED and previous != RED:
                starts.append(t)
            previous, t = state, t + step
        return starts

    def _background(self) -> np.ndarray:
        w, h, s = self.w, self.h, self.scale
        base = 55 if self.night else 105
        frame = np.full((h, w, 3), (base + 10, base + 20, base + 25), np.uint8)  # verge
        cv2.rectangle(frame, (int(0.2 * w), 0), (int(0.92 * w), h), (base, base, base), -1)  # road
        for x in (0.37, 0.51):  # lane markings, dashed
            for y in range(0, h, int(60 * s)):
                cv2.line(
                    frame,
                    (int(x * w), y),
                    (int(x * w), y + int(30 * s)),
                    (200,) * 3,
                    max(1, int(3 * s)),
                )
        cv2.line(
            frame,
            (int(0.2 * w), int(self.stop_y)),
            (int(0.66 * w), int(self.stop_y)),
            (235,) * 3,
            max(2, int(8 * s)),
        )
        zone = np.array(self.zone, np.int32)
        cv2.polylines(frame, [zone], True, (40, 200, 230), max(2, int(4 * s)))  # yellow marking
        x, y, bw, bh = self.light_box
        cv2.rectangle(
            frame, (x + bw // 2 - 3, y + bh), (x + bw // 2 + 3, int(0.45 * h)), (40, 40, 40), -1
        )
        cv2.rectangle(frame, (x, y), (x + bw, y + bh), (25, 25, 25), -1)
        noise = np.random.default_rng(self.rng.randint(0, 2**31)).integers(-6, 7, frame.shape)
        return np.clip(frame.astype(np.int16) + noise, 0, 255).astype(np.uint8)

    def _plate_pixels(
        self, plate: str, layout: str, colour: str, size: tuple[int, int]
    ) -> np.ndarray:
        image = synth_plates.render(plate, layout, colour, self.rng.choice(self.fonts), self.rng)
        bgr = np.asarray(image)[:, :, ::-1]
        return cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)

    def add(self, kind: str, x: float, t: float, **extra: Any) -> Vehicle:
        rng, s = self.rng, self.scale
        if kind == "motorbike":
            layout, width, height, plate_size = (
                "moto-2line",
                52 * s,
                92 * s,
                (int(50 * s), int(37 * s)),
            )
        else:
            layout = "car-1line" if rng.random() < 0.7 else "car-2line"
            width, height = 118 * s, 170 * s
            plate_size = (
                (int(104 * s), int(24 * s)) if layout == "car-1line" else (int(62 * s), int(44 * s))
            )
        colour = rng.choice(["white"] * 6 + ["yellow"] * 2 + ["blue", "red"])
        plate = synth_plates.random_plate(rng, layout)
        vehicle = Vehicle(
            ident=self.next_id, kind=kind, plate=plate, colour=colour, x=x, y=float(self.h),
            width=width, height=height, speed=rng.uniform(150, 190) * s * self.h / 720 / s,
            body=tuple(rng.randint(40, 230) for _ in range(3)),  # type: ignore[arg-type]
            plate_image=self._plate_pixels(plate, layout, colour, plate_size), **extra,
        )  # fmt: skip
        vehicle.log.append((t, vehicle.y))
        self.next_id += 1
        self.vehicles.append(vehicle)
        return vehicle

    def step(self, t: float, dt: float) -> None:
        state = self.light(t)
        for v in self.vehicles:
            if v.done:
                continue
            target = v.y - v.speed * dt
            if v.park_at is not None and v.parked_since is None and target <= v.park_at:
                target, v.parked_since = v.park_at, t
            if v.parked_since is not None and t - v.parked_since < v.park_seconds:
                target = v.y  # parked
            elif v.parked_since is not None:
                v.park_at = None  # leaves
            front_before_line = v.y > self.stop_y + 2
            in_stop_lanes = v.x < 0.66 * self.w
            waits = not v.runs_red and front_before_line and v.park_at is None and in_stop_lanes
            if state != GREEN and waits:
                target = max(target, self.stop_y + 4)  # wait at the line
            ahead = [
                o
                for o in self.vehicles
                if o is not v and not o.done and abs(o.x - v.x) < 5 and o.y < v.y
            ]
            if ahead:
                nearest = max(ahead, key=lambda o: o.y)
                target = max(target, nearest.y + nearest.height + 18 * self.scale)
            rear_before, v.y = v.y + v.height, min(v.y, target)
            if rear_before > self.stop_y >= v.y + v.height and v.crossed_at is None:
                v.crossed_at = t
            if v.y + v.height < -5:
                v.done = True
            v.log.append((t, v.y))

    def draw(self, t: float) -> np.ndarray:
        frame = self.background.copy()
        x, y, bw, bh = self.light_box
        state = self.light(t)
        for i, name in enumerate((RED, AMBER, GREEN)):
            centre = (x + bw // 2, y + int(bh * (i + 0.5) / 3))
            colour = LIGHT_BGR[name] if name == state else (45, 45, 45)
            cv2.circle(frame, centre, int(bw * 0.38), colour, -1)
        dim = 0.55 if self.night else 1.0
        for v in self.vehicles:
            if v.done or v.y > self.h:
                continue
            left, top = int(v.x - v.width / 2), int(v.y)
            right, bottom = int(v.x + v.width / 2), int(v.y + v.height)
            body = tuple(int(c * dim) for c in v.body)
            cv2.rectangle(frame, (left, top), (right, bottom), body, -1)
            if v.kind == "car":
                glass = (int(40 * dim), int(45 * dim), int(50 * dim))
                cv2.rectangle(
                    frame,
                    (left + 8, top + int(v.height * 0.12)),
                    (right - 8, top + int(v.height * 0.45)),
                    glass,
                    -1,
                )
            else:  # the rider's helmet
                cv2.circle(
                    frame,
                    (int(v.x), top + int(v.height * 0.3)),
                    int(v.width * 0.32),
                    (30, 30, 30),
                    -1,
                )
            for lamp_x in (left + 6, right - 12):  # tail lights, bright at night
                cv2.rectangle(
                    frame,
                    (lamp_x, bottom - 22),
                    (lamp_x + 6, bottom - 14),
                    (30, 30, 220 if self.night else 160),
                    -1,
                )
            ph, pw = v.plate_image.shape[:2]
            px, py = int(v.x - pw / 2), bottom - ph - int(4 * self.scale)
            if py >= 0 and py + ph <= self.h:
                frame[py : py + ph, px : px + pw] = v.plate_image
        if self.night:
            frame = cv2.GaussianBlur(frame, (3, 3), 0)
        return frame


def generate(
    path: str | Path,
    *,
    seconds: float = 40.0,
    fps: int = 10,
    size: tuple[int, int] = (1280, 720),
    seed: int = 1,
    night: bool = False,
    start: str = "2026-11-23T08:00:00+07:00",
) -> dict[str, Any]:
    """Write the clip (MP4) and `<path>.json` with the ground truth; return the truth."""
    scene = Scene(size[0], size[1], fps, seed, night)
    rng = scene.rng
    travel = (scene.h - scene.stop_y) / (170 * scene.h / 720)
    # One red-light runner per red phase, in a lane kept clear for it around that time.
    runners = []
    for red_start in scene.red_windows(seconds):
        arrive = red_start + rng.uniform(1.5, 4.0)
        if arrive - travel - 1 > 0 and arrive + 2 < seconds:
            runners.append((arrive - travel - 1, rng.randrange(len(scene.lanes)), red_start))
    # A car parks in the zone long enough to be reported; a motorbike stops only briefly.
    # (The brief one comes after the long one has left, not queued behind it.)
    parkers = [(3.0, "car", min(seconds, 25.0)), (max(seconds * 0.75, 29.0), "motorbike", 4.0)]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    if not writer.isOpened():
        raise RuntimeError(f"cannot write video {path}")
    dt, frames = 1.0 / fps, int(seconds * fps)
    next_spawn = [rng.uniform(0, 2) for _ in scene.lanes]
    try:
        for i in range(frames):
            t = i * dt
            for spawn_at, lane, red_start in list(runners):
                if t >= spawn_at:
                    runners.remove((spawn_at, lane, red_start))
                    scene.add(
                        "motorbike" if rng.random() < 0.5 else "car",
                        scene.lanes[lane],
                        t,
                        runs_red=True,
                    )
            for spawn_at, kind, dwell in list(parkers):
                if t >= spawn_at:
                    parkers.remove((spawn_at, kind, dwell))
                    scene.add(
                        kind,
                        scene.parking_x,
                        t,
                        park_at=scene.zone[0][1] + 0.12 * scene.h,
                        park_seconds=dwell,
                    )
            for lane, x in enumerate(scene.lanes):
                reserved = any(abs(s - t) < travel + 8 and ln == lane for s, ln, _r in runners)
                if t >= next_spawn[lane] and not reserved:
                    crowded = any(
                        abs(v.x - x) < 5 and v.y + v.height > scene.h - 5 and not v.done
                        for v in scene.vehicles
                    )
                    if not crowded:
                        scene.add("motorbike" if lane == 0 or rng.random() < 0.4 else "car", x, t)
                    next_spawn[lane] = t + rng.uniform(2.5, 6.0)
            scene.step(t, dt)
            writer.write(scene.draw(t))
    finally:
        writer.release()
    truth = _truth(scene, seconds, fps, size, start, seed, night)
    Path(f"{path}.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def _truth(
    scene: Scene,
    seconds: float,
    fps: int,
    size: tuple[int, int],
    start: str,
    seed: int,
    night: bool,
) -> dict[str, Any]:
    violations = []
    for v in scene.vehicles:
        if v.runs_red and v.crossed_at is not None and scene.light(v.crossed_at) == RED:
            violations.append(
                {
                    "kind": "red_light",
                    "plate": v.plate,
                    "at": round(v.crossed_at, 2),
                    "vehicle": v.ident,
                }
            )
        if (
            v.parked_since is not None
            and v.park_seconds >= PARKING_GRACE_SECONDS + 3
            and v.parked_since + PARKING_GRACE_SECONDS + 1 < seconds
        ):
            violations.append(
                {
                    "kind": "illegal_parking",
                    "plate": v.plate,
                    "at": round(v.parked_since + PARKING_GRACE_SECONDS, 2),
                    "vehicle": v.ident,
                }
            )
    calibration = {
        "stop_line": [[0.2 * size[0], scene.stop_y], [0.66 * size[0], scene.stop_y]],
        "forbidden_direction": [0, -1],
        "light_region": list(scene.light_box),
        "no_parking": [{"polygon": scene.zone, "allowed_minutes": 0, "hours": "00:00-23:59"}],
    }
    camera = {
        "code": f"SYNTH-{seed}",
        "calibration": calibration,
        "min_parking_seconds": PARKING_GRACE_SECONDS,
    }
    vehicles = [
        {"id": v.ident, "kind": v.kind, "plate": v.plate, "display": plates.display(v.plate),
         "colour": v.colour}
        for v in scene.vehicles
    ]  # fmt: skip
    return {
        "seed": seed, "night": night, "fps": fps, "size": list(size), "seconds": seconds,
        "start": start, "camera": camera, "vehicles": vehicles,
        "violations": sorted(violations, key=lambda item: item["at"]),
    }  # fmt: skip


PARKING_GRACE_SECONDS = 10.0  # the clip is short: the worker is told to report after 10 s
