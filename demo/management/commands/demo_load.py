"""`manage.py demo_load`: load the demo province (Phú Thọ) and print the demo accounts.

Refuses to run with DEBUG off unless `--allow-production` is given, because every demo
account shares a published password. Running it again on a loaded database only prints the
accounts.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.signals import bulk_loaded
from demo.loader import DemoLoadError, demo_accounts, demo_load, demo_summary
from search.selectors import search_index_needs_fill
from search.services import search_mark_all_dirty


class Command(BaseCommand):
    help = (
        "Load a deterministic demo province (Phú Thọ): storefronts, products, OCOP certificates, "
        "awards, inquiries and demo accounts. Does nothing if the demo is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even though DEBUG is off (the demo accounts have a public password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: the demo accounts share a public password. "
                "Pass --allow-production to load them anyway."
            )
        started = time.monotonic()
        try:
            loaded = demo_load()
        except DemoLoadError as exc:
            raise CommandError(str(exc)) from exc
        if loaded:
            elapsed = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(f"Demo province loaded: Phú Thọ (25) in {elapsed:.1f} s")
            )
            for line in demo_summary():
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write("Demo data already loaded; nothing written.")
        # The loader inserts in bulk, past the services that queue search updates.
        if loaded or search_index_needs_fill():
            started = time.monotonic()
            queued = search_mark_all_dirty()
            self.stdout.write(
                f"Search: {queued} products and storefronts queued for indexing "
                f"({time.monotonic() - started:.1f} s; indexed inline when no broker is set)"
            )
        # Bulk inserts announced nothing either: the partner change feed (partners.extensions)
        # records its starting point.
        for _receiver, note in bulk_loaded.send(sender="demo", fresh=loaded):
            if note:
                self.stdout.write(note)
        self.stdout.write("")
        for line in demo_accounts():
            self.stdout.write(line)
