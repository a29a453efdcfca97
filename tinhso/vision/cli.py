"""`tinhso-vision`: the worker's command line.

tinhso-vision read-plates IMAGE...   one line per image: file<TAB>plate<TAB>confidence
                                     (plate normalised, empty when unreadable); plate
                                     crops are read as they are, frames searched first
"""

from __future__ import annotations

import argparse
import sys
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tinhso-vision", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    plates = commands.add_parser("read-plates", help="read licence plates from images")
    plates.add_argument("images", nargs="+")
    plates.add_argument(
        "--baseline", action="store_true", help="read with PP-OCR (rapidocr) instead of ours"
    )
    args = parser.parse_args(argv)
    if args.command == "read-plates":
        return read_plates(args.images, args.baseline)
    return 2  # pragma: no cover - argparse refuses unknown commands first


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
