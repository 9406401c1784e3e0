"""Background jobs for images: renditions, queued after the upload's transaction commits, and a
periodic catch-up for pictures whose task was never queued or was lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task
from django.utils import timezone

from media.models import Image, ImageStatus
from media.renditions import image_render

# A picture still processing after this long has lost its task (a healthy one takes seconds).
STUCK_AFTER = dt.timedelta(minutes=10)


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


@shared_task
def image_render_catch_up_task() -> int:
    """Queue the rendition task again for pictures stuck in "processing" (beat, every 10 min)."""
    stuck = Image.objects.filter(
        status=ImageStatus.PROCESSING, updated_at__lt=timezone.now() - STUCK_AFTER
    ).values_list("pk", "key")
    count = 0
    for image_id, key in stuck.iterator():
        image_render_task.delay(image_id, key)
        count += 1
    return count
