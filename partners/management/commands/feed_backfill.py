"""`manage.py feed_backfill`: one `snapshot` change per public object, so a partner reading the
change feed from the start gets the whole catalogue (D67)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partners.services.changes import changes_backfill


class Command(BaseCommand):
    help = (
        "Record a snapshot change for every public storefront, product, certificate and fair, "
        "so the partner change feed read from its start covers everything public."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        recorded = changes_backfill()
        self.stdout.write(self.style.SUCCESS(f"Change feed: {recorded} snapshot changes recorded."))
