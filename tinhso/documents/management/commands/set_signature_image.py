"""Put the registered seal of a unit, or the handwritten signature of an official, in
place for the visible marks of the documents they sign (documents/appearance.py).

    manage.py set_signature_image --unit 000.00.00.H99 con-dau.png
    manage.py set_signature_image --official 0901000013 chu-ky.png

The picture is checked (a real image, not too many pixels), made a transparent PNG —
white turned transparent, as a scan on white paper comes — and kept next to the
certificates (SIGNING_DIR), readable by the server's user only."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from PIL import Image, ImageChops

from tinhso.accounts.backends import canonical_login
from tinhso.accounts.models import User
from tinhso.core import pki
from tinhso.core.images import ImageRefused, decode
from tinhso.core.models import OrgUnit

MAX_SIDE = 1200  # pixels: a seal printed 35 mm wide needs ~420 at 300 dpi
WHITE = 235  # lighter than this on every channel: the paper, made transparent


def transparent_png(picture: Image.Image) -> bytes:
    picture = picture.convert("RGBA")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    red, green, blue, alpha = picture.split()
    # The darkest channel of each pixel: paper is light on all three.
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    ink = darkest.point(lambda value: 0 if value >= WHITE else 255)
    picture.putalpha(ImageChops.multiply(alpha, ink))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


class Command(BaseCommand):
    help = "Set a unit's seal image or an official's handwritten signature image (PNG/JPEG)."

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--unit", help="the unit's QCVN 102 identifier")
        who.add_argument("--official", help="the official's phone number or e-mail")
        parser.add_argument("picture", type=Path)

    def handle(self, *args: Any, unit: str, official: str, picture: Path, **options: Any) -> None:
        if not picture.exists():
            raise CommandError(f"Không thấy tệp {picture}.")
        try:
            with picture.open("rb") as handle:
                png = transparent_png(decode(handle))
        except ImageRefused as refused:
            raise CommandError(f"Không đọc được ảnh: {refused}") from None
        if unit:
            found = OrgUnit.objects.filter(identifier=unit).first()
            if found is None:
                raise CommandError(f"Không có đơn vị mã {unit}.")
            path = pki.store_image(pki.seal_image_path(found.identifier), png)
            self.stdout.write(f"Con dấu của {found.name}: {path}")
            return
        person = User.objects.filter(phone=canonical_login(official)).first() or (
            User.objects.filter(email__iexact=official).first()
        )
        if person is None:
            raise CommandError(f"Không có tài khoản {official}.")
        path = pki.store_image(pki.signature_image_path(pki.person_key(person)), png)
        self.stdout.write(f"Chữ ký của {person.full_name}: {path}")
