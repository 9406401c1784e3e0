"""File clean-up when image rows go, however they go: a service, a cascade from a deleted
product or storefront, or the admin. Files are removed only after the deleting transaction
commits (never on rollback). Connected in MediaConfig.ready(); no business rule lives here."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import Storage
from django.db import transaction

from media.storage import private_storage, public_storage

logger = logging.getLogger(__name__)


def delete_after_commit(storage: Storage, name: str) -> None:
    def delete() -> None:
        try:
            storage.delete(name)
        except Exception:  # a missing or unreachable file must not break the request
            logger.warning("could not delete media file %s", name, exc_info=True)

    if name:
        transaction.on_commit(delete)


def image_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    delete_after_commit(private_storage(), str(instance.original.name or ""))


def rendition_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    delete_after_commit(public_storage(), str(instance.file.name or ""))
