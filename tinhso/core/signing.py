"""PAdES signatures on PDFs (pyHanko): a unit signs with its own certificate
(``tinhso.core.pki``), and anyone can check a file against the trusted CA.

A QR code on a signed paper carries a random token (``new_token``), not the
content: the verification page looks the document up by token, hashes the stored
file and validates its signature, so a forged or altered copy is told apart.

A document may carry several signatures one after the other (Decree 30/2020/NĐ-CP:
the leader signs, then the clerk fills in the number and date and the organisation
signs). Each is checked, and what was changed after an earlier one is judged by
pyHanko's difference analysis: filling in form fields and adding a later signature are
allowed; anything else (a changed page) makes the document "changed after signing".
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import io
import secrets
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.pki import person_p12_path, unit_p12_path


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _load(path: Path) -> signers.SimpleSigner:
    passphrase = settings.SIGNING_P12_PASSPHRASE.encode() or None
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase)
    if signer is None:
        raise ActionError(_("Không đọc được chứng thư số."), code="bad_certificate")
    return signer


def signer_for(unit: OrgUnit) -> signers.SimpleSigner:
    path = unit_p12_path(unit.identifier)
    if not path.exists():
        raise ActionError(
            _("Đơn vị %(unit)s chưa có chứng thư số để ký kết quả. Liên hệ quản trị hệ thống.")
            % {"unit": unit.name},
            code="no_certificate",
        )
    return _load(path)


def personal_signer(key: str, full_name: str) -> signers.SimpleSigner:
    """The official's own certificate (``pki.issue_person_certificate``)."""
    path = person_p12_path(key)
    if not path.exists():
        raise ActionError(
            _("%(name)s chưa có chứng thư số cá nhân để ký văn bản. Liên hệ quản trị hệ thống.")
            % {"name": full_name},
            code="no_certificate",
        )
    return _load(path)


@dataclass(frozen=True)
class Appearance:
    """Where a visible signature goes and what it looks like: ``pdf`` is a one-page PDF
    the size of ``box`` (x1, y1, x2, y2 in points) drawn there."""

    page: int  # 0-based; -1 the last
    box: tuple[float, float, float, float]
    pdf: bytes


def sign_visibly(
    writer: IncrementalPdfFileWriter,
    signer: signers.SimpleSigner,
    *,
    field_name: str,
    appearance: Appearance,
    reason: str,
    location: str = "",
) -> bytes:
    """Sign what ``writer`` holds (with any change already made in it, such as filled
    form fields: they become part of this signature's revision), with a visible
    signature field."""
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    with _as_file(appearance.pdf) as look:
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=StaticStampStyle.from_pdf_file(look, border_width=0),
            new_field_spec=fields.SigFieldSpec(
                field_name,
                on_page=appearance.page,
                box=tuple(round(v) for v in appearance.box),  # type: ignore[arg-type]
            ),
        )
        out = _outside_any_loop(pdf_signer.sign_pdf, writer)
    return bytes(out.getvalue())


@contextlib.contextmanager
def _as_file(data: bytes) -> Iterator[str]:
    # pyHanko imports a page for an appearance only from a file name.
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        yield handle.name


def sign_pdf(pdf_bytes: bytes, unit: OrgUnit, reason: str, location: str) -> bytes:
    return sign_pdf_as(pdf_bytes, signer_for(unit), "ChuKySo", reason, location)


def sign_pdf_as(
    pdf_bytes: bytes, signer: signers.SimpleSigner, field_name: str, reason: str, location: str
) -> bytes:
    """An invisible PAdES signature in a new field (after any earlier ones: each
    signature is its own revision, so both stay valid)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = _outside_any_loop(signers.sign_pdf, writer, meta, signer=signer)
    return bytes(out.getvalue())


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a document, as a person reads it."""

    field_name: str
    signer_name: str
    signer_organisation: str
    signed_at: dt.datetime | None
    intact: bool  # the bytes it covers are as signed, and nothing forbidden came after
    trusted: bool
    # What was added after it: nothing, filled-in fields or later signatures (allowed).
    changed_after: bool


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
    # Every signature, the first first (a leader's, then the organisation's).
    signatures: tuple[SignatureCheck, ...] = ()

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


def _check(embedded: Any) -> tuple[SignatureCheck, Any]:
    status = _outside_any_loop(
        validate_pdf_signature,
        embedded,
        ValidationContext(trust_roots=trust_roots(), allow_fetching=False),
    )
    subject = status.signing_cert.subject if status.signing_cert else None
    names = subject.native if subject is not None else {}
    level = status.modification_level
    allowed = level is not None and level <= ModificationLevel.FORM_FILLING
    return SignatureCheck(
        field_name=str(embedded.field_name or ""),
        signer_name=str(names.get("common_name", "")),
        signer_organisation=str(names.get("organization_name", "")),
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid and allowed and status.docmdp_ok),
        trusted=bool(status.trusted),
        changed_after=level is not None and level != ModificationLevel.NONE,
    ), subject


def verify_pdf(data: bytes) -> Verification:
    """Hash the bytes and check every signature against the trusted CA certificates; the
    document is intact when each is (the last covers the whole file)."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data))
        embedded = reader.embedded_signatures
    except Exception:  # not a PDF, or a damaged one: simply "not signed"
        embedded = []
    if not embedded:
        return Verification(digest, False, False, False, "", None)
    checked = [_check(one) for one in embedded]
    last, subject = checked[-1]
    every = tuple(check for check, _subject in checked)
    return Verification(
        sha256=digest,
        signed=True,
        intact=all(check.intact for check in every),
        trusted=all(check.trusted for check in every),
        signer=subject.human_friendly if subject is not None else "",
        signed_at=last.signed_at,
        signer_name=last.signer_name,
        signer_organisation=last.signer_organisation,
        signatures=every,
    )
