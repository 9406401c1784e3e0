"""Trace reads: a QR campaign's burst on the public trace resolver, under gunicorn as shipped.

One command (PostgreSQL and Redis of your own; the database migrated and loaded first with
`manage.py demo_load`, whose flagship products have published lots, one recalled):

    DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB CACHE_URL=redis://127.0.0.1:PORT/1 \
        .venv/bin/python benchmarks/trace_reads.py [--duration 10] [--rounds 3] [--json FILE]

It needs `wrk` (Debian: `apt-get install -y wrk`). Results and method: docs/benchmarks.md,
"Trace reads". Issue 14's goal: the JSON answer of trace resolution at 1,000 req/s or more
on 2 cores, with caching.

What it measures, with the machinery of benchmarks/http_reads.py (benchmarks/wrk_bench.py: the
same gunicorn start, wrk script, CPU accounting and report), talking only to 127.0.0.1:

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
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.wrk_bench import (
    add_arguments,
    checked_setup,
    load_average,
    print_table,
    server_env,
    session,
    setup_django,
    summarise,
)

GOAL_RPS = 1000  # issue 14: trace resolution, JSON, with caching, per 2 cores


def build_paths() -> tuple[dict[str, list[str]], dict[str, Any]]:
    setup_django()
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
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
        body = r.read()
        kind = r.headers.get("Content-Type", "")
    if path != "/healthz" and "json" not in kind:
        raise SystemExit(f"{path} answered {kind}, not JSON")
    return f"{len(body):,} bytes, {kind}"


def goal(name: str, s: dict[str, Any]) -> str:
    return "" if name == "healthz" else ("met" if s["rps"] >= GOAL_RPS else "not met")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser, connections=16)
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    args = parser.parse_args()
    started = time.monotonic()
    load_before = checked_setup(args)
    paths, facts = build_paths()
    labels = {
        "healthz": "`/healthz`",
        "trace_one": "`/t/{code}`, one lot (JSON)",
        "trace_all": f"`/t/{{code}}`, {facts['public_lots']} lots (JSON)",
        "digital_link": f"`/01/{{GTIN}}/10/{{lot}}`, {facts['with_gtin']} lots (JSON)",
        "trace_api": "`/api/v1/trace/{code}/`",
    }
    print(f"machine: {os.cpu_count()} CPUs; load average before {load_before}")
    print(f"data: {facts}")
    print(f"cache: {args.cache_url or 'the shipped default (local memory, per process)'}")
    print(
        f"load: wrk -t{args.threads} -c{args.connections}, {args.duration} s per path per "
        f"round, {args.rounds} rounds, {args.warmup} s warm-up per path"
    )
    goal_title = f"goal (≥ {GOAL_RPS:,} req/s)"

    def show(number: int, result: dict[str, Any]) -> None:
        title = f"round {number} (load average {load_average()})"
        print_table(title, result, labels, goal=goal, goal_title=goal_title, with_boots=False)

    with session(paths, server_env(), seed=args.seed, prefix="trace_reads") as run:
        for name, lines in paths.items():
            print(f"check {name}: {lines[0]} -> {check(run.port, lines[0])}")
        rounds = run.rounds(args, show)
    summary = summarise(rounds)
    title = f"median of {len(rounds)} rounds (min–max req/s)"
    print_table(title, summary, labels, goal=goal, goal_title=goal_title, with_boots=False)
    print(f"\nload average after {load_average()}; {time.monotonic() - started:.0f} s in all")
    if args.json:
        report = {"facts": facts, "rounds": rounds, "summary": summary}
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
