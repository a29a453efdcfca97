"""The camera pipeline: decode → detect → track → rules → plate → evidence → event.

    pipeline = Pipeline(CameraConfig.load("camera.json"), fps=25)
    for index, frame in frames:                 # OpenCV BGR frames
        for event in pipeline.process(frame, index):
            sink(event)
    for event in pipeline.finish(): sink(event)

A rule's hit waits `after_seconds` for the frames that follow it, then becomes an
Event with three annotated frames (before, at, after), the best plate crop, a short
WebM clip, and an event id made from the camera, kind, time and track, so running the
same video again gives the same ids (the platform keeps one violation per id).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cv2
import numpy as np

from tinhso.vision.detect import MotionDetector
from tinhso.vision.rules import Hit, ParkingRule, RedLightRule, signal_state

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = ["car", "motorbike", "bus", "truck"]


class ConfigError(ValueError):
    """A camera config the worker cannot use; the message says what is wrong."""


@dataclass
class CameraConfig:
    code: str
    calibration: dict[str, Any]
    min_parking_seconds: float = 60.0
    start: dt.datetime | None = None  # wall-clock time of a file's first frame

    @classmethod
    def from_dict(cls, data: Any) -> CameraConfig:
        if not isinstance(data, dict) or not str(data.get("code", "")).strip():
            raise ConfigError("camera config needs a 'code'")
        calibration = data.get("calibration") or {}
        if not isinstance(calibration, dict):
            raise ConfigError("'calibration' must be an object")
        line = calibration.get("stop_line")
        if line is not None:
            if not (isinstance(line, list) and len(line) == 2 and all(len(p) == 2 for p in line)):
                raise ConfigError("'stop_line' needs two points [[x, y], [x, y]]")
            if np.hypot(line[1][0] - line[0][0], line[1][1] - line[0][1]) < 10:
                raise ConfigError("'stop_line' is degenerate (its two points coincide)")
            if "forbidden_direction" not in calibration:
                raise ConfigError("'stop_line' needs a 'forbidden_direction'")
        start = data.get("start")
        try:
            parsed = dt.datetime.fromisoformat(start) if start else None
        except ValueError:
            raise ConfigError("'start' must be an ISO 8601 time with its offset") from None
        return cls(
            code=str(data["code"]).strip(),
            calibration=calibration,
            min_parking_seconds=float(data.get("min_parking_seconds", 60.0)),
            start=parsed,
        )

    @classmethod
    def load(cls, path: str | Path) -> CameraConfig:
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read camera config {path}: {exc}") from None


FUSED_FRAMES = 4  # frames around the hit whose plate readings are combined


def plate_consensus(
    reads: list[tuple[str, str, float, bytes | None]], frames: int
) -> tuple[str, str, float, bytes | None]:
    """One plate from several frames' readings (plate, colour, confidence, crop): the
    plate with the most confidence summed over the frames that read it, and as its
    confidence that sum over `frames` — four frames agreeing at 0.99 give 0.99, one
    frame alone at 0.99 gives 0.25, two frames reading two different plates split it.
    Unreadable frames ("") count against, not for."""
    totals: dict[str, float] = {}
    for plate, _colour, confidence, _crop in reads:
        if plate:
            totals[plate] = totals.get(plate, 0.0) + confidence
    if not totals:
        return "", "", 0.0, None
    plate = max(totals, key=lambda p: totals[p])
    best = max((r for r in reads if r[0] == plate), key=lambda r: r[2])
    return plate, best[1], round(totals[plate] / max(frames, 1), 4), best[3]


@dataclass
class Event:
    event_id: str
    camera: str
    kind: str
    occurred_at: str
    plate: str
    plate_colour: str
    vehicle_kind: str
    confidence: float
    track: int
    box: list[int]
    # The reader's confidence in the plate (calibrated; the agreement across frames).
    plate_confidence: float = 0.0
    frames: list[bytes] = field(repr=False, default_factory=list)
    plate_image: bytes | None = field(repr=False, default=None)
    clip: bytes | None = field(repr=False, default=None)

    def fields(self) -> dict[str, Any]:
        """The event's form fields (what the API takes besides the files)."""
        return {
            "event_id": self.event_id, "kind": self.kind, "plate": self.plate,
            "plate_colour": self.plate_colour or "white", "vehicle_kind": self.vehicle_kind,
            "occurred_at": self.occurred_at, "confidence": self.confidence,
            "plate_confidence": self.plate_confidence,
        }  # fmt: skip

    def summary(self) -> dict[str, Any]:
        return {**self.fields(), "camera": self.camera, "track": self.track, "box": self.box}


