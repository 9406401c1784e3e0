"""Renditions: the resized WebP and JPEG copies of an image, public under MEDIA_URL. Made by
media.tasks.image_render_task after an upload commits (queued by media.services), by beat's
catch-up, and by the `media_rerender` command and the admin's re-render action."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from media.changes import image_public_changed
from media.models import Image, ImageStatus, Rendition
from media.processing import EXTENSIONS, render, rendition_plan
from media.storage import private_storage, public_storage

logger = logging.getLogger(__name__)


def rendition_name(key: str, spec: str, fmt: str) -> str:
    return f"r/{key[:2]}/{key}/{spec}.{EXTENSIONS[fmt]}"


def image_render(*, image_id: int, key: str | None = None, force: bool = False) -> dict[str, Any]:
    """Make the image's missing renditions (all of them with `force`) and delete the stale ones
    (specs no longer configured). Idempotent.

    Returns {"status": "ready" | "failed" | "gone" (deleted or replaced since), "made": n,
    "deleted": n}.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None or (key is not None and image.key != key):
        return {"status": "gone", "made": 0, "deleted": 0}
    plan = rendition_plan(settings.MEDIA_RENDITION_WIDTHS, image.width)
    wanted = {(spec, fmt) for spec, _width in plan for fmt in ("webp", "jpeg")}
    existing = {(r.spec, r.format): r for r in image.renditions.all()}
    missing = wanted if force else wanted - set(existing)
    written: list[Rendition] = []
    if missing:
        try:
            with private_storage().open(str(image.original.name), "rb") as handle:
                original = handle.read()
        except FileNotFoundError:
            logger.error("image %s: its original %s is missing", image.pk, image.original.name)
            Image.objects.filter(pk=image.pk, key=image.key).update(status=ImageStatus.FAILED)
            return {"status": "failed", "made": 0, "deleted": 0}
        try:
            rendered = render(original, settings.MEDIA_RENDITION_WIDTHS)
        except Exception:
            logger.exception("image %s: rendering failed", image.pk)
            Image.objects.filter(pk=image.pk, key=image.key).update(status=ImageStatus.FAILED)
            return {"status": "failed", "made": 0, "deleted": 0}
        storage = public_storage()
        for item in rendered:
            if (item.spec, item.format) not in missing:
                continue
            name = rendition_name(image.key, item.spec, item.format)
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(item.data))
            written.append(
                Rendition(
                    image=image,
                    spec=item.spec,
                    format=item.format,
                    width=item.width,
                    height=item.height,
                    file=saved,
                    bytes=len(item.data),
                )
            )
    stale = [r for k, r in existing.items() if k not in wanted]
    with transaction.atomic():
        locked = Image.objects.select_for_update().filter(pk=image.pk, key=image.key).first()
        if locked is None:  # replaced or deleted while we rendered: drop our files
            for rendition in written:
                public_storage().delete(str(rendition.file.name))
            return {"status": "gone", "made": 0, "deleted": 0}
        for rendition in written:
            Rendition.objects.update_or_create(
                image=locked,
                spec=rendition.spec,
                format=rendition.format,
                defaults={
                    "width": rendition.width,
                    "height": rendition.height,
                    "file": rendition.file.name,
                    "bytes": rendition.bytes,
                },
            )
        if stale:
            Rendition.objects.filter(pk__in=[r.pk for r in stale]).delete()  # + files
        if locked.status != ImageStatus.READY:
            locked.status = ImageStatus.READY
            locked.save(update_fields=["status", "updated_at"])
        if written or stale:  # the public picture URLs changed
            image_public_changed(locked)
    return {"status": "ready", "made": len(written), "deleted": len(stale)}
