"""What the rush benchmarks share (fairs_rush.py, checkout_rush.py): gunicorn on a free port of
127.0.0.1 against a PostgreSQL database of this machine, client threads with one keep-alive
connection each released together, a phase's latencies and percentiles, the `/healthz`
baseline, and the CPU gunicorn and the PostgreSQL backends spent in a phase (from /proc, the
figure that holds on a shared machine; `benchmarks.http_reads` reads it).

A rush script prepares its rows directly in the database, then:

    env = rush.environment(args.database_url, {"THROTTLE_ANON": "1000000/min"})  # django set up
    server, port = rush.server_start(args, env)
    try:
        meter = rush.CpuMeter(server)
        phase = rush.run_phase("name", port, requests, clients=32, deadline=..., on_answer=...)
        cpu = meter.spent()
    finally:
        rush.stop_server(server)

Each request is a dict: kind, method, path, headers, body (JSON-encoded unless None), and
anything the script's `on_answer(request, status, body bytes)` wants to read back (called
under the phase's lock for every answer).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.http_reads import database_cpu, free_port, server_cpu, stop_server  # noqa: E402

DEFAULT_DB = "postgres://giaothuong:dev@127.0.0.1:55432/gt_rush"
BASELINE_SECONDS = 60  # at most, for each /healthz baseline

__all__ = ["free_port", "stop_server"]  # re-exported for the rush scripts


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


# --- the database and the environment -------------------------------------------------------------


def database_url_check(url: str) -> None:
    """The rushes need PostgreSQL (row locks) and only ever talk to this machine."""
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the rush needs PostgreSQL (row locks): pass --database-url")
    host = urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"the rush only talks to this machine; {host!r} is not 127.0.0.1")


def environment(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """gunicorn's environment (this process takes the same settings), then django.setup().
    The web process only queues e-mails, webhooks and index tasks: the queue is in memory and
    nobody consumes it, so the web's share of the work is what is measured."""
    secret = secrets.token_urlsafe(40)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secret,
        "JWT_SIGNING_KEY": secret,
        "JWT_ACCESS_MINUTES": "60",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Django logs every 409 at WARNING; a rush refuses many requests on purpose.
        "LOG_LEVEL": "ERROR",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
        **(extra or {}),
    }
    for key in (
        "DATABASE_URL",
        "DJANGO_DEBUG",
        "SECRET_KEY",
        "JWT_SIGNING_KEY",
        "JWT_ACCESS_MINUTES",
        "ALLOWED_HOSTS",
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
    ):
        os.environ[key] = env[key]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    return env


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# --- the rows a rush prepares ---------------------------------------------------------------------


def rush_commune() -> Any:
    """Where the rush's storefronts are and its buyers live: a commune of Phú Thọ."""
    from marketplace.models import Commune

    commune = (
        Commune.objects.filter(province_id=25).order_by("code").first() or Commune.objects.first()
    )
    if commune is None:
        raise SystemExit("no communes: migrate the database first")
    return commune


def people_create(prefix: str, letter: str, title: str, count: int, password: str) -> list[Any]:
    """`count` users `{prefix}-{letter}{i}@bench.local` named "{title} {i}"."""
    from marketplace.models import User

    return User.objects.bulk_create(
        (
            User(
                email=f"{prefix}-{letter}{i}@bench.local",
                full_name=f"{title} {i}",
                password=password,
            )
            for i in range(count)
        ),
        batch_size=500,
    )


def storefronts_create(
    prefix: str, label: str, count: int, *, commune: Any, password: str
) -> tuple[list[Any], list[Any]]:
    """`count` approved cooperatives `{prefix}-v{i}`, each with an owner of its own (users
    `{prefix}-v{i}@bench.local`): returns (owners, storefronts)."""
    from django.utils import timezone

    from marketplace.models import MemberRole, Vendor, VendorMembership

    owners = people_create(prefix, "v", "Owner", count, password)
    # Tax codes unique per run: 10 digits from the run's prefix.
    base = 2_000_000_000 + (int(prefix.rsplit("-", 1)[-1], 16) % 90_000) * 10_000
    now = timezone.now()
    vendors = Vendor.objects.bulk_create(
        (
            Vendor(
                slug=f"{prefix}-v{i}",
                kind="cooperative",
                legal_name=f"{label} {prefix} {i}",
                display_name=f"{label} {i}",
                tax_code=str(base + i),
                province_id=commune.province_id,
                commune=commune,
                phone="0210 3800 000",
                email=f"{prefix}-v{i}@bench.local",
                status="approved",
                approved_at=now,
            )
            for i in range(count)
        ),
        batch_size=500,
    )
    VendorMembership.objects.bulk_create(
        (
            VendorMembership(vendor=v, user=u, role=MemberRole.OWNER)
            for v, u in zip(vendors, owners, strict=True)
        ),
        batch_size=500,
    )
    return owners, vendors


def catalogue_defaults() -> tuple[Any, Any]:
    """A leaf category and a unit for the rush's products."""
    from catalog.models import Category, Unit

    category = Category.objects.filter(children__isnull=True).order_by("path").first()
    unit = Unit.objects.order_by("pk").first()
    if category is None or unit is None:
        raise SystemExit("no categories or units: migrate the database first")
    return category, unit


