"""Checkout rush: many buyers check out multi-storefront carts at once (issue 13).

Over HTTP, against gunicorn on 127.0.0.1 and PostgreSQL, from N concurrent clients (threads,
one keep-alive connection each, released together), in one run:

  baseline  `GET /healthz` H times: what this server, client and machine do with no work at all
  rush      B buyers each `POST /api/v1/checkout/` their own cart once (with an Idempotency-Key,
            as the app sends it): L lines from L different storefronts, so each checkout places
            L orders; a share of the carts also holds one unit of a scarce product
  baseline  `GET /healthz` H times again (the machine may have changed meanwhile)

Reports orders per second (the issue's goal: ≥ 100), checkouts per second, latency p50/p95/max,
the status codes, the ratio of the rush's requests per second to the same-run `/healthz` rate
(the figure that holds on a shared machine), the 1-minute load average before and after, and —
read back from the database afterwards — what must be 0: units oversold (sold + left ≠ stocked,
or a count below zero), orders lost (a 201 naming an order the database does not hold, or a
checkout without one order per storefront of its cart), orders the database holds that no 201
announced, refused buyers with orders, and duplicate order numbers. Exit status 1 if any is not 0.
Also the CPU gunicorn and the PostgreSQL backends spent per checkout (from /proc: readable on a
shared machine) and, sampled every 0.5 s, how many backends waited on a lock and on what.
The server, clients, baselines and percentiles are benchmarks/rush.py's, shared with the fair
rush.

    .venv/bin/python benchmarks/checkout_rush.py --database-url postgres://USER:PW@127.0.0.1:PORT/DB
    .venv/bin/python benchmarks/checkout_rush.py --buyers 2000 --clients 32 --json /tmp/co.json

Bounded: a fixed number of requests, a per-request timeout and an overall deadline; the server
is stopped at the end whatever happens. Only 127.0.0.1 is contacted. Each run creates its own
storefronts, products and buyers (names carry a run id); `--cleanup` deletes them afterwards.
Method and figures: docs/benchmarks.md, "Checkout rush"; decisions D161.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import rush  # noqa: E402

PLENTY = 1_000_000  # units of every ordinary product: never the limit
SAMPLE_SECONDS = 0.5  # how often the lock sampler looks at pg_stat_activity


# --- data ---------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace, run: str) -> dict[str, Any]:
    """Storefronts with terms, products with stock, buyers with full carts, tokens: directly in
    the database (what the rush measures is the checkout, not filling carts)."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from catalog.models import Product, ProductStatus
    from orders.models import CartItem, ProductStock, StorefrontSales

    call_command("migrate", verbosity=0)
    now = timezone.now()
    rng = random.Random(run)
    password = make_password(secrets.token_urlsafe(12))
    commune = rush.rush_commune()
    _owners, vendors = rush.storefronts_create(
        f"co-{run}", "Checkout cooperative", args.storefronts, commune=commune, password=password
    )
    # Terms of sale: cash on delivery, a flat fee, free shipping over 500,000 ₫.
    StorefrontSales.objects.bulk_create(
        StorefrontSales(vendor=v, shipping_fee=30_000, free_shipping_over=500_000) for v in vendors
    )
    category, unit = rush.catalogue_defaults()
    products = Product.objects.bulk_create(
        Product(
            vendor=v,
            slug=f"co-{run}-v{i}-p{j}",
            name=f"Checkout product {i}.{j}",
            category=category,
            unit=unit,
            price=20_000 + 5_000 * j,
            origin_commune=commune,
            origin_province_id=commune.province_id,
            status=ProductStatus.PUBLISHED,
            published_at=now,
        )
        for i, v in enumerate(vendors)
        for j in range(args.products)
    )
    scarce = Product.objects.create(
        vendor=vendors[0],
        slug=f"co-{run}-scarce",
        name="Scarce product",
        category=category,
        unit=unit,
        price=250_000,
        origin_commune=commune,
        origin_province_id=commune.province_id,
        status=ProductStatus.PUBLISHED,
        published_at=now,
    )
    stocked = {p.pk: PLENTY for p in products}
    stocked[scarce.pk] = args.scarce_units
    ProductStock.objects.bulk_create(
        ProductStock(product_id=pid, quantity=units) for pid, units in stocked.items()
    )
    buyers = rush.people_create(f"co-{run}", "b", "Buyer", args.buyers, password)
    by_vendor: dict[int, list[Any]] = {}
    for p in products:
        by_vendor.setdefault(p.vendor_id, []).append(p)
    carts: dict[int, set[int]] = {}  # buyer id -> the storefronts of its cart
    items = []
    for buyer in buyers:
        chosen = rng.sample(vendors, args.lines)
        carts[buyer.pk] = {v.pk for v in chosen}
        lines = [(rng.choice(by_vendor[v.pk]), rng.randint(1, 3)) for v in chosen]
        if rng.random() < args.scarce_share:
            lines[0] = (scarce, 1)
            carts[buyer.pk] = {p.vendor_id for p, _q in lines}
        items += [
            CartItem(buyer=buyer, product=p, quantity=q, price_seen=p.price) for p, q in lines
        ]
    CartItem.objects.bulk_create(items, batch_size=1000)
    return {
        "buyers": [(b.pk, str(AccessToken.for_user(b))) for b in buyers],
        "carts": carts,
        "stocked": stocked,
        "scarce": scarce.pk,
        "scarce_wanted": sum(1 for i in items if i.product_id == scarce.pk),
        "vendor_ids": [v.pk for v in vendors],
    }


