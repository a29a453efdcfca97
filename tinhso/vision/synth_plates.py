"""Synthetic Vietnamese licence plates for training and testing the recognizer.

Random plates that follow the grammar (plates.py), painted the way real ones are —
one line on cars (`51F-123.45`), two lines on motorbikes (`59-X1` over `234.56`), on
white, yellow, blue or red — in real condensed sans-serif fonts from Debian packages
(fonts-dejavu-extra, fonts-liberation), then spoiled the ways cameras spoil them:
perspective, rotation, blur, low resolution, night, glare, dirt, noise, JPEG.
The real photographs in shared/data/plates are never used here.
"""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from tinhso.vision.plates import PLATE, SERIES, display, is_valid

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
]
# (background, ink) of white private, yellow commercial, blue state, red military plates.
COLOURS = {
    "white": ((235, 235, 230), (20, 20, 20)),
    "yellow": ((235, 200, 40), (20, 20, 20)),
    "blue": ((25, 60, 150), (240, 240, 240)),
    "red": ((180, 30, 30), (240, 240, 240)),
}
CAR_SIZE = (470, 110)  # the long one-line plate's proportions
MOTO_SIZE = (190, 140)
SQUARE_CAR_SIZE = (280, 200)  # the two-line plate many cars carry at the back
LAYOUTS = {"car-1line": CAR_SIZE, "moto-2line": MOTO_SIZE, "car-2line": SQUARE_CAR_SIZE}


@dataclass(frozen=True)
class Sample:
    image: Image.Image
    plate: str  # normalised label
    layout: str  # car-1line / moto-2line
    colour: str


def fonts() -> list[str]:
    """The Debian fonts above; TINHSO_FONTS_DIR names a folder of the same files for a
    machine without the packages (the GPU machine that trains the recognizer)."""
    folder = os.environ.get("TINHSO_FONTS_DIR")
    candidates = [str(Path(folder, Path(f).name)) for f in FONT_CANDIDATES] if folder else []
    found = [f for f in candidates + FONT_CANDIDATES if Path(f).exists()]
    if not found:
        raise RuntimeError(
            "No plate font found: install fonts-dejavu-extra or fonts-liberation (make system-deps)"
        )
    return found


def random_plate(rng: random.Random, layout: str) -> str:
    code = f"{rng.randint(11, 99):02d}"
    letter = rng.choice(SERIES)
    if layout == "moto-2line":
        series = letter + (
            str(rng.randint(1, 9))
            if rng.random() < 0.85
            else rng.choice(SERIES) + str(rng.randint(1, 9))
        )
        serial = (
            f"{rng.randint(0, 99999):05d}" if rng.random() < 0.8 else f"{rng.randint(0, 9999):04d}"
        )
    else:
        series = letter if rng.random() < 0.9 else letter + rng.choice(SERIES)
        serial = (
            f"{rng.randint(0, 99999):05d}" if rng.random() < 0.75 else f"{rng.randint(0, 9999):04d}"
        )
    plate = code + series + serial
    assert is_valid(plate), plate
    return plate


def _lines(plate: str, layout: str) -> list[str]:
    """The text as painted. A motorbike's series digit goes on the top line."""
    if layout == "car-1line":
        return [display(plate)]
    match = PLATE.match(plate)
    assert match, plate
    code, letters, digits = match.groups()
    if layout == "car-2line":
        top, serial = f"{code}{letters}", digits
    else:
        top, serial = f"{code}-{letters}{digits[0]}", digits[1:]
    bottom = f"{serial[:3]}.{serial[3:]}" if len(serial) == 5 else serial
    return [top, bottom]


def _glyph(ch: str, font_path: str) -> Image.Image:
    """One character's ink, cropped to its bounding box, drawn large."""
    font = ImageFont.truetype(font_path, 96)
    left, top, right, bottom = font.getbbox(ch)
    mask = Image.new("L", (int(right - left) + 4, int(bottom - top) + 4), 0)
    ImageDraw.Draw(mask).text((2 - left, 2 - top), ch, font=font, fill=255)
    return mask


