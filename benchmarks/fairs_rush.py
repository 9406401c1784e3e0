"""Fair rush: many people register for one fair, and many storefronts apply for its booths, at once.

Over HTTP, against gunicorn on 127.0.0.1 and PostgreSQL, from N concurrent clients (threads,
one keep-alive connection each):

  phase 1  V visitor registrations (V distinct buyers, JWT prepared beforehand) for C places
  phase 2  A booth applications (A storefronts, one product each) for B booths

Reports throughput (successful registrations per second, requests per second), latency p50/p95/
max per phase, the status codes, and — read back from the database afterwards — the oversold
count (active tickets beyond the capacity; booths held beyond the booths offered), which must be
0. Everything is bounded: a fixed number of requests, a per-request timeout and an overall
deadline; the server is stopped at the end whatever happens. Only 127.0.0.1 is contacted.

    .venv/bin/python benchmarks/fairs_rush.py                       # the documented run
    .venv/bin/python benchmarks/fairs_rush.py --workers 3 --threads 1 --clients 32
    DATABASE_URL=postgres://giaothuong:dev@127.0.0.1:55432/gt_rush .venv/bin/python ...

Each run creates its own fair, people and storefronts (names carry a run id), so runs can be
repeated against the same database; `--cleanup` deletes them afterwards.
The server, clients and percentiles are benchmarks/rush.py's, shared with the checkout rush.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import rush  # noqa: E402

# --- data ---------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace, run: str) -> dict[str, Any]:
    """Create the fair, buyers, storefronts and their tokens directly in the database."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from catalog.models import Product, ProductStatus
    from fairs.models import ApprovalMode, BoothType, Fair, FairKind, FairOrganizer, FairStatus
    from marketplace.models import User

    call_command("migrate", verbosity=0)
    now = timezone.now()
    password = make_password(secrets.token_urlsafe(12))
    organizer = User.objects.create(
        email=f"rush-{run}-organizer@bench.local", password=password, is_organizer=True
    )
    fair = Fair.objects.create(
        name=f"Rush {run}",
        slug=f"rush-{run}",
        kind=FairKind.PHYSICAL,
        venue="Bench hall",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=12),
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=9),
        visitor_capacity=args.capacity,
        approval_mode=ApprovalMode.AUTOMATIC,
        status=FairStatus.OPEN,
        published_at=now,
        created_by=organizer,
    )
    FairOrganizer.objects.create(fair=fair, user=organizer)
    booth = BoothType.objects.create(fair=fair, name="Standard", size="3m x 3m", count=args.booths)

    buyers = rush.people_create(f"rush-{run}", "b", "Buyer", args.visitors, password)
    commune = rush.rush_commune()
    owners, vendors = rush.storefronts_create(
        f"rush-{run}", "Rush cooperative", args.exhibitors, commune=commune, password=password
    )
    category, unit = rush.catalogue_defaults()
    products = Product.objects.bulk_create(
        [
            Product(
                vendor=v,
                slug=f"rush-{run}-p{i}",
                name=f"Rush product {i}",
                category=category,
                unit=unit,
                price=50_000,
                origin_commune=commune,
                origin_province_id=commune.province_id,
                status=ProductStatus.PUBLISHED,
                published_at=now,
            )
            for i, v in enumerate(vendors)
        ],
        batch_size=500,
    )
    return {
        "fair": fair,
        "booth": booth,
        "buyer_tokens": [str(AccessToken.for_user(u)) for u in buyers],
        "applications": [
            (
                str(AccessToken.for_user(owner)),
                {
                    "vendor": vendor.slug,
                    "booth_type": booth.pk,
                    "quantity": 1,
                    "products": [product.pk],
                    "contact_name": "Nguyen Van A",
                    "contact_phone": "0912345678",
                    "contact_email": f"rush-{run}-v{i}@bench.local",
                },
            )
            for i, (owner, vendor, product) in enumerate(
                zip(owners, vendors, products, strict=True)
            )
        ],
    }


