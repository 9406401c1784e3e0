"""The same catalogue indexed the way django-elasticsearch-dsl does it (the comparison baseline).

Runs ONLY in a separate virtualenv that has django-elasticsearch-dsl (never a project
dependency); `benchmarks.search.es_indexing` starts it and compares. By hand:

    python3 -m venv /tmp/bench-venv
    echo "$PWD/.venv/lib/python3.11/site-packages" \
        > /tmp/bench-venv/lib/python3.11/site-packages/project-venv.pth
    /tmp/bench-venv/bin/pip install "django-elasticsearch-dsl>=8,<9" "elasticsearch>=8.18,<9"
    DATABASE_URL=… ELASTICSEARCH_URL=… /tmp/bench-venv/bin/python -m benchmarks.search.ded_indexing

A registered `Document` with the usual field declarations and `prepare_*` methods (folded text
computed per instance in Python, the valid OCOP stars from prefetched certificates), the
queryset with select_related/prefetch_related as the documentation recommends, and
`Document().update(queryset.iterator(chunk_size))`: what `manage.py search_index --rebuild`
does. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default="bench-ded-products")
    parser.add_argument("--parallel", action="store_true", help="DED's parallel_bulk option")
    parser.add_argument("--chunk-size", type=int, default=2000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()

    from django.db.models import Prefetch
    from django.utils import timezone
    from django_elasticsearch_dsl import Document, fields
    from django_elasticsearch_dsl.registries import registry
    from elasticsearch.dsl.connections import connections

    from catalog.models import CertificateStatus, OcopCertificate, Product
    from catalog.selectors import product_public_filter
    from core.text import fold

    url = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    connections.create_connection(alias="default", hosts=[url], request_timeout=60)
    today = timezone.localdate()

    @registry.register_document
    class ProductDocument(Document):
        vendor = fields.ObjectField(
            properties={
                "slug": fields.KeywordField(),
                "display_name": fields.TextField(),
                "kind": fields.KeywordField(),
            }
        )
        category = fields.ObjectField(
            properties={"slug": fields.KeywordField(), "path": fields.KeywordField()}
        )
        name_folded = fields.TextField()
        description_folded = fields.TextField()
        places_folded = fields.TextField()
        province_code = fields.IntegerField(attr="origin_province_id")
        commune_code = fields.IntegerField(attr="origin_commune_id")
        ocop_stars = fields.IntegerField()
        fairs = fields.KeywordField(multi=True)

        class Index:
            name = args.index
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

        class Django:
            model = Product
            fields = ["id", "slug", "name", "description", "price", "price_on_request"]
            queryset_pagination = args.chunk_size

        def get_queryset(self) -> Any:
            valid = OcopCertificate.objects.filter(
                status=CertificateStatus.VERIFIED, expires_on__gt=today
            )
            return (
                super()
                .get_queryset()
                .filter(product_public_filter())
                .select_related("vendor", "category", "origin_province", "origin_commune")
                .prefetch_related(Prefetch("certificates", queryset=valid, to_attr="valid"))
                .order_by("id")
            )

        def prepare_name_folded(self, instance: Any) -> str:
            return fold(instance.name)

        def prepare_description_folded(self, instance: Any) -> str:
            return fold(instance.description)

        def prepare_places_folded(self, instance: Any) -> str:
            return fold(f"{instance.origin_commune.name} {instance.origin_province.name}")

        def prepare_ocop_stars(self, instance: Any) -> int | None:
            return max((c.stars for c in instance.valid), default=None)

        def prepare_fairs(self, instance: Any) -> list[str]:
            return []

    index = ProductDocument._index
    index.delete(ignore_unavailable=True)
    index.create()
    doc = ProductDocument()
    started = time.perf_counter()
    doc.update(doc.get_indexing_queryset(), parallel=args.parallel)
    elapsed = time.perf_counter() - started
    client = connections.get_connection()
    client.indices.refresh(index=args.index)
    count = int(client.count(index=args.index)["count"])
    index.delete(ignore_unavailable=True)
    print(
        json.dumps(
            {
                "way": "django-elasticsearch-dsl" + (" (parallel)" if args.parallel else ""),
                "products": count,
                "seconds": round(elapsed, 2),
                "per_second": round(count / elapsed),
            }
        )
    )


if __name__ == "__main__":
    main()
