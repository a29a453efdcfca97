"""PAdES signatures on PDFs (pyHanko): a unit signs with its own certificate
(``tinhso.core.pki``), and anyone can check a file against the trusted CA.

A QR code on a signed paper carries a random token (``new_token``), not the
content: the verification page looks the document up by token, hashes the stored
file and validates its signature, so a forged or altered copy is told apart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.pki import unit_p12_path


def new_token() -> str:
    return secrets.token_urlsafe(24)


def signer_for(unit: OrgUnit) -> signers.SimpleSigner:
    path = unit_p12_path(unit.identifier)
    if not path.exists():
        raise ActionError(
            _("Đơn vị %(unit)s chưa có chứng thư số để ký kết quả. Liên hệ quản trị hệ thống.")
            % {"unit": unit.name},
            code="no_certificate",
        )
    passphrase = settings.SIGNING_P12_PASSPHRASE.encode() or None
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase)
    if signer is None:
        raise ActionError(_("Không đọc được chứng thư số của đơn vị."), code="bad_certificate")
    return signer


def sign_pdf(pdf_bytes: bytes, unit: OrgUnit, reason: str, location: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = _outside_any_loop(signers.sign_pdf, writer, meta, signer=signer_for(unit))
    return out.getvalue()


@dataclass(frozen=True)
class Verification:
    sha256: str
    signed: bool
    intact: bool
    trusted: bool
    signer: str
    signed_at: dt.datetime | None
    # The certificate's common name and organisation, as a person reads them (the full
    # subject reads "Common Name: …, Organization: …").
    signer_name: str = ""
    signer_organisation: str = ""

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted


def trust_roots() -> list[Any]:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for name in settings.SIGNING_TRUST_ROOTS:
        path = Path(name)
        if path.exists():
            for _type, _headers, der in pem.unarmor(path.read_bytes(), multiple=True):
                roots.append(asn1_x509.Certificate.load(der))
    return roots


def _outside_any_loop(function: Any, *args: Any, **kwargs: Any) -> Any:
    """pyHanko signs and validates with ``asyncio.run``; under a running event loop (an
    ASGI server, a browser test) that must happen in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def verify_pdf(data: bytes) -> Verification:
    """Hash the bytes and check the last signature against the trusted CA certificates."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data))
        embedded = reader.embedded_signatures
    except Exception:  # not a PDF, or a damaged one: simply "not signed"
        embedded = []
    if not embedded:
        return Verification(digest, False, False, False, "", None)
    status = _outside_any_loop(
        validate_pdf_signature,
        embedded[-1],
        ValidationContext(trust_roots=trust_roots(), allow_fetching=False),
    )
    subject = status.signing_cert.subject if status.signing_cert else None
    names = subject.native if subject is not None else {}
    return Verification(
        sha256=digest,
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        signer=subject.human_friendly if subject is not None else "",
        signed_at=status.signer_reported_dt,
        signer_name=str(names.get("common_name", "")),
        signer_organisation=str(names.get("organization_name", "")),
    )
