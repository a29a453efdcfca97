"""One archive holds everything a province needs to come back after losing a server:

    database/   the database (PostgreSQL: pg_dump's custom format; SQLite: a copy
                made with SQLite's online backup API — both consistent while the
                platform keeps running)
    media/      uploaded and generated files (scans, photos, signed results)
    pki/        SIGNING_DIR: the CA and the units' certificates. Without it a
                restored server calls every genuine signed paper forged.
    keys/       the generated SECRET_KEY and OIDC signing key, when they are files in
                TINHSO_VAR_DIR (keys given through the environment stay with the
                operator's secrets and are named in the manifest instead)
    manifest.json  what is inside: a SHA-256 for every file, the rows of every
                table as the snapshot saw them, the last migration of every app

The database is snapshotted first and its rows counted in that same snapshot; the
files follow, so a file written meanwhile is at worst one without a row (which
``check_storage`` lists) — never a row whose file is missing.

``restore`` puts an archive back on an empty installation, checking every file's
checksum before anything is written and every table's row count afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
KEY_FILES = ("secret_key", "oidc_rsa.pem")


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


# --- Reading the installation -------------------------------------------------------
def _folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "pki": Path(settings.SIGNING_DIR)}


def _files_under(root: Path) -> Iterator[Path]:
    if root.exists():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    args += ["-U", str(db.get("USER") or ""), "-d", str(db["NAME"])]
    return args, env


def _run_postgres_tool(tool: str, *options: str) -> None:
    """pg_dump or pg_restore against the configured database."""
    args, env = _pg_environment()
    # Our own arguments from the settings, never a user's text.
    done = subprocess.run(  # noqa: S603
        [tool, *args, *options], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[:500]}")


def _table_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _snapshot_database(folder: Path) -> tuple[str, dict[str, int]]:
    """Copy the database into ``folder``; the file's name and the rows per table."""
    if connection.vendor == "sqlite":
        target = folder / "tinhso.sqlite3"
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
            tables = [
                row[0]
                for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = _table_counts(copy.cursor(), tables)
        finally:
            copy.close()
            source.close()
        return target.name, counts
    # PostgreSQL: one REPEATABLE READ snapshot, exported to pg_dump, so the counts and
    # the dump see exactly the same rows while the platform keeps writing.
    target = folder / "tinhso.pgdump"
    connection.ensure_connection()
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run_postgres_tool(
            "pg_dump", "-Fc", "--no-owner", "--no-privileges", "--snapshot", snapshot,
            "-f", str(target),
        )  # fmt: skip
        counts = _table_counts(cursor, connection.introspection.table_names(cursor))
    return target.name, counts


def _last_migrations() -> dict[str, str]:
    recorder = MigrationRecorder(connection)
    last: dict[str, str] = {}
    for app, name in recorder.migration_qs.order_by("applied").values_list("app", "name"):
        last[app] = name
    return last


# --- Backup ----------------------------------------------------------------------------
def backup(destination: Path) -> Path:
    """Write one archive into ``destination`` (a folder); its path."""
    destination.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    final = destination / f"tinhso-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="tinhso-backup-") as work:
        database_name, counts = _snapshot_database(Path(work))
        members: list[tuple[str, Path]] = [
            (f"database/{database_name}", Path(work) / database_name)
        ]
        for prefix, root in _folders().items():
            members += [(f"{prefix}/{p.relative_to(root)}", p) for p in _files_under(root)]
        var = Path(settings.VAR_DIR)
        keys = {}
        for name in KEY_FILES:
            if (var / name).exists():
                members.append((f"keys/{name}", var / name))
                keys[name] = "in the archive"
            else:
                keys[name] = "from the environment: keep it with the operator's secrets"
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor,
            "tables": counts,
            "migrations": _last_migrations(),
            "keys": keys,
            "files": {arc: {"sha256": _sha256(p), "size": p.stat().st_size} for arc, p in members},
        }
        partial = final.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            for arc, path in members:
                archive.add(path, arcname=arc, recursive=False)
        os.chmod(partial, 0o600)  # it holds the keys and personal data
        partial.rename(final)  # a half-written archive never carries the final name
    return final


# --- Restore ---------------------------------------------------------------------------
def _unpack(archive_path: Path, work: Path) -> dict[str, Any]:
    """Extract into ``work`` and check every file against the manifest."""
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} is not a file")
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # no absolute paths, links or devices
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive_path} is not a readable backup: {exc}") from exc
    manifest_path = work / "manifest.json"
    if not manifest_path.exists():
        raise BackupError("the archive has no manifest.json: not a Tỉnh số backup")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not {FORMAT}")
    for arc, expected in manifest["files"].items():
        path = work / arc
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{arc} is missing or damaged in the archive")
    return manifest


def _require_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database already has {len(tables)} table(s): restore needs an empty "
            "installation (a new database and a new TINHSO_VAR_DIR)"
        )
    for name, root in _folders().items():
        if any(_files_under(root)):
            raise BackupError(f"{root} ({name}) is not empty: restore needs an empty one")


def _restore_database(work: Path, manifest: dict[str, Any]) -> None:
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the archive holds a {manifest['engine']} database; this installation uses "
            f"{connection.vendor}"
        )
    if connection.vendor == "sqlite":
        connection.close()
        name = Path(connection.settings_dict["NAME"])
        for journal in (Path(f"{name}-wal"), Path(f"{name}-shm")):
            journal.unlink(missing_ok=True)  # the empty database's, not the archive's
        shutil.copyfile(work / "database" / "tinhso.sqlite3", name)
        return
    _run_postgres_tool(
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
        str(work / "database" / "tinhso.pgdump"),
    )  # fmt: skip


def restore(archive_path: Path) -> dict[str, Any]:
    """Put an archive back on an empty installation; the manifest."""
    with tempfile.TemporaryDirectory(prefix="tinhso-restore-") as folder:
        work = Path(folder)
        manifest = _unpack(archive_path, work)
        _require_empty()
        _restore_database(work, manifest)
        for name, root in _folders().items():
            if (work / name).exists():
                shutil.copytree(work / name, root, dirs_exist_ok=True)
        var = Path(settings.VAR_DIR)
        for name in KEY_FILES:
            if (work / "keys" / name).exists():
                shutil.copyfile(work / "keys" / name, var / name)
                os.chmod(var / name, 0o600)
    with connection.cursor() as cursor:
        counts = _table_counts(cursor, connection.introspection.table_names(cursor))
    if counts != manifest["tables"]:
        differ = sorted(t for t in manifest["tables"] if counts.get(t) != manifest["tables"][t])
        raise BackupError(f"restored rows differ from the backup in: {', '.join(differ[:10])}")
    return manifest
