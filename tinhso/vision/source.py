"""Frames from a video file or a live stream (RTSP, HTTP) through OpenCV's FFmpeg.

A file ends at its last frame. A stream that drops is opened again with growing waits
(1, 2, 4 … 30 s); after `max_retries` failures in a row the source gives up with a
VideoError, and the worker's supervisor decides what next (the camera goes offline).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np

LIVE_SCHEMES = ("rtsp://", "rtsps://", "rtmp://", "http://", "https://", "udp://", "tcp://")


TIMEOUT_MS = 8000  # opening or reading a stream; a dead camera must not hang a worker


def _open_with_timeouts(url: str) -> cv2.VideoCapture:
    params = [
        cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
        TIMEOUT_MS,
        cv2.CAP_PROP_READ_TIMEOUT_MSEC,
        TIMEOUT_MS,
    ]
    return cv2.VideoCapture(url, cv2.CAP_FFMPEG, params)


class VideoError(RuntimeError):
    """The video cannot be opened or read; the message says which and why."""


def is_live(url: str) -> bool:
    return url.lower().startswith(LIVE_SCHEMES)


class VideoSource:
    def __init__(
        self,
        url: str,
        max_retries: int = 8,
        sleep: Callable[[float], None] = time.sleep,
        open_capture: Callable[[str], cv2.VideoCapture] | None = None,
    ) -> None:
        url = url.removeprefix("file://")
        self.url, self.live = url, is_live(url)
        self.max_retries, self.sleep = max_retries, sleep
        self.open_capture = open_capture or _open_with_timeouts
        self.reconnects = 0
        if not self.live and not Path(url).is_file():
            raise VideoError(f"video file not found: {url}")
        self.capture = self._open()
        if self.capture is None:
            raise VideoError(f"cannot open video (not a video, or unsupported): {url}")
        fps = self.capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and 1 <= fps <= 120 else 25.0
        count = self.capture.get(cv2.CAP_PROP_FRAME_COUNT)
        self.frame_count = int(count) if count and count > 0 and not self.live else 0

    def _open(self) -> cv2.VideoCapture | None:
        capture = self.open_capture(self.url)
        if capture is None or not capture.isOpened():
            return None
        return capture

    def frames(self) -> Iterator[tuple[int, np.ndarray]]:
        index, failures = 0, 0
        while True:
            ok, frame = self.capture.read() if self.capture is not None else (False, None)
            if ok and frame is not None:
                failures = 0
                yield index, frame
                index += 1
                continue
            if not self.live:
                if index == 0:
                    raise VideoError(f"no frame could be decoded from {self.url}")
                return
            failures += 1
            if failures > self.max_retries:
                raise VideoError(
                    f"stream lost and not back after {self.max_retries} tries: {self.url}"
                )
            if self.capture is not None:
                self.capture.release()
            self.sleep(min(30.0, 2.0 ** (failures - 1)))
            self.capture = self._open()
            self.reconnects += 1

    def close(self) -> None:
        if self.capture is not None:
            self.capture.release()
