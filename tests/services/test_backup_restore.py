"""`manage.py backup` then `manage.py restore` onto a fresh installation (a new database
and a new var folder, in other processes): every table's rows, the audit chain, every
file a row names, a signed result that still verifies as genuine, and the same SSO
signing key."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from tests.reports.conftest import BINH_AN, binh_an_staff, jpeg, province  # noqa: F401
from tests.services.test_results import finished  # noqa: F401
from tinhso.reports import actions as report_actions
from tinhso.reports.models import Category, ReportPhoto
from tinhso.services.choices import DocumentKind

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
CHECK = """
import hashlib, json
from django.conf import settings
from django.db import connection
from tinhso.core.signing import verify_pdf
from tinhso.services.models import DossierDocument
with connection.cursor() as cursor:
    tables = connection.introspection.table_names(cursor)
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
result = DossierDocument.objects.get(kind="result")
with result.file.open("rb") as handle:
    check = verify_pdf(handle.read())
key = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode()
print(json.dumps({"counts": counts, "valid": check.valid, "signer": check.signer,
                  "key": hashlib.sha256(key).hexdigest()}))
"""


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = cursor.fetchone()[0]
    return out


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the same kind as the one the tests use."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'tinhso.sqlite3'}"
        return
    import psycopg

    name = f"restore_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_backup_and_restore_onto_a_fresh_installation(
    finished,  # noqa: F811  a dossier with its signed result
    province,  # noqa: F811
    binh_an_staff,  # noqa: F811
    citizen,
    settings,
    tmp_path,
    fresh_database_url,
):
    settings.REPORTS_PER_ACCOUNT_HOUR = 100
    report_actions.do_submit_report(
        category=Category.objects.get(code="den-duong"),
        reporter=citizen,
        latitude=BINH_AN[0],
        longitude=BINH_AN[1],
        description="Đèn đường tắt",
        photos=[jpeg()],
    )
    assert ReportPhoto.objects.count() == 1
    assert finished.documents.filter(kind=DocumentKind.RESULT).exists()
    before = table_counts()
    key = hashlib.sha256(
        django_settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode()
    ).hexdigest()

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").glob("tinhso-backup-*.tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # keys and personal data inside

    fresh = tmp_path / "fresh"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "OIDC_RSA_PRIVATE_KEY", "MEDIA_ROOT", "SIGNING_DIR")
    }
    env.update(
        DEBUG="1",
        TINHSO_VAR_DIR=str(fresh),
        DATABASE_URL=fresh_database_url,
        SIGNING_TRUST_ROOTS=str(fresh / "pki" / "ca.pem"),
    )
    restored = manage(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert manage(env, "restore", str(archive)).returncode != 0  # only onto an empty one
    audit = manage(env, "verify_audit")
    assert audit.returncode == 0, audit.stdout + audit.stderr[-1000:]
    storage = manage(env, "check_storage")
    assert storage.returncode == 0 and "0 row(s) without their file" in storage.stdout
    check = manage(env, "shell", "-c", CHECK)
    assert check.returncode == 0, check.stderr[-2000:]
    after = json.loads(check.stdout.strip().splitlines()[-1])
    assert after["counts"] == before  # every table, every row
    assert after["valid"] and "UBND phường An" in after["signer"]  # genuine, still
    assert after["key"] == key  # SSO tokens signed before still verify


def test_a_damaged_archive_is_refused_before_anything_is_written(tmp_path, settings):
    call_command("backup", str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("*.tar.gz")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"damaged|not a readable"):
        call_command("restore", str(archive), stdout=io.StringIO())