def verify(data: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from django.db.models import Count, Sum

    from fairs.models import HOLDING_STATUSES, ExhibitorApplication, VisitorRegistration

    fair, booth = data["fair"], data["booth"]
    active = VisitorRegistration.objects.filter(fair=fair, status="active")
    tickets = active.count()
    twice = active.values("user").annotate(n=Count("id")).filter(n__gt=1).count()
    apps = ExhibitorApplication.objects.filter(booth_type=booth)
    held = apps.filter(status__in=HOLDING_STATUSES).aggregate(n=Sum("quantity"))["n"] or 0
    waiting = apps.filter(status="waitlisted").count()
    return {
        "tickets_issued": tickets,
        "visitor_capacity": args.capacity,
        "visitors_oversold": max(0, tickets - args.capacity),
        "people_with_two_tickets": twice,
        "booths_held": held,
        "booths_offered": args.booths,
        "booths_oversold": max(0, held - args.booths),
        "applications_waitlisted": waiting,
        "applications_total": apps.count(),
    }


def cleanup(data: dict[str, Any], run: str) -> None:
    from catalog.models import Product
    from core.models import AuditLog
    from fairs.models import ExhibitorApplication, Fair
    from marketplace.models import User, Vendor

    ExhibitorApplication.objects.filter(fair=data["fair"]).delete()
    Fair.objects.filter(pk=data["fair"].pk).delete()
    Product.objects.filter(slug__startswith=f"rush-{run}-").delete()
    Vendor.objects.filter(slug__startswith=f"rush-{run}-").delete()
    User.objects.filter(email__startswith=f"rush-{run}-").delete()
    AuditLog.objects.filter(actor__isnull=True, target_repr__startswith="Rush").delete()


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = rush.arguments(
        (__doc__ or "").split("\n\n")[0],
        "/tmp/fairs_rush_gunicorn.log",  # noqa: S108
    )
    parser.add_argument("--visitors", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--exhibitors", type=int, default=300)
    parser.add_argument("--booths", type=int, default=100)
    parser.add_argument("--deadline", type=float, default=300, help="seconds for the whole rush")
    args = parser.parse_args()
    rush.database_url_check(args.database_url)
    run = secrets.token_hex(3)
    env = rush.environment(args.database_url)

    t0 = time.perf_counter()
    data = prepare(args, run)
    prepared = time.perf_counter() - t0
    fair = data["fair"]
    rng = random.Random(run)
    registrations = [
        rush.post_json("registration", f"/api/v1/fairs/{fair.slug}/registrations/", token, {})
        for token in data["buyer_tokens"]
    ]
    applications = [
        rush.post_json("application", f"/api/v1/fairs/{fair.slug}/applications/", token, body)
        for token, body in data["applications"]
    ]
    rng.shuffle(registrations)
    rng.shuffle(applications)

    load_before = rush.load_average()
    server, port = rush.server_start(args, env)
    try:
        deadline = time.monotonic() + args.deadline
        phases = [
            rush.run_phase(
                "registrations", port, registrations, clients=args.clients, deadline=deadline
            ),
            rush.run_phase(
                "applications", port, applications, clients=args.clients, deadline=deadline
            ),
        ]
    finally:
        rush.stop_server(server)

    result = {
        "run": run,
        "config": {
            "clients": args.clients,
            "workers": args.workers,
            "threads": args.threads,
            "visitors": args.visitors,
            "capacity": args.capacity,
            "exhibitors": args.exhibitors,
            "booths": args.booths,
            "cpus": os.cpu_count(),
            "postgres": rush.postgres_version(),
        },
        # Other work on the machine shows here: the rush itself adds about its client count.
        "load_average_1m": {"before": load_before, "after": rush.load_average()},
        "prepare_s": round(prepared, 1),
        "phases": [p.summary() for p in phases],
        "database": verify(data, args),
    }
    if args.cleanup:
        cleanup(data, run)
    rush.result_write(result, args.json)
    db = result["database"]
    return (
        1
        if db["visitors_oversold"] or db["booths_oversold"] or db["people_with_two_tickets"]
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
