"""OCR of scanned incoming documents: how many fields the clerk finds filled in right,
and pages per minute per core, next to reading the same letters' text layer in the
same run (the baseline: what an electronic PDF gives).

Letters are generated in the layout of Decree 30 (core/sample_documents.py) with varied
issuers, kinds, numbers, dates and subjects, then "scanned": rendered at 200 dpi,
tilted up to 0.8°, specks, a slight blur, JPEG — and read by Tesseract (vie) one page
at a time on one core (OMP_THREAD_LIMIT=1).

    .venv/bin/python bench/ocr_bench.py            # 24 letters
    BENCH_LETTERS=60 .venv/bin/python bench/ocr_bench.py
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

from tinhso.core.pdfs import read_pdf
from tinhso.core.sample_documents import administrative_pdf, as_image, scanned
from tinhso.documents import ocr, recognise

LETTERS = int(os.environ.get("BENCH_LETTERS", "24"))
ISSUERS = [
    ("Ủy ban nhân dân tỉnh Tây Ninh", "UBND"),
    ("Sở Nội vụ tỉnh Tây Ninh", "SNV"),
    ("Sở Y tế tỉnh Tây Ninh", "SYT"),
    ("Ủy ban nhân dân huyện Châu Thành", "UBND"),
]
KINDS = [("QUYẾT ĐỊNH", "QĐ"), ("KẾ HOẠCH", "KH"), ("THÔNG BÁO", "TB"), ("", "CV"),
         ("TỜ TRÌNH", "TTr"), ("BÁO CÁO", "BC")]  # fmt: skip
SUBJECTS = [
    "phê duyệt kế hoạch chuyển đổi số năm 2026",
    "triển khai tháng hành động vì an toàn thực phẩm",
    "tăng cường công tác phòng, chống dịch sốt xuất huyết",
    "tổ chức kỳ thi tuyển dụng viên chức giáo dục năm 2026",
    "kiện toàn Ban chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn",
    "báo cáo kết quả thực hiện nhiệm vụ quý I năm 2026",
]
FIELDS = ("issuer", "notation", "kind", "issued_on", "subject")


def letters() -> list[tuple[dict[str, object], bytes]]:
    rng = random.Random(2026)
    made = []
    for index in range(LETTERS):
        issuer, abbreviation = ISSUERS[index % len(ISSUERS)]
        heading, kind = KINDS[index % len(KINDS)]
        number = rng.randint(1, 950)
        notation = (
            f"{number}/{abbreviation}-VP" if kind == "CV" else f"{number}/{kind}-{abbreviation}"
        )
        issued_on = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
        pdf = administrative_pdf(
            issuer=issuer, notation=notation, place="Tây Ninh", issued_on=issued_on,
            kind_heading=heading, subject=subject,
            body="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        )  # fmt: skip
        truth = {
            "issuer": issuer.upper(), "notation": notation, "kind": kind,
            "issued_on": issued_on, "subject": subject,
        }  # fmt: skip
        made.append((truth, pdf))
    return made


def score(truths: list[dict[str, object]], guesses: list[recognise.Guess]) -> dict[str, float]:
    right = dict.fromkeys(FIELDS, 0)
    for truth, guess in zip(truths, guesses, strict=True):
        for name in FIELDS:
            right[name] += getattr(guess, name) == truth[name]
    return {name: right[name] / len(truths) for name in FIELDS}


def line(label: str, scores: dict[str, float], pages_per_minute: float) -> str:
    fields = "  ".join(f"{name} {value:.2f}" for name, value in scores.items())
    every = sum(scores.values()) / len(scores)
    return f"  {label:<34} {fields}  (all fields {every:.2f})  {pages_per_minute:,.0f} pages/min"


def main() -> None:
    if not ocr.available():
        print("tesseract is not installed (make system-deps): skipping")
        return
    print(f"OCR bench — {platform.node()}, {os.cpu_count()} CPU, {LETTERS} letters, one core")
    made = letters()
    truths = [truth for truth, _pdf in made]
    started = time.perf_counter()
    layer = [recognise.guess(read_pdf(pdf).text) for _truth, pdf in made]
    layer_rate = len(made) / (time.perf_counter() - started) * 60
    scans = [as_image(scanned(pdf, seed=index)) for index, (_truth, pdf) in enumerate(made)]
    started = time.perf_counter()
    read = [recognise.guess(ocr.read_image(scan)) for scan in scans]
    ocr_rate = len(made) / (time.perf_counter() - started) * 60
    print(line("baseline: the PDF's text layer", score(truths, layer), layer_rate))
    print(line("scanned at 200 dpi, OCR (vie)", score(truths, read), ocr_rate))
    misses = [
        (name, truth[name], getattr(guess, name))
        for truth, guess in zip(truths, read, strict=True)
        for name in FIELDS
        if getattr(guess, name) != truth[name]
    ]
    for name, want, got in misses[:8]:
        print(f"    miss {name}: {want!r} → {got!r}")


if __name__ == "__main__":
    main()
