"""The message log: every exchange written, chained and signed in batches.

Writing is one INSERT per exchange and takes no lock, so that the gateway's callers
do not queue behind each other. Sealing (``seal``, run by ``manage.py
seal_exchange_log`` every few seconds) then takes the rows not yet in the chain in
the order they were written, gives each the next place (``seq``) and a hash of its
fields chained to the one before, and signs the head of the chain with the operator
unit's certificate (``LogSeal``). ``verify`` finds a row edited, a row removed (a gap in
the places, a chain that does not follow) and a seal whose signature or certificate
does not hold.

What this cannot prove: a row edited or removed in the seconds before it is sealed —
the same window X-Road's own message log has before its batch time-stamp; the sealer
runs often to keep it short.

The signature is a plain RSA-SHA256 signature over a one-line statement, made with
the key of the unit's PKCS#12 (core/pki.py) and kept with its certificate: the issue
asks for a detached signature over each batch's chain head, and a CMS envelope would
add a parser to the verification without adding a check.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.core.pki import unit_p12_path
from tinhso.exchange.models import Exchange, ExchangeBody, LogSeal

GENESIS_HASH = "0" * 64
SEAL_BATCH = 5000
_PG_SEAL_LOCK_KEY = 0x7A1D18  # one sealer at a time (the audit log uses 0x7A1D17)


def _fields(row: Exchange) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "message_id": str(row.message_id),
        "at": row.at.astimezone(dt.UTC).isoformat(),
        "client": row.client,
        "service": row.service,
        "method": row.method,
        "path": row.path,
        "status": row.status,
        "error": row.error,
        "duration_ms": row.duration_ms,
        "request_bytes": row.request_bytes,
        "response_bytes": row.response_bytes,
        "request_sha256": row.request_sha256,
        "response_sha256": row.response_sha256,
    }


def entry_hash(prev_hash: str, row: Exchange) -> str:
    canonical = json.dumps(_fields(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def statement(seal: LogSeal) -> bytes:
    """What a seal's signature covers."""
    return (
        f"tinhso-exchange-log|{seal.first_seq}|{seal.last_seq}|{seal.head_hash}|"
        f"{seal.sealed_at.astimezone(dt.UTC).isoformat()}"
    ).encode()


def record(
    *,
    at: dt.datetime,
    client: str,
    service: str,
    method: str,
    path: str,
    status: int,
    error: str,
    duration_ms: int,
    request: bytes,
    response: bytes,
    keep_days: int | None = None,
    message_id: Any = None,
    complete: bool = True,
) -> Exchange:
    """One exchange into the log (its bodies too, for ``keep_days`` when given).
    ``complete=False``: the answer is still being passed on; ``finish`` completes it."""
    row = Exchange(
        at=at,
        client=client[:300],
        service=service[:400],
        method=method[:8],
        path=path[:2000],
        status=status,
        error=error[:64],
        duration_ms=max(0, duration_ms),
        request_bytes=len(request),
        response_bytes=len(response),
        request_sha256=hashlib.sha256(request).hexdigest(),
        response_sha256=hashlib.sha256(response).hexdigest(),
        complete=complete,
    )
    if message_id is not None:
        row.message_id = message_id
    with transaction.atomic():
        row.save()
        if keep_days:
            ExchangeBody.objects.create(
                exchange=row,
                request=request,
                response=response,
                expires_at=at + dt.timedelta(days=keep_days),
            )
    return row


def finish(row_id: int, *, sha256: str, size: int, duration_ms: int, error: str = "") -> None:
    """The answer of a streamed exchange has gone (or stopped): its hash and size."""
    done = {"response_sha256": sha256, "response_bytes": size, "duration_ms": duration_ms}
    if error:
        done["error"] = error[:64]
    Exchange.objects.filter(pk=row_id, complete=False).update(complete=True, **done)


# A row whose answer is still streaming is sealed once complete, or after this long (a
# worker that died mid-answer): then as it stands, its answer's hash left empty.
STREAM_GRACE = dt.timedelta(hours=1)


def _operator_key() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    path = unit_p12_path(settings.EXCHANGE_SIGNING_UNIT)
    if not settings.EXCHANGE_SIGNING_UNIT or not path.exists():
        raise ActionError(
            _(
                "Chưa có chứng thư số của đơn vị vận hành trục (EXCHANGE_SIGNING_UNIT) để "
                "ký nhật ký trao đổi."
            ),
            code="no_certificate",
        )
    passphrase = settings.SIGNING_P12_PASSPHRASE.encode() or None
    key, cert, _chain = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase)
    if not isinstance(key, rsa.RSAPrivateKey) or cert is None:
        raise ActionError(_("Không đọc được chứng thư số của đơn vị."), code="bad_certificate")
    return key, cert