@dataclass
class _Seen:
    index: int
    t: float
    frame: np.ndarray
    boxes: dict[int, np.ndarray]
    signal: str


def _jpeg(image: np.ndarray, quality: int = 88) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return data.tobytes()


class Pipeline:
    def __init__(
        self,
        config: CameraConfig,
        fps: float,
        detector: Any = None,
        finder: Any = None,
        tracker: Any = None,
        before_seconds: float = 2.0,
        after_seconds: float = 1.0,
        clip: bool = True,
        signal_feed: Any = None,
    ) -> None:
        from trackers import ByteTrackTracker  # imports supervision: only when a pipeline runs

        self.config, self.fps = config, fps
        self.detector = detector or MotionDetector(fps)
        self.finder = finder
        self.tracker = tracker or ByteTrackTracker(
            lost_track_buffer=int(fps * 3), frame_rate=fps, minimum_consecutive_frames=2,
            track_activation_threshold=0.5, minimum_iou_threshold=0.1,
        )  # fmt: skip
        calibration = config.calibration
        self.feed = signal_feed
        if (
            self.feed is None
            and calibration.get("signal_feed")
            and not calibration.get("light_region")
        ):
            from tinhso.vision.signal_feed import SignalFeed

            self.feed = SignalFeed(calibration["signal_feed"])
            self.feed.start()
        has_signal = calibration.get("light_region") or self.feed is not None
        self.red = (
            RedLightRule(calibration["stop_line"], calibration["forbidden_direction"])
            if calibration.get("stop_line") and has_signal
            else None
        )
        self.parking = ParkingRule(
            calibration.get("no_parking") or [], min_seconds=config.min_parking_seconds
        )
        self.start = config.start or dt.datetime.now(LOCAL)
        self.before, self.after, self.with_clip = before_seconds, after_seconds, clip
        self.buffer: deque[_Seen] = deque(maxlen=int(fps * (before_seconds + after_seconds)) + 2)
        self.pending: list[Hit] = []
        self.kinds: dict[int, list[str]] = {}

    def track(self, frame: np.ndarray) -> dict[int, np.ndarray]:
        import supervision as sv

        found = self.detector.detect(frame)
        detections = sv.Detections(
            xyxy=found.boxes.reshape(-1, 4).astype(np.float32),
            confidence=found.confidence.astype(np.float32),
            class_id=np.array([KINDS.index(k) for k in found.kinds], dtype=int),
        )
        tracked = self.tracker.update(detections)
        boxes: dict[int, np.ndarray] = {}
        if tracked.tracker_id is None or tracked.class_id is None:
            return boxes
        for box, track, class_id in zip(
            tracked.xyxy, tracked.tracker_id, tracked.class_id, strict=True
        ):
            if track is None or int(track) < 0:
                continue
            boxes[int(track)] = box
            self.kinds.setdefault(int(track), []).append(KINDS[int(class_id)])
        return boxes

    def process(self, frame: np.ndarray, index: int) -> list[Event]:
        t = index / self.fps
        local = (self.start + dt.timedelta(seconds=t)).astimezone(LOCAL)
        boxes = self.track(frame)
        region = self.config.calibration.get("light_region")
        if region:
            signal = signal_state(frame, region)
        else:
            signal = self.feed.state() if self.feed is not None else "unknown"
        self.buffer.append(_Seen(index, t, frame, boxes, signal))
        for track, box in boxes.items():
            point = (float(box[0] + box[2]) / 2, float(box[3]))  # bottom centre
            for hit in (
                self.red.update(track, point, t, signal) if self.red else None,
                self.parking.update(track, point, t, local),
            ):
                if hit is not None:
                    self.pending.append(hit)
        self.parking.expire(t)
        ready = [hit for hit in self.pending if t >= hit.t + self.after]
        self.pending = [hit for hit in self.pending if hit not in ready]
        return [self.evidence(hit) for hit in ready]

    def finish(self) -> list[Event]:
        """At the end of a file: the hits still waiting for later frames, with what there is."""
        ready, self.pending = self.pending, []
        return [self.evidence(hit) for hit in ready]

    # -- evidence --------------------------------------------------------------------
    def _nearest(self, t: float) -> _Seen:
        return min(self.buffer, key=lambda seen: abs(seen.t - t))

    def _annotate(self, seen: _Seen, hit: Hit) -> np.ndarray:
        image = seen.frame.copy()
        calibration = self.config.calibration
        if hit.kind == "red_light" and calibration.get("stop_line"):
            (x1, y1), (x2, y2) = calibration["stop_line"]
            cv2.line(image, (int(x1), int(y1)), (int(x2), int(y2)), (0, 0, 255), 3)
        for zone in calibration.get("no_parking") or []:
            if hit.kind == "illegal_parking":
                cv2.polylines(image, [np.array(zone["polygon"], np.int32)], True, (0, 0, 255), 3)
        box = seen.boxes.get(hit.track)
        if box is not None:
            cv2.rectangle(
                image, (int(box[0]), int(box[1])), (int(box[2]), int(box[3])), (0, 0, 255), 3
            )
        when = (self.start + dt.timedelta(seconds=seen.t)).astimezone(LOCAL)
        label = f"{self.config.code}  {when:%d/%m/%Y %H:%M:%S}  {seen.signal.upper()}"
        cv2.rectangle(image, (0, 0), (min(image.shape[1], 14 * len(label)), 34), (0, 0, 0), -1)
        cv2.putText(image, label, (8, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (255, 255, 255), 2)
        return image

    def _plate(self, hit: Hit) -> tuple[str, str, float, bytes | None]:
        """The track's plate from the frames around the hit: each frame's best reading,
        then the plate they agree on (plate_consensus), with the crop of its best read."""
        if self.finder is None:
            return "", "", 0.0, None
        near = sorted(
            (seen for seen in self.buffer if hit.track in seen.boxes),
            key=lambda s: abs(s.t - hit.t),
        )[:FUSED_FRAMES]
        reads: list[tuple[str, str, float, bytes | None]] = []
        for seen in near:
            left, top, right, bottom = (int(v) for v in seen.boxes[hit.track])
            h, w = seen.frame.shape[:2]
            crop = seen.frame[
                max(0, top - 10) : min(h, bottom + 10), max(0, left - 10) : min(w, right + 10)
            ]
            best: tuple[str, str, float, bytes | None] = ("", "", 0.0, None)
            for found in self.finder.find(crop) if crop.size else []:
                if found.result.confidence > best[2]:
                    left, top, right, bottom = found.box
                    plate_crop = _jpeg(crop[top:bottom, left:right], 95)
                    result = found.result
                    best = (result.plate, result.colour, result.confidence, plate_crop)
            reads.append(best)
        return plate_consensus(reads, FUSED_FRAMES)

    def _clip(self, hit: Hit) -> bytes | None:
        """A few seconds around the hit as WebM (VP8), small enough for a phone, played by
        every browser. PyAV (FFmpeg with libvpx in its wheel) encodes it in memory."""
        frames = [s.frame for s in self.buffer if hit.t - self.before <= s.t <= hit.t + self.after]
        if not self.with_clip or not frames:
            return None
        import av  # comes with supervision; loaded only when a clip is made

        h, w = frames[0].shape[:2]
        scale = min(1.0, 640 / w)
        size = (int(w * scale) // 2 * 2, int(h * scale) // 2 * 2)
        out = io.BytesIO()
        with av.open(out, mode="w", format="webm") as container:
            stream = container.add_stream("libvpx", rate=max(1, round(self.fps)))
            stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
            for frame in frames:
                small = np.ascontiguousarray(
                    cv2.resize(frame, size, interpolation=cv2.INTER_AREA), dtype=np.uint8
                )
                container.mux(stream.encode(av.VideoFrame.from_ndarray(small, format="bgr24")))
            container.mux(stream.encode())
        return out.getvalue()

    def evidence(self, hit: Hit) -> Event:
        moments = [
            self._nearest(hit.t - self.after),
            self._nearest(hit.t),
            self._nearest(hit.t + self.after),
        ]
        plate, colour, plate_confidence, plate_image = self._plate(hit)
        occurred = (self.start + dt.timedelta(seconds=hit.t)).astimezone(LOCAL)
        kinds = self.kinds.get(hit.track) or ["car"]
        box = self._nearest(hit.t).boxes.get(hit.track)
        stamp = f"{occurred:%Y%m%dT%H%M%S}{occurred.microsecond // 1000:03d}"
        return Event(
            event_id=f"{self.config.code}-{hit.kind}-{stamp}-{hit.track}",
            camera=self.config.code,
            kind=hit.kind,
            occurred_at=occurred.isoformat(),
            plate=plate,
            plate_colour=colour,
            vehicle_kind=max(set(kinds), key=kinds.count),
            confidence=round(0.5 + 0.5 * plate_confidence, 3),
            plate_confidence=plate_confidence,
            track=hit.track,
            box=[int(v) for v in box] if box is not None else [],
            frames=[_jpeg(self._annotate(seen, hit)) for seen in moments],
            plate_image=plate_image,
            clip=self._clip(hit),
        )  # fmt: skip
