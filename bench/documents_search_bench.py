"""Searching a province's incoming documents by their words on PostgreSQL: a million
documents, next to a plain indexed look-up by number/notation in the same run.

The rows are written by PostgreSQL itself (INSERT … SELECT generate_series): each has
a notation, a subject and ~150 syllables of folded text drawn from a vocabulary of
Vietnamese administrative words, so common words match hundreds of thousands of rows
and rare ones a few. Then, each the median of 5 runs:

- baseline: one document by its number/notation (the btree index);
- the list page's query through documents/search.py (full-text index): first page of
  30 newest matches, the full count, and the count the pager shows now (stopped at
  core.paging.CAP);
- the same words with LIKE on the folded column (what SQLite does), once.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/documents_search_bench.py
    BENCH_DOCUMENTS=200000 …   (fewer rows)
    BENCH_REUSE=1 …             (keep the rows a run before wrote)

Use a scratch database: it adds a million rows (about 1 GB with the index).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from bench.common import median_ms
from tinhso.accounts.models import User
from tinhso.core.choices import AdminUnitKind
from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.core.paging import CAP, CappedPaginator
from tinhso.documents import search
from tinhso.documents.models import IncomingDocument

COUNT = int(os.environ.get("BENCH_DOCUMENTS", "1000000"))
migration = import_module("tinhso.documents.migrations.0002_fulltext_index")
# Syllables of administrative Vietnamese, folded; the first ones are the most common
# (drawn with a skewed choice below), the last ones the least. Each document also
# carries two of 50 000 project codes ("ma4242"), the rare words of a search.
WORDS = [
    "van",
    "ban",
    "uy",
    "ban",
    "nhan",
    "dan",
    "tinh",
    "huyen",
    "xa",
    "phuong",
    "quyet",
    "dinh",
    "ke",
    "hoach",
    "thong",
    "bao",
    "bao",
    "cao",
    "cong",
    "van",
    "to",
    "trinh",
    "chi",
    "thi",
    "huong",
    "dan",
    "trien",
    "khai",
    "thuc",
    "hien",
    "nhiem",
    "vu",
    "cong",
    "tac",
    "quan",
    "ly",
    "nha",
    "nuoc",
    "dia",
    "ban",
    "nam",
    "thang",
    "ngay",
    "so",
    "can",
    "cu",
    "luat",
    "nghi",
    "dinh",
    "thong",
    "tu",
    "chinh",
    "phu",
    "bo",
    "truong",
    "giam",
    "doc",
    "chu",
    "tich",
    "pho",
    "de",
    "nghi",
    "cac",
    "co",
    "quan",
    "don",
    "vi",
    "dia",
    "phuong",
    "ve",
    "viec",
    "phe",
    "duyet",
    "chuyen",
    "doi",
    "so",
    "dich",
    "vu",
    "cong",
    "truc",
    "tuyen",
    "ho",
    "so",
    "thu",
    "tuc",
    "hanh",
    "chinh",
    "dat",
    "dai",
    "xay",
    "dung",
    "giao",
    "thong",
    "y",
    "te",
    "giao",
    "duc",
    "moi",
    "truong",
    "nong",
    "nghiep",
    "tai",
    "chinh",
    "ngan",
    "sach",
    "dau",
    "tu",
    "phong",
    "chong",
    "thien",
    "tai",
    "dich",
    "benh",
    "an",
    "ninh",
    "trat",
    "tu",
    "an",
    "toan",
    "thuc",
    "pham",
    "lao",
    "dong",
    "viec",
    "lam",
    "bao",
    "hiem",
    "xa",
    "hoi",
    "tre",
    "em",
    "nguoi",
    "cao",
    "tuoi",
    "ton",
    "giao",
    "dan",
    "toc",
    "bien",
    "gioi",
    "hai",
    "dao",
    "sat",
    "lo",
    "xam",
    "nhap",
    "man",
    "han",
    "han",
    "lu",
    "lut",
    "bao",
    "ap",
    "thap",
    "nhiet",
    "doi",
    "sot",
    "xuat",
    "huyet",
    "covid",
]
NOTATION_KINDS = ("QĐ", "KH", "TB", "BC", "TTr", "CT", "HD")


def fill(unit: OrgUnit, user: User) -> None:
    """COUNT rows by PostgreSQL itself; the words index built after, as a restore does."""
    table = IncomingDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE issuer = 'bench'")
        for statement in migration.DROP:
            cursor.execute(statement)
        started = time.perf_counter()
        cursor.execute(
            f"""
            INSERT INTO {table} (unit_id, year, number, received_at, channel, issuer,
                issuer_code, notation, kind, issued_on, subject, urgency, secrecy, file,
                pages, text, folded, state, deadline, done_at, registered_by_id,
                signature_note)
            SELECT %s, 2000 + (g %% 26), g, now() - (g || ' minutes')::interval, 'paper',
                'bench', '', (g %% 997 + 1) || '/' || (%s::text[])[1 + g %% 7] || '-UBND',
                'QĐ', DATE '2026-01-01' - (g %% 3000), 'Van ban so ' || g, 'normal', 'none',
                'bench.pdf', 1, '',
                array_to_string(ARRAY(
                    SELECT (%s::text[])[1 + floor(power(random(), 2.5) * %s)::int]
                    FROM generate_series(1, 150) WHERE g > 0), ' ')
                    || ' ma' || (g::bigint * 7919 %% 50000) || ' ma' || (g::bigint * 104729 %% 50000),
                'registered', NULL, NULL, %s, ''
            FROM generate_series(1, %s) AS g
            """,
            [unit.pk, list(NOTATION_KINDS), WORDS, len(WORDS), user.pk, COUNT],
        )
        inserted = time.perf_counter() - started
        started = time.perf_counter()
        for statement in migration.CREATE:
            cursor.execute(statement)
        cursor.execute(f"ANALYZE {table}")
        indexed = time.perf_counter() - started
    print(f"  {COUNT:,} rows written in {inserted:.0f} s; words index built in {indexed:.0f} s")


def main() -> None:
    if connection.vendor != "postgresql":
        print("needs DATABASE_URL=postgres://… (a scratch database): skipping")
        return
    call_command("migrate", verbosity=0)
    print(f"documents search bench — {platform.node()}, {os.cpu_count()} CPU, PostgreSQL")
    unit = OrgUnit.objects.order_by("path").first()
    if unit is None:
        area, _ = AdminUnit.objects.get_or_create(
            code="99", defaults={"name": "Bench", "kind": AdminUnitKind.PROVINCE}
        )
        unit = OrgUnit.objects.create(identifier="000.00.00.B01", name="Bench", area=area)
    user, _ = User.objects.get_or_create(phone="+84900999998", defaults={"full_name": "Bench"})
    reuse = os.environ.get("BENCH_REUSE") == "1"  # the rows of a run before, as they are
    if not (reuse and IncomingDocument.objects.filter(issuer="bench").exists()):
        fill(unit, user)
    rows = IncomingDocument.objects.filter(issuer="bench")
    wanted = rows.order_by("-received_at")
    baseline = median_ms(lambda: list(rows.filter(notation="512/KH-UBND")[:30]))
    print(f"  baseline: documents by number/notation (btree)     {baseline:8.1f} ms")
    # A project code in 1 document of 25 000, a rare word, three common ones, the
    # commonest pair.
    for query in ("ma4242", "covid", "sat lo", "ke hoach trien khai", "van ban"):
        # As the list page does: the matches (search.matching may look them up first
        # when they are few), then the newest 30.
        page = median_ms(
            lambda query=query: list(
                search.matching(rows, query).order_by("-received_at", "-id")[:30]
            )
        )
        found = search.matching(wanted, query)
        count = median_ms(lambda found=found: found.count())
        capped = median_ms(lambda found=found: CappedPaginator(found, 30).count)
        hits = found.count()
        print(
            f"  words {query!r:24} {hits:>9,} matches: first page {page:8.1f} ms, "
            f"count {count:8.1f} ms, capped count ({CAP:,}) {capped:8.1f} ms"
        )
    started = time.perf_counter()
    like = rows.filter(folded__contains="sat").filter(folded__contains="lo")
    list(like.order_by("-received_at")[:30])
    like.count()
    print(f"  the same 'sat lo' with LIKE (no index), page + count: "
          f"{(time.perf_counter() - started) * 1000:8.1f} ms")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s)), "
            "pg_size_pretty(pg_relation_size('documents_incoming_words'))",
            [IncomingDocument._meta.db_table],
        )
        table_size, index_size = cursor.fetchone()
    print(f"  table with indexes {table_size}; the words index {index_size}")


if __name__ == "__main__":
    main()
