"""Rendering 20-row pages of the public lists in-process: serializers against row functions.

    .venv/bin/python -m benchmarks.render_lists                 # throw-away SQLite database
    .venv/bin/python -m benchmarks.render_lists --profile       # + cProfile of one request
    .venv/bin/python -m benchmarks.render_lists --database-url postgres://…/gt_bench

Issue 11: the product list cost ~38 ms of CPU per request, mostly DRF building serializer field
sets per row (and per picture, per rendition). This measures, in one process and one run, for
each public list (products, storefronts, fairs, product search hits):

- rows: `Serializer(page, many=True).data` (what the views did) against the row function
  (what they do now), on the same 20 rows already fetched (no database in the timing);
- json: DRF's JSONRenderer against core.api.renderers.JSONRenderer on the same page;
- request: a whole `GET` through Django's test client (URL routing, middleware, throttling,
  filtering, the page's queries, rendering), once with the view switched back to the serializer
  and DRF's renderer and once as shipped, rounds interleaved.

Each figure is the median of `--rounds` rounds of `--repeat` calls, old and new alternating in
every round so machine noise hits both; the ratio old/new is what to compare across machines.
It sets DJANGO_DEBUG=false (no query log) and raises the anonymous throttle (THROTTLE_ANON) for
the run so no request is answered 429. Data: without `--database-url`, a temporary SQLite file
with 4 storefronts (logo and banner each), 40 products (3 pictures with 4 renditions each,
a third with OCOP stars, some with the price on request) and 20 fairs; with one, the rows
already there (none are written).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = 20


def setup_django(database_url: str | None) -> bool:
    """Configure and start Django; True when the database is a fresh one to fill."""
    fresh = database_url is None
    if fresh:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='render-lists-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "render-lists-benchmark-" + "x" * 40)
    os.environ["THROTTLE_ANON"] = "1000000/min"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return fresh


def fill() -> None:
    import datetime as dt

    from django.utils import timezone

    from tests.factories import CertificateFactory, ProductFactory, VendorFactory
    from tests.factories.fairs import FairFactory
    from tests.factories.media import picture as media_picture
    from tests.reference_data import reference_data_restore

    reference_data_restore()

    def picture(kind: str, position: int = 0, **owner: Any) -> None:
        primary = kind == "gallery" and position == 0
        media_picture(kind=kind, position=position, primary=primary, widths=(160, 480), **owner)

    now = timezone.now()
    vendors = [VendorFactory() for _ in range(4)]
    for vendor in vendors:
        picture("logo", vendor=vendor)
        picture("banner", vendor=vendor)
    for n in range(40):
        on_request = n % 7 == 0
        product = ProductFactory(
            vendor=vendors[n % 4],
            name=f"Chè Shan tuyết Suối Giàng loại {n}",
            price=None if on_request else 45_000 + 1_000 * n,
            price_on_request=on_request,
            published_at=now - dt.timedelta(minutes=n),
        )
        if n % 3 == 0:
            CertificateFactory(product=product, stars=3 + n % 3)
        for position in range(3):
            picture("gallery", position, product=product)
    for _ in range(20):
        FairFactory()


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Seconds per call (CPU time of this process)."""
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def compare(
    label: str, old: Callable[[], Any], new: Callable[[], Any], rounds: int, repeat: int
) -> dict[str, Any]:
    olds, news = [], []
    assert old() == new(), f"{label}: the two renderings differ"  # and warm up
    for _ in range(rounds):
        olds.append(timed(old, repeat))
        news.append(timed(new, repeat))
    o, n = statistics.median(olds), statistics.median(news)
    print(f"{label:<34} old {o * 1000:8.2f} ms   new {n * 1000:8.2f} ms   ratio {o / n:5.1f}x")
    return {"label": label, "old_ms": o * 1000, "new_ms": n * 1000, "ratio": o / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="cProfile one product-list GET")
    args = parser.parse_args()

    if setup_django(args.database_url):
        fill()

    from django.test import Client
    from django.utils import translation
    from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

    from catalog import selectors as catalog_selectors
    from catalog.api.serializers import ProductListSerializer, product_card
    from catalog.api.views import ProductViewSet
    from core.api.renderers import JSONRenderer
    from fairs.api.serializers_fairs import FairListSerializer, fair_card
    from fairs.api.views_fairs import FairViewSet
    from fairs.selectors import fairs as fair_selectors
    from marketplace.api.serializers import VendorPublicSerializer, vendor_public_data
    from marketplace.api.views import VendorViewSet
    from marketplace.selectors import vendor_list_public
    from media.api.serializers import GalleryImageSerializer, ImageSerializer
    from media.selectors import product_gallery, vendor_brand_image
    from search.api.serializers import ProductHitSerializer, product_hit
    from search.base import Hit

    # "Before": the serializers as they were, pictures included (their get_images, get_logo and
    # get_banner now call the plain picture functions, so they are put back here).
    class ProductListBefore(ProductListSerializer):
        def get_images(self, obj: Any) -> Any:
            return GalleryImageSerializer(product_gallery(obj), many=True).data

    class ProductHitBefore(ProductHitSerializer):
        get_images = ProductListBefore.get_images

    class VendorPublicBefore(VendorPublicSerializer):
        def get_logo(self, obj: Any) -> Any:
            image = vendor_brand_image(obj, "logo")
            return ImageSerializer(image).data if image is not None else None

        def get_banner(self, obj: Any) -> Any:
            image = vendor_brand_image(obj, "banner")
            return ImageSerializer(image).data if image is not None else None

    translation.activate("vi")
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {' '.join(load)}")
    print(f"rounds {args.rounds} × repeat {args.repeat}; CPU ms per 20-row page (median)\n")

    products = list(catalog_selectors.product_list_public()[:PAGE])
    vendors = list(vendor_list_public().order_by("display_name", "id")[:PAGE])
    fairs = list(fair_selectors.fair_list_public()[:PAGE])
    hits = {
        p.pk: Hit(id=p.pk, score=0.0607927, highlight={"name": "<mark>Chè</mark>"})
        for p in products
    }
    pictures = sum(len(p.gallery) for p in products)
    print(
        f"rows: {len(products)} products ({pictures} pictures), {len(vendors)} storefronts, "
        f"{len(fairs)} fairs\n"
    )

    r, n = args.rounds, args.repeat
    compare(
        "rows: products",
        lambda: ProductListBefore(products, many=True).data,
        lambda: [product_card(p) for p in products],
        r,
        n,
    )
    compare(
        "rows: storefronts",
        lambda: VendorPublicBefore(vendors, many=True).data,
        lambda: [vendor_public_data(v) for v in vendors],
        r,
        n,
    )
    compare(
        "rows: fairs",
        lambda: FairListSerializer(fairs, many=True).data,
        lambda: [fair_card(f) for f in fairs],
        r,
        n,
    )
    compare(
        "rows: product search hits",
        lambda: ProductHitBefore(products, many=True, context={"hits": hits}).data,
        lambda: [product_hit(p, hits[p.pk]) for p in products],
        r,
        n,
    )
    page = {
        "count": 1122,
        "next": "http://x/?page=2",
        "previous": None,
        "results": [product_card(p) for p in products],
    }
    compare(
        "json: product page",
        lambda: DRFJSONRenderer().render(page),
        lambda: JSONRenderer().render(page),
        r,
        n,
    )

    # Whole requests: the view switched back to serializer + DRF renderer, then as shipped.
    client = Client()
    old_rows = {
        ProductViewSet: lambda self, rows: ProductListBefore(rows, many=True).data,
        VendorViewSet: lambda self, rows: VendorPublicBefore(rows, many=True).data,
        FairViewSet: lambda self, rows: FairListSerializer(rows, many=True).data,
    }
    shipped = {view: (view.render_rows, view.renderer_classes) for view in old_rows}

    def as_before() -> None:
        for view, fn in old_rows.items():
            view.render_rows = fn  # type: ignore[method-assign]
            view.renderer_classes = [DRFJSONRenderer]

    def as_shipped() -> None:
        for view, (fn, renderers) in shipped.items():
            view.render_rows = fn  # type: ignore[method-assign]
            view.renderer_classes = renderers

    def get(path: str, before: bool) -> Callable[[], Any]:
        def call() -> None:
            (as_before if before else as_shipped)()
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            as_shipped()

        return call

    print()
    results = []
    for path in ("/api/v1/products/", "/api/v1/vendors/", "/api/v1/fairs/"):
        results.append(
            compare(f"request: GET {path}", get(path, True), get(path, False), r, max(5, n // 2))
        )
    health = timed(lambda: client.get("/healthz"), 50) * 1000
    print(f"{'request: GET /healthz':<34} {health:8.2f} ms")
    for res in results:
        print(
            f"  {res['label'][9:]:<28} now {res['new_ms'] / health:5.1f}× /healthz "
            f"(was {res['old_ms'] / health:5.1f}×)"
        )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            client.get("/api/v1/products/")
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
        stats.print_stats(25)
        print("\ncProfile, 20 × GET /api/v1/products/ as shipped, by own time:")
        print(out.getvalue())


if __name__ == "__main__":
    main()
