"""Where image files live.

Renditions go to Django's "default" storage (public, under MEDIA_URL). Originals go to the
"media_private" storage: on disk under MEDIA_PRIVATE_ROOT, outside MEDIA_ROOT and with no URL, or
a private S3 prefix. Both are looked up at call time, so tests and `override_settings` can point
them at a temporary directory.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages

PRIVATE_ALIAS = "media_private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage rooted at MEDIA_PRIVATE_ROOT that never hands out a URL."""

    @property
    def base_location(self) -> str:
        return str(getattr(self, "_location", None) or settings.MEDIA_PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("private media has no public URL")


def private_storage() -> Storage:
    return storages[PRIVATE_ALIAS]


def public_storage() -> Storage:
    return default_storage


def get_private_storage() -> Storage:
    """Callable for FileField(storage=...): a proxy resolving the storage on each use."""
    return _PRIVATE


class _PrivateProxy(Storage):
    """Delegates to storages["media_private"] at call time (it is replaced in tests)."""

    def __getattr__(self, name: str) -> object:
        return getattr(private_storage(), name)

    def _open(self, name: str, mode: str = "rb") -> File:
        return private_storage().open(name, mode)

    def _save(self, name: str, content: File) -> str:
        return private_storage().save(name, content)

    def delete(self, name: str) -> None:
        private_storage().delete(name)

    def exists(self, name: str) -> bool:
        return private_storage().exists(name)

    def size(self, name: str) -> int:
        return private_storage().size(name)

    def url(self, name: str | None) -> str:
        return private_storage().url(name)

    def path(self, name: str) -> str:
        return private_storage().path(name)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return private_storage().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str | PathLike[str]) -> str:
        return private_storage().generate_filename(filename)

    def deconstruct(self) -> tuple[str, tuple[object, ...], dict[str, object]]:
        return ("media.storage._PrivateProxy", (), {})


_PRIVATE = _PrivateProxy()
