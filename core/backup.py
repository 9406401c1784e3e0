"""Backup and restore of the database and the uploaded files (issue 17 item 10, D189–D191).

A backup is a directory:

    manifest.json        format, engine, when, rows per table, every file (storage, path,
                         size, sha256), seconds taken
    database.dump        PostgreSQL: `pg_dump --format=custom`, taken in the snapshot the row
                         counts were read in (pg_export_snapshot), so both describe one moment
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    media/<storage>/...  a copy of each file of each storage in STORAGES except static files,
                         read through the storage API (the filesystem or S3 alike)

`restore()` loads it into an empty database and copies the files back, then checks every table's
row count and every file's hash against the manifest; any difference is an error.

The files are copied after the database (D190): a file written meanwhile is copied without its
row (harmless), a file deleted meanwhile (after its row's deletion committed, D53) is missing
while its row is in the dump. docs/operations.md says when that matters and what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore could not be made, or does not match its manifest."""


@dataclass
class Report:
    tables: dict[str, int] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def bytes(self) -> int:
        return sum(int(f["size"]) for f in self.files)


def storage_names() -> list[str]:
    """The storages holding uploaded files: all but the static files (rebuilt by collectstatic)."""
    return [name for name in settings.STORAGES if name != "staticfiles"]


# --- the database ---------------------------------------------------------------------------


def _quote(alias: str, table: str) -> str:
    return connections[alias].ops.quote_name(table)


def _table_counts(alias: str, cursor: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(connections[alias].introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(alias, table)}")  # noqa: S608 (a name)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_env(alias: str) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never on a command line."""
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if conf.get(key):
            env[name] = str(conf[key])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    if conf.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(conf["OPTIONS"]["sslmode"])
    env["PGDATABASE"] = str(conf["NAME"])
    return env


def _run(command: list[str], alias: str) -> None:
    done = subprocess.run(  # noqa: S603 (fixed programs, arguments from settings)
        command, env=_pg_env(alias), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


def _backup_postgresql(alias: str, dest: Path) -> dict[str, int]:
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        # One snapshot for the counts and the dump: pg_dump joins it while it stays open.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        counts = _table_counts(alias, cursor)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dest / PG_DUMP}"],
            alias,
        )
    return counts


def _backup_sqlite(alias: str, dest: Path) -> dict[str, int]:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(dest / SQLITE_COPY)
    try:
        connection.connection.backup(target)  # one consistent copy, even of a live database
        cursor = target.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: int(cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])  # noqa: S608
            for table in sorted(tables)
        }
    finally:
        target.close()


def _restore_postgresql(alias: str, source: Path) -> None:
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connections[alias].settings_dict['NAME']}",
            str(source / PG_DUMP),
        ],
        alias,
    )


def _restore_sqlite(alias: str, source: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(source / SQLITE_COPY)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def _counts_now(alias: str) -> dict[str, int]:
    with connections[alias].cursor() as cursor:
        return _table_counts(alias, cursor)


# --- the files ------------------------------------------------------------------------------


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a filesystem storage whose directory was never created
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _copy(source: Any, target: BinaryIO) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def _sha256(handle: Any) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _backup_files(dest: Path) -> list[dict[str, Any]]:
    entries = []
    for name in storage_names():
        storage = storages[name]
        for path in _walk(storage):
            target = dest / MEDIA_DIR / name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(path, "rb") as source, target.open("wb") as out:
                size, sha = _copy(source, out)
            entries.append({"storage": name, "path": path, "size": size, "sha256": sha})
    return entries


def _restore_files(source: Path, files: list[dict[str, Any]]) -> None:
    problems = []
    for entry in files:
        name, path = entry["storage"], entry["path"]
        copy = source / MEDIA_DIR / name / path
        if not copy.is_file():
            problems.append(f"{name}:{path}: missing from the backup")
            continue
        with copy.open("rb") as handle:
            if _sha256(handle) != entry["sha256"]:
                problems.append(f"{name}:{path}: the backup's copy does not match its hash")
                continue
        storage = storages[name]
        if storage.exists(path):
            with storage.open(path, "rb") as handle:
                if _sha256(handle) != entry["sha256"]:
                    problems.append(f"{name}:{path}: a different file is already there")
            continue
        with copy.open("rb") as handle:
            saved = storage.save(path, File(handle, name=path))
        if saved != path:
            problems.append(f"{name}:{path}: the storage saved it as {saved}")
            continue
        with storage.open(path, "rb") as handle:
            if _sha256(handle) != entry["sha256"]:
                problems.append(f"{name}:{path}: restored with a different hash")
    if problems:
        raise BackupError("files: " + "; ".join(problems))


# --- the commands' work ---------------------------------------------------------------------


def backup(dest: Path, *, alias: str = "default") -> Report:
    """Write a backup of database `alias` and every media storage into `dest` (new or empty)."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    vendor = connections[alias].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"no backup for the {vendor} database")
    report = Report()
    started = time.monotonic()
    if vendor == "postgresql":
        report.tables = _backup_postgresql(alias, dest)
    else:
        report.tables = _backup_sqlite(alias, dest)
    report.seconds["database"] = round(time.monotonic() - started, 3)
    started = time.monotonic()
    report.files = _backup_files(dest)
    report.seconds["media"] = round(time.monotonic() - started, 3)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(),
        "engine": vendor,
        "database": PG_DUMP if vendor == "postgresql" else SQLITE_COPY,
        "tables": report.tables,
        "files": report.files,
        "seconds": report.seconds,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return report


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def restore(source: Path, *, alias: str = "default") -> Report:
    """Load the backup in `source` into the empty database `alias` and the media storages, then
    check every table's row count and every file's hash against the manifest."""
    manifest = read_manifest(source)
    vendor = connections[alias].vendor
    if manifest["engine"] != vendor:
        raise BackupError(f"a {manifest['engine']} backup cannot be restored into {vendor}")
    with connections[alias].cursor() as cursor:
        present = connections[alias].introspection.table_names(cursor)
    if present:
        raise BackupError(
            f"the database {alias!r} is not empty ({len(present)} tables): restore into a new one"
        )
    report = Report(files=manifest["files"])
    started = time.monotonic()
    if vendor == "postgresql":
        _restore_postgresql(alias, source)
    else:
        _restore_sqlite(alias, source)
    report.tables = _counts_now(alias)
    report.seconds["database"] = round(time.monotonic() - started, 3)
    expected: dict[str, int] = manifest["tables"]
    wrong = {
        table: (count, report.tables.get(table))
        for table, count in expected.items()
        if report.tables.get(table) != count
    }
    if wrong:
        raise BackupError(f"row counts differ (expected, restored): {wrong}")
    started = time.monotonic()
    _restore_files(source, manifest["files"])
    report.seconds["media"] = round(time.monotonic() - started, 3)
    return report
