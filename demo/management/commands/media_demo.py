"""`manage.py media_demo`: pictures for the demo province (after `demo_load`). Idempotent."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.pictures import demo_pictures_load


class Command(BaseCommand):
    help = "Draw demo pictures for the first demo products and storefronts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=20)
        parser.add_argument("--storefronts", type=int, default=10)
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: demo pictures belong to the demo data only.")
        started = time.monotonic()
        added = demo_pictures_load(products=options["products"], storefronts=options["storefronts"])
        self.stdout.write(
            f"Pictures: {added} demo pictures added ({time.monotonic() - started:.1f} s)."
        )