def verify(data: dict[str, Any], answers: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """What the database holds after the rush, against what the clients were told."""
    from django.db.models import Count, Sum

    from orders.models import CartItem, Order, OrderLine, ProductStock

    stocked = data["stocked"]
    left = dict(
        ProductStock.objects.filter(product_id__in=list(stocked)).values_list(
            "product_id", "quantity"
        )
    )
    sold = dict(
        OrderLine.objects.filter(product_id__in=list(stocked))
        .values("product_id")
        .annotate(n=Sum("quantity"))
        .values_list("product_id", "n")
    )
    oversold = sum(
        1
        for pid, units in stocked.items()
        if left[pid] < 0 or sold.get(pid, 0) + left[pid] != units
    )
    orders = Order.objects.filter(vendor_id__in=data["vendor_ids"])
    held = dict(orders.values_list("number", "buyer_id"))
    announced = {n: buyer for buyer, a in answers.items() for n in a["numbers"]}
    lost = [n for n, buyer in announced.items() if held.get(n) != buyer]
    unannounced = [n for n in held if n not in announced]
    incomplete = sum(
        1 for buyer, a in answers.items() if len(a["numbers"]) != len(data["carts"][buyer])
    )
    refused = [b for b, _t in data["buyers"] if b not in answers]
    refused_with_orders = orders.filter(buyer_id__in=refused).count()
    refused_cart_kept = (
        CartItem.objects.filter(buyer_id__in=refused).values("buyer").distinct().count()
    )
    emptied = CartItem.objects.filter(buyer_id__in=list(answers)).count() == 0
    duplicates = orders.values("number").annotate(n=Count("id")).filter(n__gt=1).count()
    return {
        "checkouts_answered_201": len(answers),
        "orders_announced": len(announced),
        "orders_in_database": len(held),
        "orders_lost": len(lost) + incomplete,
        "orders_unannounced": len(unannounced),
        "duplicate_numbers": duplicates,
        "products_oversold": oversold,
        "scarce_units": stocked[data["scarce"]],
        "scarce_wanted": data["scarce_wanted"],
        "scarce_sold": sold.get(data["scarce"], 0),
        "refused_buyers": len(refused),
        "refused_with_orders": refused_with_orders,
        "refused_carts_kept": refused_cart_kept,
        "successful_carts_emptied": emptied,
    }


def cleanup(run: str, vendor_ids: list[int]) -> None:
    from catalog.models import Product
    from core.models import AuditLog
    from marketplace.models import User, Vendor
    from orders.models import Checkout, Order

    orders = Order.objects.filter(vendor_id__in=vendor_ids)
    checkouts = list(orders.values_list("checkout_id", flat=True).distinct())
    AuditLog.objects.filter(actor__email__startswith=f"co-{run}-").delete()
    orders.delete()
    Checkout.objects.filter(pk__in=checkouts).delete()
    Product.objects.filter(slug__startswith=f"co-{run}-").delete()
    Vendor.objects.filter(slug__startswith=f"co-{run}-").delete()
    User.objects.filter(email__startswith=f"co-{run}-").delete()


# --- clients ---------------------------------------------------------------------------------


class LockSampler(threading.Thread):
    """Every SAMPLE_SECONDS, how many of the database's backends wait on a lock, and in which
    table their waiting statement writes or reads (pg_stat_activity): the queue on D122's
    counter row showed here as `orders_ordersequence`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.samples: list[int] = []
        self.relations: dict[str, int] = {}

    def run(self) -> None:
        from django.db import connection

        try:
            with connection.cursor() as cursor:
                while not self.stop.wait(SAMPLE_SECONDS):
                    cursor.execute(
                        "SELECT COALESCE(substring(query from "
                        "'(?:INTO|UPDATE|FROM)\\s+\"?([a-z_]+)'), left(query, 40)) "
                        "FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                    )
                    rows = cursor.fetchall()
                    self.samples.append(len(rows))
                    for (table,) in rows:
                        self.relations[str(table)] = self.relations.get(str(table), 0) + 1
        finally:
            connection.close()

    def summary(self) -> dict[str, Any]:
        n = len(self.samples)
        return {
            "samples": n,
            "samples_with_a_wait": sum(1 for s in self.samples if s),
            "mean_waiting": round(sum(self.samples) / n, 2) if n else 0,
            "max_waiting": max(self.samples, default=0),
            "waits_by_relation": self.relations,
        }


def checkout_requests(data: dict[str, Any], run: str) -> list[dict[str, Any]]:
    from marketplace.models import Commune

    commune = (
        Commune.objects.filter(province_id=25).order_by("code").first() or Commune.objects.first()
    )
    assert commune is not None
    body = {
        "recipient_name": "Lê Văn Mua",
        "phone": "0912345678",
        "province": commune.province_id,
        "commune": commune.code,
        "street": "Số 1 Hùng Vương",
        "payment_method": "cod",
    }
    out = [
        rush.post_json(
            "checkout",
            "/api/v1/checkout/",
            token,
            body,
            headers={"Idempotency-Key": f"co-{run}-{buyer}"},
            buyer=buyer,
        )
        for buyer, token in data["buyers"]
    ]
    random.Random(run).shuffle(out)
    return out


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = rush.arguments(
        (__doc__ or "").split("\n\n")[0],
        "/tmp/checkout_rush_gunicorn.log",  # noqa: S108
    )
    parser.add_argument("--buyers", type=int, default=1000, help="checkouts (one per buyer)")
    parser.add_argument("--storefronts", type=int, default=20)
    parser.add_argument("--products", type=int, default=5, help="products per storefront")
    parser.add_argument("--lines", type=int, default=3, help="storefronts in each cart")
    parser.add_argument("--scarce-units", type=int, default=50)
    parser.add_argument(
        "--scarce-share", type=float, default=0.1, help="share of carts with the scarce product"
    )
    parser.add_argument("--healthz", type=int, default=2000, help="/healthz requests per baseline")
    parser.add_argument("--deadline", type=float, default=600, help="seconds for the checkouts")
    args = parser.parse_args()
    rush.database_url_check(args.database_url)
    if not 1 <= args.lines <= args.storefronts:
        raise SystemExit("--lines must be between 1 and --storefronts")
    run = secrets.token_hex(3)
    # The /healthz baseline comes from one address: the anonymous throttle must not refuse it.
    env = rush.environment(args.database_url, {"THROTTLE_ANON": "1000000/min"})

    t0 = time.perf_counter()
    data = prepare(args, run)
    prepared = time.perf_counter() - t0
    checkouts = checkout_requests(data, run)
    answers: dict[int, dict[str, Any]] = {}

    def on_answer(item: dict[str, Any], status: int, text: bytes) -> None:
        if status == 201:
            answer = json.loads(text)
            answers[item["buyer"]] = {"numbers": [o["number"] for o in answer["orders"]]}

    load_before = rush.load_average()
    server, port = rush.server_start(args, env)
    sampler = LockSampler()
    try:
        # Each phase has its own bound: a slow rush must not leave the second baseline no time.
        before = rush.healthz_phase("healthz_before", port, args.healthz, args.clients)
        meter = rush.CpuMeter(server)
        sampler.start()
        main_phase = rush.run_phase(
            "checkouts",
            port,
            checkouts,
            clients=args.clients,
            deadline=time.monotonic() + args.deadline,
            on_answer=on_answer,
        )
        sampler.stop.set()
        cpu = meter.spent()
        load_mid = rush.load_average()
        after = rush.healthz_phase("healthz_after", port, args.healthz, args.clients)
    finally:
        sampler.stop.set()
        rush.stop_server(server)
    sampler.join(10)

    db = verify(data, answers)
    summary = main_phase.summary()
    orders = db["orders_announced"]
    baseline = rush.baseline_rate(before, after)
    requests = len(main_phase.hits)
    result = {
        "run": run,
        "config": {
            "buyers": args.buyers,
            "storefronts": args.storefronts,
            "products_per_storefront": args.products,
            "lines_per_cart": args.lines,
            "scarce_units": args.scarce_units,
            "scarce_share": args.scarce_share,
            "clients": args.clients,
            "workers": args.workers,
            "threads": args.threads,
            "cpus": os.cpu_count(),
            "postgres": rush.postgres_version(),
        },
        "load_average_1m": {
            "before": load_before,
            "after_checkouts": load_mid,
            "after": rush.load_average(),
        },
        "prepare_s": round(prepared, 1),
        "orders_per_s": round(orders / main_phase.wall, 1) if main_phase.wall else 0,
        "checkouts_per_s": round(len(answers) / main_phase.wall, 1) if main_phase.wall else 0,
        "healthz_per_s": [p.summary()["requests_per_s"] for p in (before, after)],
        "ratio_to_healthz": round(summary["requests_per_s"] / baseline, 3) if baseline else 0,
        # CPU of the checkout phase per checkout request (201s and 409s alike): the figure
        # that can be read on a shared machine.
        "cpu": {
            **cpu,
            "gunicorn_ms_per_checkout": round(cpu["gunicorn_s"] * 1000 / requests, 1)
            if requests
            else 0,
            "postgres_ms_per_checkout": round(cpu["postgres_s"] * 1000 / requests, 1)
            if requests
            else 0,
            "clients_ms_per_checkout": round(cpu["clients_s"] * 1000 / requests, 1)
            if requests
            else 0,
        },
        "lock_waits": sampler.summary(),
        "phases": [before.summary(), summary, after.summary()],
        "database": db,
    }
    if args.cleanup:
        cleanup(run, data["vendor_ids"])
    rush.result_write(result, args.json)
    bad = ("orders_lost", "orders_unannounced", "duplicate_numbers", "products_oversold")
    return 1 if any(db[k] for k in bad) or db["refused_with_orders"] else 0


if __name__ == "__main__":
    sys.exit(main())