def seal(batch: int = SEAL_BATCH) -> LogSeal | None:
    """Chain and sign the rows written since the last seal (at most ``batch``); None
    when there were none."""
    key, cert = _operator_key()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_SEAL_LOCK_KEY])
        last = Exchange.objects.filter(seq__isnull=False).order_by("-seq").first()
        seq, head = (last.seq or 0, last.entry_hash) if last else (0, GENESIS_HASH)
        waiting = Q(complete=False, at__gt=timezone.now() - STREAM_GRACE)
        rows = list(
            Exchange.objects.filter(seq__isnull=True).exclude(waiting).order_by("id")[:batch]
        )
        if not rows:
            return None
        first = seq + 1
        for row in rows:
            seq += 1
            row.seq, row.prev_hash = seq, head
            row.entry_hash = head = entry_hash(head, row)
        Exchange.objects.bulk_update(rows, ["seq", "prev_hash", "entry_hash"], batch_size=1000)
        made = LogSeal(first_seq=first, last_seq=seq, head_hash=head, sealed_at=timezone.now())
        made.signature = base64.b64encode(
            key.sign(statement(made), padding.PKCS1v15(), hashes.SHA256())
        ).decode()
        made.certificate = cert.public_bytes(serialization.Encoding.PEM).decode()
        made.save()
    return made


def purge_bodies(now: dt.datetime | None = None) -> int:
    """Remove the kept bodies past their days (Decree 13); the log rows stay."""
    deleted, _by_model = ExchangeBody.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


@dataclass(frozen=True)
class Break:
    where: str  # "seq 12", "seal 3–9"
    reason: str


def _trusted(cert: x509.Certificate) -> bool:
    for name in settings.SIGNING_TRUST_ROOTS:
        path = Path(name)
        if not path.exists():
            continue
        for root in x509.load_pem_x509_certificates(path.read_bytes()):
            try:
                cert.verify_directly_issued_by(root)
                return True
            except (ValueError, TypeError, InvalidSignature):
                continue
    return False


def _seal_breaks(made: LogSeal, heads: dict[int, str]) -> Iterator[Break]:
    where = f"seal {made.first_seq}–{made.last_seq}"
    if heads.get(made.last_seq) != made.head_hash:
        yield Break(where, "the chain's head does not match the sealed one: rows changed")
    try:
        cert = x509.load_pem_x509_certificate(made.certificate.encode())
        public = cert.public_key()
        if not isinstance(public, rsa.RSAPublicKey):
            raise ValueError("not an RSA key")
        public.verify(
            base64.b64decode(made.signature), statement(made), padding.PKCS1v15(), hashes.SHA256()
        )
    except (ValueError, TypeError, InvalidSignature):
        yield Break(where, "the signature does not verify")
        return
    if not _trusted(cert):
        yield Break(where, "the signer's certificate is not issued by a trusted CA")


def verify(chunk: int = 5000) -> Iterator[Break]:
    """Every place where the log does not hold, oldest first."""
    seals = list(LogSeal.objects.order_by("last_seq"))
    wanted = {s.last_seq for s in seals}
    heads: dict[int, str] = {}
    expected_seq, expected_prev = 1, GENESIS_HASH
    rows = Exchange.objects.filter(seq__isnull=False).order_by("seq")
    for row in rows.iterator(chunk_size=chunk):
        where = f"seq {row.seq}"
        if row.seq != expected_seq:
            yield Break(where, f"rows {expected_seq}–{(row.seq or 0) - 1} are missing")
        if row.prev_hash != expected_prev:
            yield Break(where, "the previous hash does not match: a row was removed or added")
        if entry_hash(row.prev_hash, row) != row.entry_hash:
            yield Break(where, "the content does not match its hash: the row was edited")
        if row.seq in wanted:
            heads[row.seq] = row.entry_hash
        expected_seq, expected_prev = (row.seq or 0) + 1, row.entry_hash
    previous_last = 0
    for made in seals:
        if made.first_seq != previous_last + 1:
            yield Break(f"seal {made.first_seq}–{made.last_seq}", "a seal before it is missing")
        previous_last = made.last_seq
        yield from _seal_breaks(made, heads)