def _plate_one(height: int, rng: random.Random) -> Image.Image:
    """The plate lettering's "1": a bare stroke with a short flag and no foot. Debian's
    fonts draw a foot (DejaVu) or a long flag (Liberation), and a recognizer trained on
    those alone reads the real one as a 7."""
    stroke = max(2, int(height * rng.uniform(0.1, 0.16)))
    width = int(stroke * rng.uniform(2.0, 2.8))
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((width - stroke, 0, width - 1, height - 1), fill=255)
    flag = int(height * rng.uniform(0.18, 0.3))
    draw.polygon([(width - stroke, 0), (width - 1, 0), (0, flag), (0, flag - stroke)], fill=255)
    return mask


def _painted_cells(text: str, font_path: str, size: tuple[int, int], rng: random.Random):
    """Plate lettering is fixed-pitch: every letter and digit in a cell of the same width,
    glyphs condensed and full height, separators small. Draw it that way."""
    weights = [0.45 if ch in "-." else 1.0 for ch in text]
    width, height = size
    unit = min(width / sum(weights), height * rng.uniform(0.6, 0.8))
    mask = Image.new("L", size, 0)
    squeeze = rng.uniform(0.55, 0.9)
    bolder = rng.choice([None, ImageFilter.MaxFilter(5), ImageFilter.MinFilter(3)])
    x = (width - unit * sum(weights)) / 2
    for ch, weight in zip(text, weights, strict=True):
        cell = unit * weight
        if ch == "-":
            w, h = int(cell * rng.uniform(0.5, 0.9)), max(2, int(height * rng.uniform(0.07, 0.12)))
            mask.paste(255, (int(x + (cell - w) / 2), height // 2 - h // 2,
                             int(x + (cell + w) / 2), height // 2 + h // 2 + 1))  # fmt: skip
        elif ch == ".":
            d = max(2, int(height * rng.uniform(0.08, 0.13)))
            mask.paste(255, (int(x + (cell - d) / 2), height - d, int(x + (cell + d) / 2), height))
        else:
            if ch == "1" and rng.random() < 0.6:
                glyph = _plate_one(height, rng)
            else:
                glyph = _glyph(ch, font_path)
                if bolder is not None:
                    glyph = glyph.filter(bolder)
                natural = glyph.width / glyph.height * height
                w = max(2, int(min(cell * 0.95, natural * squeeze)))
                glyph = glyph.resize((w, height), Image.Resampling.LANCZOS)
            mask.paste(glyph, (int(x + (cell - glyph.width) / 2), 0), glyph)
        x += cell
    return mask


def _painted_text(text: str, font_path: str, size: tuple[int, int]) -> Image.Image:
    """The text as one piece of ink stretched to fill `size` (a proportional font)."""
    glyphs = _glyph(text, font_path)
    return glyphs.resize(size, Image.Resampling.LANCZOS)


def render(
    plate: str, layout: str, colour: str, font_path: str, rng: random.Random | None = None
) -> Image.Image:
    """A clean plate. With `rng`, the paint varies as real plates do: faded or tinted
    background, thinner or missing border, text filling more or less of the plate."""
    background, ink = COLOURS[colour]
    size = LAYOUTS[layout]
    if rng is not None:
        r, g, b = (max(0, min(255, c + rng.randint(-35, 15))) for c in background)
        background = (r, g, b)
        r, g, b = (max(0, min(255, c + rng.randint(-15, 25))) for c in ink)
        ink = (r, g, b)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    border = rng.choice([0, 2, 3, 4, 5]) if rng is not None else 4
    if border:
        draw.rectangle((3, 3, size[0] - 4, size[1] - 4), outline=ink, width=border)
    lines = _lines(plate, layout)
    line_height = (size[1] - 16) // len(lines)
    for i, text in enumerate(lines):
        fill_w, fill_h = (rng.uniform(0.8, 0.97), rng.uniform(0.66, 0.88)) if rng else (0.9, 0.8)
        text_size = (int((size[0] - 16) * fill_w), int(line_height * fill_h))
        if rng is not None and rng.random() < 0.7:
            mask = _painted_cells(text, font_path, text_size, rng)
        else:
            mask = _painted_text(text, font_path, text_size)
        x = (size[0] - text_size[0]) // 2
        y = 8 + i * line_height + (line_height - text_size[1]) // 2
        image.paste(Image.new("RGB", text_size, ink), (x, y), mask)
    return image


def spoil(image: Image.Image, rng: random.Random) -> Image.Image:
    """What a roadside camera does to a plate."""
    # What lies around the plate in the crop: bumper, mudguard, shadow.
    surround = tuple(rng.randint(10, 110) for _ in range(3))
    if rng.random() < 0.7:
        w, h = image.size
        pads = [int(rng.uniform(0, 0.08) * s) for s in (w, h, w, h)]
        framed = Image.new("RGB", (w + pads[0] + pads[2], h + pads[1] + pads[3]), surround)
        framed.paste(image, (pads[0], pads[1]))
        image = framed
    w, h = image.size
    # Perspective: move each corner a little, as seen from above and aside.
    jitter = [rng.uniform(-0.08, 0.08) * s for s in (w, h) * 4]
    quad = (
        0 + jitter[0], 0 + jitter[1], 0 + jitter[2], h + jitter[3],
        w + jitter[4], h + jitter[5], w + jitter[6], 0 + jitter[7],
    )  # fmt: skip
    image = image.transform(
        (w, h), Image.Transform.QUAD, quad, Image.Resampling.BILINEAR, fillcolor=surround
    )
    image = image.rotate(
        rng.uniform(-6, 6), resample=Image.Resampling.BILINEAR, expand=True, fillcolor=surround
    )
    if rng.random() < 0.35:  # night: dark, low contrast
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.25, 0.6))
        image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.5, 0.9))
    else:
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.8, 1.25))
    if rng.random() < 0.25:  # glare from headlights or sun
        glare = Image.new("L", image.size, 0)
        gx, gy = rng.uniform(0, image.width), rng.uniform(0, image.height)
        r = rng.uniform(0.15, 0.4) * image.width
        ImageDraw.Draw(glare).ellipse(
            (gx - r, gy - r / 2, gx + r, gy + r / 2), fill=rng.randint(90, 200)
        )
        image = Image.composite(
            Image.new("RGB", image.size, (255, 255, 245)),
            image,
            glare.filter(ImageFilter.GaussianBlur(r / 3)),
        )
    if rng.random() < 0.3:  # dirt
        draw = ImageDraw.Draw(image)
        for _ in range(rng.randint(3, 12)):
            x, y, r = rng.uniform(0, image.width), rng.uniform(0, image.height), rng.uniform(1, 5)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(40, 110),) * 3)
    if rng.random() < 0.6:  # low resolution: shrink and blow up again
        factor = rng.uniform(0.25, 0.7)
        small = image.resize(
            (max(8, int(image.width * factor)), max(8, int(image.height * factor)))
        )
        image = small.resize(image.size, Image.Resampling.BILINEAR)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.6)))
    # Sensor noise from our own generator, so that a seed gives the same images.
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    image = Image.blend(image, noise.convert("RGB"), rng.uniform(0.0, 0.12))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=rng.randint(35, 90))
    out.seek(0)
    return Image.open(out).convert("RGB")


def samples(n: int, seed: int = 0) -> Iterator[Sample]:
    """n spoiled plates with their labels; the same seed gives the same plates."""
    rng = random.Random(seed)  # noqa: S311 (data generation, not security)
    available = fonts()
    colours = ["white"] * 6 + ["yellow"] * 2 + ["blue", "red"]
    for _ in range(n):
        roll = rng.random()
        layout = "moto-2line" if roll < 0.45 else "car-2line" if roll < 0.6 else "car-1line"
        colour = rng.choice(colours)
        plate = random_plate(rng, layout)
        clean = render(plate, layout, colour, rng.choice(available), rng)
        yield Sample(spoil(clean, rng), plate, layout, colour)
