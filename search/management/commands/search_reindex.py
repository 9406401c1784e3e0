"""Rebuild the search index from the database, then check the counts.

    manage.py search_reindex [--backend database|elasticsearch] [--chunk-size N]

Elasticsearch: a new index is built beside the one serving, changes made meanwhile are
replayed, and the alias moves to it in one step (no moment without results). With
ELASTICSEARCH_FALLBACK=database the database index the fallback reads is rebuilt as well.
Exits non-zero when the index does not hold as many documents as the database has visible rows.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.progress import Progress
from search import database_backend
from search.backends.elasticsearch.reindex import rebuild
from search.documents import DEFAULT_CHUNK
from search.management.commands._common import (
    add_backend_argument,
    chosen_backend,
    indexed_counts,
    is_elasticsearch,
    visible_counts,
)


class Command(BaseCommand):
    help = "Rebuild the search index from the database (zero downtime on Elasticsearch)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_backend_argument(parser)
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK)
        parser.add_argument("--no-progress", action="store_true", help="No progress on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = chosen_backend(options)
        chunk = options["chunk_size"]
        started = time.monotonic()
        if is_elasticsearch(backend):
            bar = None if options["no_progress"] else Progress(self.stderr, unit="docs")
            try:
                report = rebuild(backend, progress=bar, chunk_size=chunk)  # type: ignore[arg-type]
            finally:
                if bar:
                    bar.close()
            self.stdout.write(
                f"Elasticsearch: {report.products:,} products and {report.vendors:,} storefronts "
                f"in {', '.join(report.indices.values())}; {report.replayed:,} changes replayed; "
                f"alias swapped, {len(report.dropped)} old index(es) dropped "
                f"({report.seconds:.1f} s)."
            )
            if backend.fallback == "database":  # type: ignore[attr-defined]
                n = database_backend().rebuild(chunk_size=chunk)  # type: ignore[call-arg]
                self.stdout.write(f"Database index (the fallback): {n:,} products.")
        else:
            n = backend.rebuild(chunk_size=chunk)  # type: ignore[call-arg]
            self.stdout.write(f"Database index ({backend.name}): {n:,} products.")
        expected, indexed = visible_counts(), indexed_counts(backend)
        for kind in expected:
            self.stdout.write(f"{kind}: database {expected[kind]:,}, index {indexed[kind]:,}")
        if expected != indexed:
            raise CommandError(
                "the index does not hold every visible row; run manage.py search_check",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
