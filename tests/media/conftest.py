"""Every media test writes its files under its own temporary MEDIA_ROOT and private root."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture(autouse=True)
def media_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.MEDIA_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def files_under(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
