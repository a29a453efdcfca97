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


@dataclass(frozen=True)
class Sample:
    image: Image.Image
    plate: str  # normalised label
    layout: str  # car-1line / moto-2line
    colour: str


def fonts() -> list[str]:
    found = [f for f in FONT_CANDIDATES if Path(f).exists()]
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
    if layout != "moto-2line":
        return [display(plate)]
    match = PLATE.match(plate)
    assert match, plate
    code, letters, digits = match.groups()
    serial = digits[1:]
    bottom = f"{serial[:3]}.{serial[3:]}" if len(serial) == 5 else serial
    return [f"{code}-{letters}{digits[0]}", bottom]


def _fit_font(
    draw: ImageDraw.ImageDraw, text: str, path: str, box: tuple[int, int]
) -> ImageFont.FreeTypeFont:
    size = box[1]
    while size > 8:
        font = ImageFont.truetype(path, size)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        if right - left <= box[0] and bottom - top <= box[1]:
            return font
        size -= 2
    return ImageFont.truetype(path, 8)


def render(plate: str, layout: str, colour: str, font_path: str) -> Image.Image:
    background, ink = COLOURS[colour]
    size = MOTO_SIZE if layout == "moto-2line" else CAR_SIZE
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((3, 3, size[0] - 4, size[1] - 4), outline=ink, width=4)
    lines = _lines(plate, layout)
    height = (size[1] - 20) // len(lines)
    for i, text in enumerate(lines):
        font = _fit_font(draw, text, font_path, (size[0] - 24, height - 6))
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        x = (size[0] - (right - left)) / 2 - left
        y = 10 + i * height + (height - (bottom - top)) / 2 - top
        draw.text((x, y), text, font=font, fill=ink)
    return image


def spoil(image: Image.Image, rng: random.Random) -> Image.Image:
    """What a roadside camera does to a plate."""
    w, h = image.size
    # Perspective: move each corner a little, as seen from above and aside.
    jitter = [rng.uniform(-0.08, 0.08) * s for s in (w, h) * 4]
    quad = (
        0 + jitter[0], 0 + jitter[1], 0 + jitter[2], h + jitter[3],
        w + jitter[4], h + jitter[5], w + jitter[6], 0 + jitter[7],
    )  # fmt: skip
    image = image.transform(
        (w, h), Image.Transform.QUAD, quad, Image.Resampling.BILINEAR, fillcolor=(60, 60, 60)
    )
    image = image.rotate(
        rng.uniform(-6, 6), resample=Image.Resampling.BILINEAR, expand=True, fillcolor=(60, 60, 60)
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
        layout = "moto-2line" if rng.random() < 0.5 else "car-1line"
        colour = rng.choice(colours)
        plate = random_plate(rng, layout)
        clean = render(plate, layout, colour, rng.choice(available))
        yield Sample(spoil(clean, rng), plate, layout, colour)
