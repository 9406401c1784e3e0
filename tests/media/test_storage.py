"""Where files go: originals private, renditions public, on disk or in an S3-compatible store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from media.storage import private_storage

ROOT = Path(__file__).resolve().parents[2]


def test_private_storage_has_no_url_and_lives_outside_media_root(settings, media_dirs):
    storage = private_storage()
    assert Path(storage.path("originals/x.jpg")).is_relative_to(media_dirs / "private")
    assert not Path(storage.path("originals/x.jpg")).is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        storage.url("originals/x.jpg")


PROBE = """
import json, django
django.setup()
from django.core.files.storage import storages
from media.storage import private_storage
public, private = storages["default"], private_storage()
print(json.dumps({
    "public": [type(public).__name__, public.bucket_name, public.location,
               public.querystring_auth, public.url("r/ab/x.webp")],
    "private": [type(private).__name__, private.bucket_name, private.location,
                private.querystring_auth, "Signature=" in private.url("originals/x.jpg")],
}))
"""


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEDIA_", "DATABASE_URL", "CI"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="marketplace.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_s3_configuration_gives_a_public_and_a_private_store():
    done = run_settings(
        MEDIA_STORAGE="s3",
        MEDIA_S3_BUCKET="gt-media",
        MEDIA_S3_PRIVATE_BUCKET="gt-originals",
        MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9",
        MEDIA_S3_REGION="us-east-1",
        MEDIA_S3_ACCESS_KEY="key",
        MEDIA_S3_SECRET_KEY="secret",
    )
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["public"] == [
        "S3Storage",
        "gt-media",
        "public",
        False,
        "http://127.0.0.1:9/gt-media/public/r/ab/x.webp",
    ]
    assert probe["private"] == ["S3Storage", "gt-originals", "private", True, True]


def test_s3_without_a_bucket_fails_at_start_with_a_clear_message():
    done = run_settings(MEDIA_STORAGE="s3")
    assert done.returncode != 0 and "MEDIA_S3_BUCKET" in done.stderr
    done = run_settings(MEDIA_STORAGE="ftp")
    assert done.returncode != 0 and "MEDIA_STORAGE must be filesystem or s3" in done.stderr
