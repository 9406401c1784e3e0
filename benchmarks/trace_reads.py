"""Trace reads: a QR campaign's burst on the public trace resolver, under gunicorn as shipped.

One command (PostgreSQL and Redis of your own; the database migrated and loaded first with
`manage.py demo_load`, whose flagship products have published lots, one recalled):

    DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB CACHE_URL=redis://127.0.0.1:PORT/1 \
        .venv/bin/python benchmarks/trace_reads.py [--duration 10] [--rounds 3] [--json FILE]

It needs `wrk` (Debian: `apt-get install -y wrk`). Results and method: docs/benchmarks.md,
"Trace reads". Issue 14's goal: the JSON answer of trace resolution at 1,000 req/s or more
on 2 cores, with caching.

What it measures, with the machinery of benchmarks/http_reads.py (the same gunicorn start,
wrk script, CPU accounting and report), talking only to 127.0.0.1:

- `/healthz`, first in every round: the same-run baseline the other figures are divided by;
- `/t/{code}` with `Accept: application/json`, one code (a campaign on one shelf: every scan
  the same lot);
- `/t/{code}` cycling through every public lot (published and recalled);
- `/01/{GTIN}/10/{lot}` (the GS1 Digital Link) for the lots whose product has a GTIN;
- `/api/v1/trace/{code}/`, the API's twin (the shared response cache, D89, not the resolver's).

Every resolver request also counts a scan (a cache `incr`, D169): that cost is in the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.http_reads import (
    ROOT,
    THROTTLE,
    free_port,
    load_average,
    start_server,
    stop_server,
    summarise,
    wrk,
)

GOAL_RPS = 1000  # issue 14: trace resolution, JSON, with caching, per 2 cores


def build_paths() -> tuple[dict[str, list[str]], dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    # deferred: the models load only once Django is set up with the benchmark's database.
    from traceability.codes import gtin14
    from traceability.selectors import lot_list_public

    lots = list(lot_list_public().order_by("pk"))
    if not lots:
        raise SystemExit("no public lot: run `manage.py demo_load` first")
    codes = [f"/t/{lot.public_code}" for lot in lots]
    links = [f"/01/{gtin14(lot.product.gtin)}/10/{lot.code}" for lot in lots if lot.product.gtin]
    paths = {
        "healthz": ["/healthz"],
        "trace_one": [codes[0]],
        "trace_all": codes,
        "trace_api": [f"/api/v1/trace/{lot.public_code}/" for lot in lots],
    }
    if links:
        paths["digital_link"] = links
    facts = {
        "public_lots": len(lots),
        "recalled": sum(1 for lot in lots if lot.status == "recalled"),
        "with_gtin": len(links),
    }
    return paths, facts


def check(port: int, path: str) -> str:
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
        body = r.read()
        kind = r.headers.get("Content-Type", "")
    if path != "/healthz" and "json" not in kind:
        raise SystemExit(f"{path} answered {kind}, not JSON")
    return f"{len(body):,} bytes, {kind}"


def print_table(title: str, rows: dict[str, dict[str, Any]], labels: dict[str, str]) -> None:
    print(f"\n{title}")
    print(
        "| path | req/s | p50 ms | p95 ms | p99 ms | / healthz | CPU ms/req: gunicorn, "
        "PostgreSQL | errors | goal (≥ 1,000 req/s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, s in rows.items():
        rps = f"{s['rps']:,.0f}"
        if "rps_min" in s:
            rps += f" ({s['rps_min']:,.0f}–{s['rps_max']:,.0f})"
        errors = s["errors"] if isinstance(s["errors"], int) else sum(s["errors"].values())
        goal = "" if name == "healthz" else ("met" if s["rps"] >= GOAL_RPS else "not met")
        print(
            f"| {labels[name]} | {rps} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
            f"{s['ratio']:.1%} | {s['cpu_ms']}, {s['db_cpu_ms']} | {errors} | {goal} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    parser.add_argument("--duration", type=int, default=10, help="seconds per path per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds per path before")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk (Debian), or brew install wrk")
    if not args.database_url:
        raise SystemExit("name the database: DATABASE_URL=postgres://… or --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if args.database_url.startswith("postgres") and host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only this machine's database is used; {host!r} is not 127.0.0.1")
    started = time.monotonic()
    load_before = load_average()
    os.environ["DATABASE_URL"] = args.database_url
    if args.cache_url:
        os.environ["CACHE_URL"] = args.cache_url
    paths, facts = build_paths()
    labels = {
        "healthz": "`/healthz`",
        "trace_one": "`/t/{code}`, one lot (JSON)",
        "trace_all": f"`/t/{{code}}`, {facts['public_lots']} lots (JSON)",
        "digital_link": f"`/01/{{GTIN}}/10/{{lot}}`, {facts['with_gtin']} lots (JSON)",
        "trace_api": "`/api/v1/trace/{code}/`",
    }
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_ANON": THROTTLE,
        "THROTTLE_USER": THROTTLE,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    workdir = Path(tempfile.mkdtemp(prefix="trace_reads-"))
    files: dict[str, Path] = {}
    for name, lines in paths.items():
        random.Random(args.seed).shuffle(lines)
        files[name] = workdir / f"{name}.txt"
        files[name].write_text("\n".join(lines) + "\n")
    log = workdir / "gunicorn.log"
    print(f"machine: {os.cpu_count()} CPUs; load average before {load_before}")
    print(f"data: {facts}")
    print(f"cache: {args.cache_url or 'the shipped default (local memory, per process)'}")
    print(
        f"load: wrk -t{args.threads} -c{args.connections}, {args.duration} s per path per "
        f"round, {args.rounds} rounds, {args.warmup} s warm-up per path"
    )

    rounds: list[dict[str, dict[str, Any]]] = []
    server = None
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        port = free_port()
        server = start_server(env, port, log, None)
        for name, lines in paths.items():
            print(f"check {name}: {lines[0]} -> {check(port, lines[0])}")
        common = {
            "connections": args.connections,
            "threads": args.threads,
            "master": server.pid,
            "log": log,
        }
        for name in paths:
            wrk(port, files[name], seconds=args.warmup, **common)
        for number in range(1, args.rounds + 1):
            result: dict[str, dict[str, Any]] = {}
            for name in paths:
                result[name] = wrk(port, files[name], seconds=args.duration, **common)
                result[name]["ratio"] = result[name]["rps"] / result["healthz"]["rps"]
            rounds.append(result)
            print_table(f"round {number} (load average {load_average()})", result, labels)
    finally:
        if server is not None:
            stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(workdir, ignore_errors=True)
    summary = summarise(rounds)
    print_table(f"median of {len(rounds)} rounds (min–max req/s)", summary, labels)
    print(f"\nload average after {load_average()}; {time.monotonic() - started:.0f} s in all")
    if args.json:
        report = {"facts": facts, "rounds": rounds, "summary": summary}
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
