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
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://giaothuong:dev@127.0.0.1:55432/gt_rush"


@dataclass
class Hit:
    kind: str
    status: int
    seconds: float
    code: str = ""
    done_at: float = 0.0  # seconds after the phase started


@dataclass
class Phase:
    name: str
    hits: list[Hit] = field(default_factory=list)
    wall: float = 0.0
    started: float = 0.0

    def summary(self) -> dict[str, Any]:
        times = sorted(h.seconds for h in self.hits)
        codes: dict[str, int] = {}
        for h in self.hits:
            key = f"{h.status} {h.code}".strip()
            codes[key] = codes.get(key, 0) + 1

        def pct(p: float, values: list[float] | None = None) -> float:
            values = times if values is None else values
            if not values:
                return 0.0
            return values[min(len(values) - 1, round(p * (len(values) - 1)))] * 1000

        by_status: dict[str, dict[str, float]] = {}
        for status in sorted({h.status for h in self.hits}):
            mine = sorted(h.seconds for h in self.hits if h.status == status)
            by_status[str(status)] = {
                "p50_ms": round(pct(0.50, mine), 1),
                "p95_ms": round(pct(0.95, mine), 1),
            }

        ok = sum(1 for h in self.hits if h.status in (200, 201))
        # Until the last success: the places were being sold (the rest of the phase refuses).
        selling = max((h.done_at for h in self.hits if h.status in (200, 201)), default=0.0)
        return {
            "phase": self.name,
            "requests": len(self.hits),
            "successful": ok,
            "wall_s": round(self.wall, 3),
            "requests_per_s": round(len(self.hits) / self.wall, 1) if self.wall else 0,
            "successful_per_s": round(ok / self.wall, 1) if self.wall else 0,
            "selling_s": round(selling, 3),
            "successful_per_s_while_selling": round(ok / selling, 1) if selling else 0,
            "p50_ms": round(pct(0.50), 1),
            "p95_ms": round(pct(0.95), 1),
            "max_ms": round(times[-1] * 1000, 1) if times else 0,
            "mean_ms": round(statistics.fmean(times) * 1000, 1) if times else 0,
            "status": codes,
            "latency_by_status": by_status,
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- data ---------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace, run: str) -> dict[str, Any]:
    """Create the fair, buyers, storefronts and their tokens directly in the database."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from catalog.models import Category, Product, ProductStatus, Unit
    from fairs.models import ApprovalMode, BoothType, Fair, FairKind, FairOrganizer, FairStatus
    from marketplace.models import Commune, MemberRole, User, Vendor, VendorMembership

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

    buyers = User.objects.bulk_create(
        [
            User(email=f"rush-{run}-b{i}@bench.local", full_name=f"Buyer {i}", password=password)
            for i in range(args.visitors)
        ],
        batch_size=500,
    )
    owners = User.objects.bulk_create(
        [
            User(email=f"rush-{run}-v{i}@bench.local", full_name=f"Owner {i}", password=password)
            for i in range(args.exhibitors)
        ],
        batch_size=500,
    )
    commune = (
        Commune.objects.filter(province_id=25).order_by("code").first() or Commune.objects.first()
    )
    if commune is None:
        raise SystemExit("no communes: migrate the database first")
    base = 2_000_000_000 + (int(run, 16) % 90_000) * 10_000
    vendors = Vendor.objects.bulk_create(
        [
            Vendor(
                slug=f"rush-{run}-v{i}",
                kind="cooperative",
                legal_name=f"Rush cooperative {run} {i}",
                display_name=f"Rush cooperative {i}",
                tax_code=str(base + i),
                province_id=commune.province_id,
                commune=commune,
                phone="0210 3800 000",
                email=f"rush-{run}-v{i}@bench.local",
                status="approved",
                approved_at=now,
            )
            for i in range(args.exhibitors)
        ],
        batch_size=500,
    )
    VendorMembership.objects.bulk_create(
        [
            VendorMembership(vendor=v, user=u, role=MemberRole.OWNER)
            for v, u in zip(vendors, owners, strict=True)
        ],
        batch_size=500,
    )
    category = Category.objects.filter(children__isnull=True).order_by("path").first()
    unit = Unit.objects.order_by("pk").first()
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


# --- server and clients ---------------------------------------------------------------------------


def start_server(args: argparse.Namespace, env: dict[str, str], port: int) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "marketplace.wsgi:application",
        "--config",
        "/dev/null",  # not the container's gunicorn.conf.py (it binds 0.0.0.0)
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread" if args.threads > 1 else "sync",
        "--threads",
        str(args.threads),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    log = open(args.server_log, "ab")  # noqa: SIM115 - closed with the server, below
    server = subprocess.Popen(  # noqa: S603
        cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    log.close()  # the child keeps its own descriptor
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def rush(
    name: str,
    port: int,
    requests: list[tuple[str, str, str, dict[str, Any]]],
    *,
    clients: int,
    deadline: float,
) -> Phase:
    """Send `requests` (kind, path, token, body) from `clients` threads released together."""
    phase = Phase(name)
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
            kind, path, token, body = item
            payload = json.dumps(body).encode()
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Accept-Language": "en",
            }
            started = time.perf_counter()
            status, code = 0, "client_error"
            for _attempt in range(2):  # a keep-alive connection the server closed: reconnect once
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("POST", path, body=payload, headers=headers)
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
            hit = Hit(kind, status, now - started, code, now - phase.started)
            with lock:
                phase.hits.append(hit)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    phase.started = time.perf_counter()
    barrier.wait()
    started = phase.started
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 5)
    phase.wall = time.perf_counter() - started
    return phase


# --- main -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--visitors", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--exhibitors", type=int, default=300)
    parser.add_argument("--booths", type=int, default=100)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--deadline", type=float, default=300, help="seconds for the whole rush")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--server-log",
        default="/tmp/fairs_rush_gunicorn.log",  # noqa: S108
        help="gunicorn's output",
    )
    parser.add_argument("--cleanup", action="store_true", help="delete the run's rows afterwards")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the rush needs PostgreSQL (row locks): pass --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"the rush only talks to this machine; {host!r} is not 127.0.0.1")

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
        # Django logs every 409 ("Conflict: …") at WARNING; half the rush is refused on purpose.
        "LOG_LEVEL": "ERROR",
        # The web process only queues e-mail and index tasks; a worker elsewhere runs them.
        # Here the queue is in memory and nobody consumes it, so the web's share is measured.
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_DEBUG", "SECRET_KEY")})
    os.environ.update({k: env[k] for k in ("JWT_SIGNING_KEY", "JWT_ACCESS_MINUTES")})
    os.environ.update({k: env[k] for k in ("ALLOWED_HOSTS", "CELERY_BROKER_URL")})
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    t0 = time.perf_counter()
    data = prepare(args, run)
    prepared = time.perf_counter() - t0
    fair = data["fair"]
    rng = random.Random(run)
    registrations = [
        ("registration", f"/api/v1/fairs/{fair.slug}/registrations/", token, {})
        for token in data["buyer_tokens"]
    ]
    applications = [
        ("application", f"/api/v1/fairs/{fair.slug}/applications/", token, body)
        for token, body in data["applications"]
    ]
    rng.shuffle(registrations)
    rng.shuffle(applications)

    load_before = os.getloadavg()
    for attempt in range(3):
        # Another program may take the free port before gunicorn binds it: try a new one.
        port = free_port()
        try:
            server = start_server(args, env, port)
            break
        except SystemExit as exc:
            print(f"gunicorn on port {port}: {exc}; see {args.server_log}", file=sys.stderr)
            if attempt == 2:
                raise
    try:
        deadline = time.monotonic() + args.deadline
        phases = [
            rush("registrations", port, registrations, clients=args.clients, deadline=deadline),
            rush("applications", port, applications, clients=args.clients, deadline=deadline),
        ]
    finally:
        stop_server(server)

    from django.db import connection

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
            "postgres": connection.cursor().connection.info.server_version,
        },
        # Other work on the machine shows here: the rush itself adds about its client count.
        "load_average_1m": {
            "before": round(load_before[0], 2),
            "after": round(os.getloadavg()[0], 2),
        },
        "prepare_s": round(prepared, 1),
        "phases": [p.summary() for p in phases],
        "database": verify(data, args),
    }
    if args.cleanup:
        cleanup(data, run)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    db = result["database"]
    return (
        1
        if db["visitors_oversold"] or db["booths_oversold"] or db["people_with_two_tickets"]
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
