"""Meeting documents as page pictures for tablets: pages per second on one core when
rendered (PDFium at 110 dpi, a PNG of 32 colours) and when served from the disk cache, next to
reading the same pages' text layer in the same run (the cheapest thing a server can do
with a page).

No database: the same function the page view calls (meetings/pages.py), on a scratch
VAR_DIR and an unsaved document.

    .venv/bin/python bench/meeting_pages_bench.py          # a 20-page document
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
SCRATCH = tempfile.mkdtemp(prefix="tinhso-pages-bench-")
os.environ["TINHSO_VAR_DIR"] = SCRATCH
os.environ["OMP_THREAD_LIMIT"] = "1"

import django

django.setup()

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from tinhso.core.pdfs import read_pdf
from tinhso.core.sample_documents import administrative_pdf
from tinhso.meetings import pages
from tinhso.meetings.models import MeetingDocument

PAGES = int(os.environ.get("BENCH_PAGES", "20"))
BODY = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; " * 55


def document() -> MeetingDocument:
    data = administrative_pdf(
        issuer="Hội đồng nhân dân tỉnh Bình An", notation="      /NQ-HĐND", place="Bình An",
        issued_on=None, kind_heading="NGHỊ QUYẾT", subject="dự toán ngân sách năm 2027",
        body="\n".join([BODY] * PAGES), signer_title="CHỦ TỊCH",
    )  # fmt: skip
    storage = FileSystemStorage(location=SCRATCH)
    found = MeetingDocument(pk=1, version=1, pages=read_pdf(data).pages)
    found.file.storage = storage
    found.file.name = storage.save("bench.pdf", ContentFile(data))
    return found


def rate(label: str, count: int, seconds: float, extra: str = "") -> None:
    print(
        f"  {label:<46} {count / seconds:8.1f} pages/s  ({seconds * 1000 / count:6.1f} ms a page){extra}"
    )


def main() -> None:
    found = document()
    print(
        f"Meeting pages bench — {platform.node()}, {os.cpu_count()} CPU, one core, "
        f"{found.pages} pages, {pages.DPI} dpi PNG of {pages.COLOURS} colours"
    )
    with found.file.open("rb") as stored:
        data = stored.read()
    started = time.perf_counter()
    read_pdf(data)
    rate("baseline: the text layer of every page", found.pages, time.perf_counter() - started)
    started = time.perf_counter()
    sizes = [len(pages.page_png(found, n)) for n in range(1, found.pages + 1)]
    rate(
        "rendered (first reader of each page)",
        found.pages,
        time.perf_counter() - started,
        f", {sum(sizes) / len(sizes) / 1024:.0f} KB a page",
    )
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for n in range(1, found.pages + 1):
            pages.page_png(found, n)
    rate(
        "from the disk cache (every later reader)",
        found.pages * rounds,
        time.perf_counter() - started,
    )
    print(f"  cache: {settings.VAR_DIR}/meeting-pages")


if __name__ == "__main__":
    main()
