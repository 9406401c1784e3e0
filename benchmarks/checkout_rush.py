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

    .venv/bin/python benchmarks/checkout_rush.py --database-url postgres://USER:PW@127.0.0.1:PORT/DB
    .venv/bin/python benchmarks/checkout_rush.py --buyers 2000 --clients 32 --json /tmp/co.json

Bounded: a fixed number of requests, a per-request timeout and an overall deadline; the server
is stopped at the end whatever happens. Only 127.0.0.1 is contacted. Each run creates its own
storefronts, products and buyers (names carry a run id); `--cleanup` deletes them afterwards.
Method and figures: docs/benchmarks.md, "Checkout rush"; decisions D161.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fairs_rush import Hit, Phase, free_port, start_server, stop_server  # noqa: E402

DEFAULT_DB = "postgres://giaothuong:dev@127.0.0.1:55432/gt_rush"
PLENTY = 1_000_000  # units of every ordinary product: never the limit
BASELINE_SECONDS = 60  # at most, for each /healthz baseline


# --- data ---------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace, run: str) -> dict[str, Any]:
    """Storefronts with terms, products with stock, buyers with full carts, tokens: directly in
    the database (what the rush measures is the checkout, not filling carts)."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from catalog.models import Category, Product, ProductStatus, Unit
    from marketplace.models import Commune, MemberRole, User, Vendor, VendorMembership
    from orders.models import CartItem, ProductStock, StorefrontSales

    call_command("migrate", verbosity=0)
    now = timezone.now()
    rng = random.Random(run)
    password = make_password(secrets.token_urlsafe(12))
    commune = (
        Commune.objects.filter(province_id=25).order_by("code").first() or Commune.objects.first()
    )
    if commune is None:
        raise SystemExit("no communes: migrate the database first")
    owners = User.objects.bulk_create(
        User(email=f"co-{run}-v{i}@bench.local", full_name=f"Owner {i}", password=password)
        for i in range(args.storefronts)
    )
    base = 2_000_000_000 + (int(run, 16) % 90_000) * 10_000
    vendors = Vendor.objects.bulk_create(
        Vendor(
            slug=f"co-{run}-v{i}",
            kind="cooperative",
            legal_name=f"Checkout cooperative {run} {i}",
            display_name=f"Checkout cooperative {i}",
            tax_code=str(base + i),
            province_id=commune.province_id,
            commune=commune,
            phone="0210 3800 000",
            email=f"co-{run}-v{i}@bench.local",
            status="approved",
            approved_at=now,
        )
        for i in range(args.storefronts)
    )
    VendorMembership.objects.bulk_create(
        VendorMembership(vendor=v, user=u, role=MemberRole.OWNER)
        for v, u in zip(vendors, owners, strict=True)
    )
    # Terms of sale: cash on delivery, a flat fee, free shipping over 500,000 ₫.
    StorefrontSales.objects.bulk_create(
        StorefrontSales(vendor=v, shipping_fee=30_000, free_shipping_over=500_000) for v in vendors
    )
    category = Category.objects.filter(children__isnull=True).order_by("path").first()
    unit = Unit.objects.order_by("pk").first()
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
    buyers = User.objects.bulk_create(
        (
            User(email=f"co-{run}-b{i}@bench.local", full_name=f"Buyer {i}", password=password)
            for i in range(args.buyers)
        ),
        batch_size=500,
    )
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


# --- clients --------------------------------------------------------------------------------------


def rush(
    name: str, port: int, requests: list[dict[str, Any]], *, clients: int, deadline: float
) -> tuple[Phase, dict[int, dict[str, Any]]]:
    """Send `requests` ({kind, method, path, headers, body, buyer}) from `clients` threads
    released together; returns the phase and, per buyer, the order numbers of its 201."""
    phase = Phase(name)
    answers: dict[int, dict[str, Any]] = {}
    lock = threading.Lock()
    cursor = iter(requests)
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        conn: http.client.HTTPConnection | None = None
        barrier.wait()
        while time.monotonic() < deadline:
            with lock:
                item = next(cursor, None)
            if item is None:
                break
            body = json.dumps(item["body"]).encode() if item["body"] is not None else None
            started = time.perf_counter()
            status, code, text = 0, "client_error", b""
            for _attempt in range(2):  # a keep-alive connection the server closed: reconnect once
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request(item["method"], item["path"], body=body, headers=item["headers"])
                    response = conn.getresponse()
                    text = response.read()
                    status = response.status
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                    code = ""
                    if status >= 400:
                        try:
                            code = json.loads(text).get("type", "").rsplit(":", 1)[-1]
                        except ValueError:
                            code = "not_json"
                    break
                except (http.client.HTTPException, OSError):
                    if conn is not None:
                        conn.close()
                    conn = None
            now = time.perf_counter()
            hit = Hit(item["kind"], status, now - started, code, now - phase.started)
            with lock:
                phase.hits.append(hit)
                if status == 201 and item.get("buyer") is not None:
                    answer = json.loads(text)
                    answers[item["buyer"]] = {"numbers": [o["number"] for o in answer["orders"]]}
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    phase.started = time.perf_counter()
    barrier.wait()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 5)
    phase.wall = time.perf_counter() - phase.started
    return phase, answers


def checkout_requests(data: dict[str, Any], run: str) -> list[dict[str, Any]]:
    from marketplace.models import Commune

    commune = (
        Commune.objects.filter(province_id=25).order_by("code").first() or Commune.objects.first()
    )
    assert commune is not None
    out = []
    for buyer, token in data["buyers"]:
        out.append(
            {
                "kind": "checkout",
                "method": "POST",
                "path": "/api/v1/checkout/",
                "buyer": buyer,
                "headers": {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Accept-Language": "en",
                    "Idempotency-Key": f"co-{run}-{buyer}",
                },
                "body": {
                    "recipient_name": "Lê Văn Mua",
                    "phone": "0912345678",
                    "province": commune.province_id,
                    "commune": commune.code,
                    "street": "Số 1 Hùng Vương",
                    "payment_method": "cod",
                },
            }
        )
    random.Random(run).shuffle(out)
    return out


def healthz_requests(count: int) -> list[dict[str, Any]]:
    return [
        {"kind": "healthz", "method": "GET", "path": "/healthz", "headers": {}, "body": None}
    ] * count


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--buyers", type=int, default=1000, help="checkouts (one per buyer)")
    parser.add_argument("--storefronts", type=int, default=20)
    parser.add_argument("--products", type=int, default=5, help="products per storefront")
    parser.add_argument("--lines", type=int, default=3, help="storefronts in each cart")
    parser.add_argument("--scarce-units", type=int, default=50)
    parser.add_argument(
        "--scarce-share", type=float, default=0.1, help="share of carts with the scarce product"
    )
    parser.add_argument("--healthz", type=int, default=2000, help="/healthz requests per baseline")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--deadline", type=float, default=600, help="seconds for the checkouts")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--server-log",
        default="/tmp/checkout_rush_gunicorn.log",  # noqa: S108
        help="gunicorn's output",
    )
    parser.add_argument("--cleanup", action="store_true", help="delete the run's rows afterwards")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the rush needs PostgreSQL (row locks): pass --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"the rush only talks to this machine; {host!r} is not 127.0.0.1")
    if not 1 <= args.lines <= args.storefronts:
        raise SystemExit("--lines must be between 1 and --storefronts")

    run = secrets.token_hex(3)
    secret = secrets.token_urlsafe(40)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secret,
        "JWT_SIGNING_KEY": secret,
        "JWT_ACCESS_MINUTES": "60",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",  # 409 out_of_stock is part of the rush, not news
        # The web process only queues e-mails and webhooks; a worker elsewhere sends them.
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_CONN_MAX_AGE": "60",
        "THROTTLE_ANON": "1000000/min",  # the /healthz baseline from one address
        "PYTHONPATH": str(ROOT),
    }
    for key in ("DATABASE_URL", "DJANGO_DEBUG", "SECRET_KEY", "JWT_SIGNING_KEY"):
        os.environ[key] = env[key]
    for key in ("JWT_ACCESS_MINUTES", "ALLOWED_HOSTS", "CELERY_BROKER_URL"):
        os.environ[key] = env[key]
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()

    t0 = time.perf_counter()
    data = prepare(args, run)
    prepared = time.perf_counter() - t0
    checkouts = checkout_requests(data, run)

    load_before = os.getloadavg()
    server = None
    for attempt in range(3):
        port = free_port()  # another program may take it before gunicorn binds: retry
        try:
            server = start_server(args, env, port)
            break
        except SystemExit as exc:
            print(f"gunicorn on port {port}: {exc}; see {args.server_log}", file=sys.stderr)
            if attempt == 2:
                raise
    assert server is not None
    try:
        # Each phase has its own bound: a slow rush must not leave the second baseline no time.
        before, _a = rush(
            "healthz_before",
            port,
            healthz_requests(args.healthz),
            clients=args.clients,
            deadline=time.monotonic() + BASELINE_SECONDS,
        )
        main_phase, answers = rush(
            "checkouts",
            port,
            checkouts,
            clients=args.clients,
            deadline=time.monotonic() + args.deadline,
        )
        load_mid = os.getloadavg()
        after, _a = rush(
            "healthz_after",
            port,
            healthz_requests(args.healthz),
            clients=args.clients,
            deadline=time.monotonic() + BASELINE_SECONDS,
        )
    finally:
        stop_server(server)

    from django.db import connection

    db = verify(data, answers)
    summary = main_phase.summary()
    orders = db["orders_announced"]
    healthz = [p.summary()["requests_per_s"] for p in (before, after)]
    measured = [rate for rate, p in zip(healthz, (before, after), strict=True) if p.hits]
    baseline = sum(measured) / len(measured) if measured else 0
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
            "postgres": connection.cursor().connection.info.server_version,
        },
        "load_average_1m": {
            "before": round(load_before[0], 2),
            "after_checkouts": round(load_mid[0], 2),
            "after": round(os.getloadavg()[0], 2),
        },
        "prepare_s": round(prepared, 1),
        "orders_per_s": round(orders / main_phase.wall, 1) if main_phase.wall else 0,
        "checkouts_per_s": round(len(answers) / main_phase.wall, 1) if main_phase.wall else 0,
        "healthz_per_s": healthz,
        "ratio_to_healthz": round(summary["requests_per_s"] / baseline, 3) if baseline else 0,
        "phases": [before.summary(), summary, after.summary()],
        "database": db,
    }
    if args.cleanup:
        cleanup(run, data["vendor_ids"])
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    bad = ("orders_lost", "orders_unannounced", "duplicate_numbers", "products_oversold")
    return 1 if any(db[k] for k in bad) or db["refused_with_orders"] else 0


if __name__ == "__main__":
    sys.exit(main())
