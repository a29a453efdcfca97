"""Certificates for signing official documents (results, notices, letters).

A unit signs with the key in ``<SIGNING_DIR>/units/<identifier>.p12`` (the
organisation's signature); an official who signs documents — a leader — with their own
in ``<SIGNING_DIR>/people/<key>.p12`` (the personal signature Decree 30/2020/NĐ-CP asks
of the signer), kept on the server as a remote-signing service keeps it and used only
after the official has typed their second-factor code again. The demo CA made here
stands in for the Government's CA (Ban Cơ yếu Chính phủ); a province replaces the files
with its real ones and keeps the code.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"


def unit_p12_path(identifier: str) -> Path:
    return Path(settings.SIGNING_DIR) / "units" / f"{identifier}.p12"


def person_key(user: Any) -> str:
    """The file name of an official's personal certificate and signature image."""
    return f"user-{user.pk}"


def person_p12_path(key: str) -> Path:
    """``key``: the official's stable id (their account's UUID), never a name."""
    return Path(settings.SIGNING_DIR) / "people" / f"{key}.p12"


def seal_image_path(identifier: str) -> Path:
    """The organisation's registered seal as a transparent PNG (Decree 30: the image
    of its organisation's digital signature)."""
    return Path(settings.SIGNING_DIR) / "seals" / f"{identifier}.png"


def signature_image_path(key: str) -> Path:
    """An official's handwritten signature as a transparent PNG, shown where they sign."""
    return Path(settings.SIGNING_DIR) / "signature-images" / f"{key}.png"


def image_if_any(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def store_image(path: Path, png: bytes) -> Path:
    _write_private(path, png)
    return path


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, for_ca: bool) -> x509.KeyUsage:
    """A CA signs certificates and revocation lists; a unit signs documents (with
    non-repudiation: a signed result is the agency's commitment)."""
    return x509.KeyUsage(
        digital_signature=not for_ca,
        content_commitment=not for_ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=for_ca,
        crl_sign=for_ca,
        encipher_only=False,
        decipher_only=False,
    )


def ensure_demo_ca(organisation: str) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """Load the demo CA from SIGNING_DIR, creating it the first time."""
    base = Path(settings.SIGNING_DIR)
    cert_path, key_path = base / CA_FILE, base / CA_KEY_FILE
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return cert, key
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    now = dt.datetime.now(dt.UTC)
    name = _name(f"CA thử nghiệm — {organisation}", organisation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(for_ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def issue_unit_certificate(
    identifier: str, unit_name: str, organisation: str, years: int = 3
) -> Path:
    """A signing certificate for one unit, stored as PKCS#12 next to its key."""
    return _issue(unit_p12_path(identifier), identifier, _name(unit_name, organisation), years)


def issue_person_certificate(
    key: str, full_name: str, organisation: str, unit_name: str = "", years: int = 3
) -> Path:
    """A personal signing certificate for an official (CN their name, OU their unit)."""
    name = _name(full_name, organisation)
    if unit_name:
        name = x509.Name(
            [*name, x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit_name[:64])]
        )
    return _issue(person_p12_path(key), key, name, years)


def _issue(path: Path, label: str, subject: x509.Name, years: int) -> Path:
    organisation = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    ca_cert, ca_key = ensure_demo_ca(str(organisation))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(for_ca=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    passphrase = settings.SIGNING_P12_PASSPHRASE.encode() or None
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(label.encode(), key, cert, [ca_cert], encryption)
    _write_private(path, data)
    return path
