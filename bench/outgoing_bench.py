"""Outgoing documents: what each step costs a server, next to baselines measured in the
same run.

- DOCX → PDF with LibreOffice (a one-page and a ten-page draft), next to LibreOffice
  converting an empty document (its start-up: the floor of any conversion);
- the leader's signature (finding where the marks go, the blanks, a visible PAdES
  signature) and the clerk's issue (filling the blanks, the seal, the organisation's
  signature), next to one plain PAdES signature of the same draft (``sign_pdf``);
- checking the issued file's two signatures, next to checking a file with one.

No database: the same functions the ``do_*`` call, on a scratch demo CA.

    .venv/bin/python bench/outgoing_bench.py          # 10 documents a step
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
SCRATCH = tempfile.mkdtemp(prefix="tinhso-outgoing-bench-")
os.environ["TINHSO_VAR_DIR"] = SCRATCH

import django

django.setup()

from django.conf import settings
from django.utils import timezone

from tinhso.core import office, pki, signing
from tinhso.core.models import OrgUnit
from tinhso.core.sample_documents import administrative_pdf, draft_docx
from tinhso.documents import signatures

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
SIGNER = "Ngô Thị Lan"
BODY = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; " * 6


def timed(label: str, work: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    median = statistics.median(times) * 1000
    print(f"  {label:<58} {median:8.0f} ms  (median of {rounds})")
    return median


def leader_signs(draft: bytes, signer: object) -> tuple[bytes, dict[str, object]]:
    return signatures.by_leader(
        draft,
        signer,  # type: ignore[arg-type]
        name=SIGNER,
        suffix="/QĐ-UBND",
        at=timezone.localtime(),
        reason="Ký ban hành",
        location="Bình An",
    )


def clerk_issues(signed: bytes, layout: dict[str, object], unit: OrgUnit) -> bytes:
    return signatures.by_organisation(
        signed,
        layout,
        signing.signer_for(unit),
        organisation=unit.name,
        number=15,
        notation="15/QĐ-UBND",
        day=timezone.localdate(),
        check_url="https://tinhso.example/verify/abc/",
        reason="Ban hành",
    )


def main() -> None:
    print(
        f"Outgoing documents bench — {platform.node()}, {os.cpu_count()} CPU, "
        f"pyHanko PAdES, RSA-2048, {timezone.localdate():%Y-%m-%d}"
    )
    settings.SIGNING_DIR = Path(SCRATCH) / "pki"
    settings.SIGNING_TRUST_ROOTS = [str(Path(settings.SIGNING_DIR) / "ca.pem")]
    unit = OrgUnit(identifier="000.00.99.H99", name="Ủy ban nhân dân phường Bình An")
    pki.issue_unit_certificate(unit.identifier, unit.name, "Bench")
    pki.issue_person_certificate("bench-leader", SIGNER, "Bench", unit.name)
    leader = signing.personal_signer("bench-leader", SIGNER)
    draft = administrative_pdf(
        issuer=unit.name, notation="      /QĐ-UBND", place="Bình An", issued_on=None,
        kind_heading="QUYẾT ĐỊNH", subject="ban hành quy chế làm việc", body=BODY,
        signer_title="CHỦ TỊCH", signer_name=SIGNER,
    )  # fmt: skip

    if office.available():
        print("DOCX → PDF (LibreOffice headless, a fresh process each time)")
        empty = draft_docx(
            issuer="", kind_abbreviation="", place="", kind_heading="", subject="", body=""
        )
        one = draft_docx(
            issuer=unit.name, kind_abbreviation="QĐ-UBND", place="Bình An",
            kind_heading="QUYẾT ĐỊNH", subject="ban hành quy chế", body=BODY,
            signer_name=SIGNER,
        )  # fmt: skip
        ten = draft_docx(
            issuer=unit.name, kind_abbreviation="QĐ-UBND", place="Bình An",
            kind_heading="QUYẾT ĐỊNH", subject="ban hành quy chế",
            body="\n".join([BODY] * 60), signer_name=SIGNER,
        )  # fmt: skip
        rounds = max(3, ROUNDS // 3)
        timed(
            "baseline: an empty document (LibreOffice start-up)",
            lambda: office.docx_to_pdf(empty),
            rounds,
        )
        timed("a one-page draft", lambda: office.docx_to_pdf(one), rounds)
        pages = len(__import__("pypdfium2").PdfDocument(office.docx_to_pdf(ten)))
        timed(f"a {pages}-page draft", lambda: office.docx_to_pdf(ten), rounds)
    else:
        print("LibreOffice is not installed (make system-deps): DOCX → PDF not measured")

    print("Signing (one page)")
    timed(
        "baseline: one plain PAdES signature (sign_pdf)",
        lambda: signing.sign_pdf(draft, unit, "Ban hành", "Bình An"),
    )
    timed(
        "the leader signs: layout, blanks, visible signature", lambda: leader_signs(draft, leader)
    )
    signed, layout = leader_signs(draft, leader)
    timed(
        "the clerk issues: number, date, QR, seal signature",
        lambda: clerk_issues(signed, layout, unit),
    )
    final = clerk_issues(signed, layout, unit)

    print("Checking (what /verify/ does)")
    single = signing.sign_pdf(draft, unit, "Ban hành", "Bình An")
    timed("baseline: a file with one signature", lambda: signing.verify_pdf(single))
    timed(
        "the issued file: two signatures and the changes between", lambda: signing.verify_pdf(final)
    )
    found = signing.verify_pdf(final)
    print(
        f"  issued file valid: {found.valid}; signatures: {[s.signer_name for s in found.signatures]}"
    )


if __name__ == "__main__":
    main()
