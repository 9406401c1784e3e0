"""The backup and restore drill (issue 17 item 10, D189–D191): `manage.py backup` then
`manage.py restore` into a new database and new, empty storages finds every row of every table
and every file, byte for byte. On PostgreSQL (CI) through pg_dump/pg_restore; on SQLite through
its backup API. Refusals: a database that is not empty, a copy that does not match its hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from tests.factories import ProductFactory, UserFactory
from tests.reference_data import reference_data_restore

pytestmark = pytest.mark.django_db(transaction=True)

RESTORED = "restored"


def counts(alias: str) -> dict[str, int]:
    db = connections[alias]
    with db.cursor() as cursor:
        tables = db.introspection.table_names(cursor)
        found = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(table)}")  # noqa: S608
            found[table] = cursor.fetchone()[0]
    return found


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[str]:
    """A new, empty database reachable as the alias `restored` (a connection the test makes;
    Django's test case neither creates nor flushes it)."""
    config = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        config["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    else:
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, RESTORED)
    setattr(connections._connections, RESTORED, wrapper)
    try:
        yield RESTORED
    finally:
        wrapper.close()
        delattr(connections._connections, RESTORED)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


@pytest.fixture
def filled() -> dict[str, bytes]:
    """Rows in many tables and files in both storages (public renditions, private originals)."""
    reference_data_restore()
    for i in range(5):
        ProductFactory(slug=f"mang-tay-{i}")
    UserFactory(email="kho@example.vn")
    files = {
        "default:renditions/mang-tay/480.webp": b"RIFF\x00webp rendition",
        "default:logos/htx.png": b"\x89PNG logo",
        "media_private:originals/2026/12/mang-tay.jpg": b"\xff\xd8\xff original " * 1000,
    }
    for key, data in files.items():
        storage, path = key.split(":", 1)
        assert storages[storage].save(path, ContentFile(data)) == path
    return files


def test_backup_then_restore_finds_every_row_and_file(filled, fresh_database, tmp_path, settings):
    before = counts("default")
    out = StringIO()
    call_command("backup", str(tmp_path / "backup"), stdout=out)
    assert "Backed up" in out.getvalue()

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["catalog_product"] == 5
    assert {t: manifest["tables"][t] for t in before} == before
    listed = {f"{f['storage']}:{f['path']}": f for f in manifest["files"]}
    assert set(listed) == set(filled)
    for key, data in filled.items():
        assert listed[key]["size"] == len(data)
        assert listed[key]["sha256"] == hashlib.sha256(data).hexdigest()

    # A new database and new, empty storages: restore and compare.
    settings.MEDIA_ROOT = tmp_path / "new-media" / "public"
    settings.MEDIA_PRIVATE_ROOT = tmp_path / "new-media" / "private"
    out = StringIO()
    call_command("restore", str(tmp_path / "backup"), database=fresh_database, stdout=out)
    assert "Restored and checked" in out.getvalue()

    after = counts(fresh_database)
    assert {table: after.get(table) for table in before} == before
    with connections[fresh_database].cursor() as cursor:
        cursor.execute("SELECT slug FROM catalog_product ORDER BY slug")
        assert [row[0] for row in cursor.fetchall()] == [f"mang-tay-{i}" for i in range(5)]
    for key, data in filled.items():
        storage, path = key.split(":", 1)
        assert Path(storages[storage].path(path)).is_relative_to(tmp_path / "new-media")
        with storages[storage].open(path, "rb") as handle:
            assert handle.read() == data


def test_restore_refuses_a_database_that_is_not_empty(filled, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup"), stdout=StringIO())
    # Nor is a backup written over another one.
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "backup"), stdout=StringIO())


def test_restore_refuses_a_file_that_does_not_match_its_hash(
    filled, fresh_database, tmp_path, settings
):
    call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
    copy = tmp_path / "backup" / "media" / "default" / "logos" / "htx.png"
    copy.write_bytes(b"tampered")
    settings.MEDIA_ROOT = tmp_path / "new-media" / "public"
    settings.MEDIA_PRIVATE_ROOT = tmp_path / "new-media" / "private"
    with pytest.raises(CommandError, match=r"default:logos/htx.png: the backup's copy does not"):
        call_command("restore", str(tmp_path / "backup"), database=fresh_database)
    assert not storages["default"].exists("logos/htx.png")
