"""The two signatures of an outgoing document, on the PDF alone (no database): what
``outgoing.do_sign_outgoing`` and ``do_issue_outgoing`` store, and what
bench/outgoing_bench.py measures.

1. The leader's: the draft's layout is found (appearance.plan), the blanks for the
   number, the date and the QR code are added, and the leader signs visibly.
2. The organisation's: the blanks are filled in (the one change the leader's signature
   allows after it, core/pdf_forms.py) and the organisation signs with its seal.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from tinhso.core import signing
from tinhso.core.pdf_forms import add_blanks, fill_blanks
from tinhso.documents import appearance


def by_leader(
    draft: bytes,
    signer: signers.SimpleSigner,
    *,
    name: str,
    suffix: str,
    at: dt.datetime,
    reason: str,
    location: str,
    image: bytes | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """(the signed PDF, where the marks go), ``at`` in local time; ``image`` the
    signer's handwritten signature when there is one."""
    layout = appearance.plan(draft, name, suffix=suffix)
    writer = IncrementalPdfFileWriter(io.BytesIO(draft), strict=False)
    add_blanks(
        writer,
        [
            appearance.blank(layout, "number", appearance.NUMBER_BLANK),
            appearance.blank(layout, "date", appearance.DATE_BLANK),
            appearance.blank(layout, "check", appearance.CHECK_BLANK),
        ],
    )
    page, box = appearance.place(layout, "signer")
    signed = signing.sign_visibly(
        writer,
        signer,
        field_name="NguoiKy",
        appearance=signing.Appearance(page, box, appearance.signer_look(name, at, image)),
        reason=reason,
        location=location,
    )
    return signed, layout


def by_organisation(
    signed: bytes,
    layout: dict[str, Any],
    signer: signers.SimpleSigner,
    *,
    organisation: str,
    number: int,
    notation: str,
    day: dt.date,
    check_url: str,
    reason: str,
    seal: bytes | None = None,
) -> bytes:
    """The issued PDF: number, date and QR code filled in, the seal's signature over all."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    number_only = bool(layout.get("number_only"))
    fill_blanks(
        writer,
        {
            appearance.CHECK_BLANK: (
                check_url,
                appearance.qr_look(appearance.place(layout, "check")[1], check_url),
            ),
            appearance.NUMBER_BLANK: (
                notation,
                appearance.text_look(
                    appearance.place(layout, "number")[1],
                    f"{number:02d}" if number_only else notation,
                    align="R" if number_only else "L",
                ),
            ),
            appearance.DATE_BLANK: (
                appearance.date_words(day),
                appearance.text_look(
                    appearance.place(layout, "date")[1], appearance.date_words(day)
                ),
            ),
        },
    )
    page, box = appearance.place(layout, "seal")
    return signing.sign_visibly(
        writer,
        signer,
        field_name="CoQuan",
        appearance=signing.Appearance(page, box, appearance.seal_look(organisation, seal)),
        reason=reason,
        location=organisation,
    )
