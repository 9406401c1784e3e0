"""Background jobs for images: renditions, queued after the upload's transaction commits."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from media.services import image_render


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    max_retries=5,
    retry_backoff=10,
    retry_backoff_max=300,
)
def image_render_task(image_id: int, key: str | None = None) -> dict[str, Any]:
    """Make an image's renditions. Safe to run twice or late: it re-reads the image, quits if
    it was replaced (`key` changed) or deleted, and only fills in what is missing."""
    return image_render(image_id=image_id, key=key)
