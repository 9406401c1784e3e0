"""Compare the search index with the database and list the differences.

    manage.py search_check [--backend database|elasticsearch] [--fix] [--limit N]

missing: visible in the database, not in the index; extra: in the index, not visible (or gone);
stale: indexed with other content than the database holds now. Exits non-zero when anything
differs. --fix queues every difference for the indexing task (search.services), which is what
the periodic catch-up would do after an outage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from search.backends.database import check as database_index
from search.backends.elasticsearch import reindex as elasticsearch_index
from search.documents import DEFAULT_CHUNK
from search.management.commands._common import (
    PRODUCTS,
    add_backend_argument,
    chosen_backend,
    is_elasticsearch,
)
from search.services import search_mark_products_dirty, search_mark_vendors_dirty


class Command(BaseCommand):
    help = "Compare the search index with the database; list missing, extra and stale entries."

    def add_arguments(self, parser: CommandParser) -> None:
        add_backend_argument(parser)
        parser.add_argument("--fix", action="store_true", help="Queue the differences.")
        parser.add_argument("--limit", type=int, default=20, help="Ids listed per difference.")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK)

    def handle(self, *args: Any, **options: Any) -> None:
        backend = chosen_backend(options)
        chunk = options["chunk_size"]
        if is_elasticsearch(backend):
            report = elasticsearch_index.check(backend, chunk_size=chunk)  # type: ignore[arg-type]
        else:
            report = database_index.check(chunk_size=chunk)
        limit = options["limit"]
        differing = 0
        for kind, diff in report.items():
            self.stdout.write(f"{kind}: {diff.checked:,} checked")
            for label in ("missing", "extra", "stale"):
                ids = getattr(diff, label)
                if ids:
                    shown = ", ".join(str(i) for i in ids[:limit])
                    more = f" (+{len(ids) - limit:,} more)" if len(ids) > limit else ""
                    self.stdout.write(f"  {label} {len(ids):,}: {shown}{more}")
            ids = sorted({*diff.missing, *diff.extra, *diff.stale})
            differing += len(ids)
            if options["fix"] and ids:
                with transaction.atomic():
                    if kind == PRODUCTS:
                        search_mark_products_dirty(product_ids=ids)
                    else:
                        search_mark_vendors_dirty(vendor_ids=ids)
                self.stdout.write(f"  queued {len(ids):,} for indexing")
        if differing:
            raise CommandError(
                f"{differing:,} differences between the database and the {backend.name} index",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"The {backend.name} index matches the database."))
