"""`tinhso-vision`: the worker's command line.

tinhso-vision read-plates IMAGE...   one line per image: file<TAB>plate<TAB>confidence
                                     (plate normalised, empty when unreadable); plate
                                     crops are read as they are, frames searched first
tinhso-vision run VIDEO --camera CONFIG [--api URL] [--spool DIR]
                                     the pipeline over a file or stream; one JSON line per
                                     violation; with --api, events go to the platform
                                     (camera key in TINHSO_CAMERA_KEY), spooled to disk
                                     first so nothing is lost while the API is down
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from PIL import Image, UnidentifiedImageError


def read_plates(paths: list[str], baseline: bool = False) -> int:
    from tinhso.vision.plate_finder import PlateFinder
    from tinhso.vision.reader import RapidOcrReader
    from tinhso.vision.recognizer import OnnxPlateReader

    reader = RapidOcrReader() if baseline else PlateFinder(OnnxPlateReader())
    failed = 0
    for path in paths:
        try:
            with Image.open(path) as image:
                image.verify()  # refuse what is not an image before the OCR sees it
        except (FileNotFoundError, UnidentifiedImageError, OSError) as exc:
            print(f"{path}: not a readable image ({exc.__class__.__name__})", file=sys.stderr)
            print(f"{path}\t\t0.000")
            failed += 1
            continue
        result = reader.read(Path(path))
        print(f"{path}\t{result.plate}\t{result.confidence:.3f}")
    return 1 if failed == len(paths) and paths else 0


def run(args: argparse.Namespace) -> int:
    from tinhso.vision.outbox import HttpDelivery, Outbox, Sender
    from tinhso.vision.pipeline import CameraConfig, ConfigError, Pipeline
    from tinhso.vision.source import VideoError, VideoSource

    try:
        config = CameraConfig.load(args.camera)
        if args.start:
            config.start = CameraConfig.from_dict({"code": "x", "start": args.start}).start
        source = VideoSource(args.video)
    except (ConfigError, VideoError) as exc:
        print(f"tinhso-vision: {exc}", file=sys.stderr)
        return 2
    detector = None
    if args.detector:
        from tinhso.vision.detect import OnnxDetector

        detector = OnnxDetector(args.detector)
    finder = None
    if not args.no_plates:
        from tinhso.vision.plate_finder import PlateFinder
        from tinhso.vision.recognizer import OnnxPlateReader

        finder = PlateFinder(OnnxPlateReader())
    pipeline = Pipeline(config, source.fps, detector=detector, finder=finder, clip=not args.no_clip)
    outbox = sender = None
    if args.api or args.spool:
        spool = args.spool or os.path.join("var", "vision-spool", config.code)
        key = os.environ.get("TINHSO_CAMERA_KEY")
        outbox = Outbox(spool, HttpDelivery(args.api, key) if args.api else None)
        if args.api:
            sender = Sender(outbox)
            sender.start()

    def emit(events: list) -> None:
        for event in events:
            if outbox is not None:
                outbox.put(event)  # on disk before anything else
            print(json.dumps(event.summary(), ensure_ascii=False), flush=True)
            if sender is not None:
                sender.wake.set()

    began = time.monotonic()
    try:
        for index, frame in source.frames():
            if args.pace:  # a file played as if it were a live camera
                time.sleep(max(0.0, began + index / source.fps - time.monotonic()))
            emit(pipeline.process(frame, index))
        emit(pipeline.finish())
    except VideoError as exc:
        print(f"tinhso-vision: {exc}", file=sys.stderr)
        return 2
    finally:
        source.close()
        if sender is not None:
            sender.stop()
    if outbox is not None:
        counts = outbox.flush()
        print(f"tinhso-vision: sent {counts['sent']}, refused {counts['rejected']}, "
              f"waiting in {outbox.folder}: {counts['waiting']}", file=sys.stderr)  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tinhso-vision", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    plates = commands.add_parser("read-plates", help="read licence plates from images")
    plates.add_argument("images", nargs="+")
    plates.add_argument(
        "--baseline", action="store_true", help="read with PP-OCR (rapidocr) instead of ours"
    )
    runner = commands.add_parser("run", help="detect violations in a video file or stream")
    runner.add_argument("video", help="a video file or an rtsp:// / http:// stream")
    runner.add_argument("--camera", required=True, help="camera config JSON (code, calibration)")
    runner.add_argument("--start", help="wall-clock time of the first frame (ISO 8601)")
    runner.add_argument("--detector", help="an ONNX YOLO/YOLOX model instead of motion")
    runner.add_argument("--api", help="the platform's base URL, to send events to")
    runner.add_argument("--spool", help="folder where events wait until sent")
    runner.add_argument("--no-plates", action="store_true", help="skip plate reading")
    runner.add_argument("--no-clip", action="store_true", help="skip evidence clips")
    runner.add_argument("--pace", action="store_true", help="play a file at its frame rate")
    args = parser.parse_args(argv)
    if args.command == "read-plates":
        return read_plates(args.images, args.baseline)
    if args.command == "run":
        return run(args)
    return 2  # pragma: no cover - argparse refuses unknown commands first


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