# --- the server -----------------------------------------------------------------------------------


def start_server(args: argparse.Namespace, env: dict[str, str], port: int) -> subprocess.Popen:
    """gunicorn with `args.workers` × `args.threads` (gthread), its output to args.server_log."""
    control = Path(tempfile.mkdtemp(prefix="rush-gunicorn-"))  # not ~/.gunicorn, shared
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "marketplace.wsgi:application",
        "--config",
        "/dev/null",  # not the container's gunicorn.conf.py (it binds 0.0.0.0)
        "--bind",
        f"127.0.0.1:{port}",
        "--control-socket",
        str(control / "gunicorn.ctl"),
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
    with open(args.server_log, "ab") as log:
        server = subprocess.Popen(  # noqa: S603
            cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
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


def server_start(args: argparse.Namespace, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """start_server on a free port; another program may take the port before gunicorn binds
    it, so up to three tries."""
    for attempt in range(3):
        port = free_port()
        try:
            return start_server(args, env, port), port
        except SystemExit as exc:
            print(f"gunicorn on port {port}: {exc}; see {args.server_log}", file=sys.stderr)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class CpuMeter:
    """CPU seconds gunicorn (master and workers), this database's PostgreSQL backends and this
    process (the clients) spend from now until spent() (a backend ending meanwhile loses its
    last share)."""

    def __init__(self, server: subprocess.Popen) -> None:
        self.master = server.pid
        self.server = server_cpu(self.master)
        self.database = database_cpu()
        self.postmaster = _postmaster()
        self.reaped = _reaped_ticks(self.postmaster)
        self.clients = time.process_time()

    def spent(self) -> dict[str, float]:
        backends = database_cpu()
        ticks = sum(t - self.database.get(pid, 0) for pid, t in backends.items())
        # Backends that ended meanwhile (Django reconnects after DATABASE_CONN_MAX_AGE): the
        # postmaster reaped them, their CPU is in its children's time (autovacuum's too).
        ticks += _reaped_ticks(self.postmaster) - self.reaped
        return {
            "gunicorn_s": round(server_cpu(self.master) - self.server, 2),
            "postgres_s": round(ticks / os.sysconf("SC_CLK_TCK"), 2),
            "clients_s": round(time.process_time() - self.clients, 2),
        }


def _postmaster() -> int | None:
    """The PostgreSQL server process, parent of this process's own backend (None if the
    server is not readable from here)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    try:
        with open(f"/proc/{backend}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def _reaped_ticks(postmaster: int | None) -> int:
    """CPU ticks of the postmaster's ended children (cutime + cstime)."""
    if postmaster is None:
        return 0
    try:
        with open(f"/proc/{postmaster}/stat") as f:
            return sum(int(x) for x in f.read().rsplit(")", 1)[1].split()[13:15])
    except OSError:
        return 0


# --- the clients ----------------------------------------------------------------------------------


def run_phase(
    name: str,
    port: int,
    requests: list[dict[str, Any]],
    *,
    clients: int,
    deadline: float,
    on_answer: Callable[[dict[str, Any], int, bytes], None] | None = None,
) -> Phase:
    """Send `requests` from `clients` threads released together, until done or `deadline`
    (time.monotonic()); a problem's `type` is kept as the hit's code."""
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
                if on_answer is not None:
                    on_answer(item, status, text)
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
    return phase


def healthz_requests(count: int) -> list[dict[str, Any]]:
    return [
        {"kind": "healthz", "method": "GET", "path": "/healthz", "headers": {}, "body": None}
    ] * count


def healthz_phase(name: str, port: int, count: int, clients: int) -> Phase:
    """The same-run baseline: `count` GET /healthz, bounded by BASELINE_SECONDS."""
    return run_phase(
        name,
        port,
        healthz_requests(count),
        clients=clients,
        deadline=time.monotonic() + BASELINE_SECONDS,
    )


def baseline_rate(*phases: Phase) -> float:
    """The mean requests/s of the baselines that ran (a phase left no time has no hits)."""
    rates = [p.summary()["requests_per_s"] for p in phases if p.hits]
    return sum(rates) / len(rates) if rates else 0.0


def post_json(kind: str, path: str, token: str, body: Any, **extra: Any) -> dict[str, Any]:
    """A request for run_phase: a signed-in POST of JSON (answers in English)."""
    return {
        "kind": kind,
        "method": "POST",
        "path": path,
        "headers": {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept-Language": "en",
            **extra.pop("headers", {}),
        },
        "body": body,
        **extra,
    }


def arguments(description: str, server_log: str) -> argparse.ArgumentParser:
    """The options every rush has: the database, clients, gunicorn's shape, output, cleanup."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--server-log", default=server_log, help="gunicorn's output")
    parser.add_argument("--cleanup", action="store_true", help="delete the run's rows afterwards")
    return parser


def postgres_version() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        return int(cursor.connection.info.server_version)


def result_write(result: dict[str, Any], path: str | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if path:
        Path(path).write_text(text + "\n")
