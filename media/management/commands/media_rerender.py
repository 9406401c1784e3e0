"""Re-render image renditions after the specs change (MEDIA_RENDITION_WIDTHS, quality...).

    manage.py media_rerender            # make missing renditions, delete stale ones
    manage.py media_rerender --force    # re-encode every rendition (after a quality change)
    manage.py media_rerender --queue    # hand each image to the Celery workers instead

Inline runs show their progress on stderr (core.progress: a bar on a terminal, plain lines
elsewhere) and a summary on stdout. Safe to interrupt and run again: each image is rendered
by the same idempotent service the upload task uses.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.progress import Progress
from media.models import Image
from media.renditions import image_render
from media.tasks import image_render_task


class Command(BaseCommand):
    help = "Re-render image renditions for the current specs and delete stale ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Re-encode renditions that already exist."
        )
        parser.add_argument(
            "--queue", action="store_true", help="Queue one Celery task per image instead."
        )
        parser.add_argument(
            "--image", type=int, action="append", default=[], help="Only this image id."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids_qs = Image.objects.order_by("pk").values_list("pk", flat=True)
        if options["image"]:
            ids_qs = ids_qs.filter(pk__in=options["image"])
        ids = list(ids_qs)
        if options["queue"]:
            for image_id in ids:
                image_render_task.delay(image_id)
            self.stdout.write(f"Queued {len(ids)} images.")
            return
        totals = {"ready": 0, "failed": 0, "gone": 0, "made": 0, "deleted": 0}
        with Progress(self.stderr, unit="images") as progress:
            for done, image_id in enumerate(ids, start=1):
                result = image_render(image_id=image_id, force=options["force"])
                totals[result["status"]] += 1
                totals["made"] += result["made"]
                totals["deleted"] += result["deleted"]
                progress("images", done, len(ids))
        self.stdout.write(
            f"{len(ids)} images: {totals['ready']} ready, {totals['failed']} failed, "
            f"{totals['gone']} gone; {totals['made']} renditions made, "
            f"{totals['deleted']} stale renditions deleted."
        )
