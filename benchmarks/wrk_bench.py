"""The machinery of the wrk benchmarks (http_reads.py, page_reads.py, trace_reads.py): the
arguments they share, gunicorn as shipped on a free port of 127.0.0.1, wrk round by round with
`/healthz` first, the CPU per request of gunicorn and PostgreSQL from /proc, the median over
the rounds and the Markdown table. Each script keeps only its paths, its checks and its goals.

Everything is bounded: each wrk run has a timeout, gunicorn has 60 s to answer `/healthz`,
and gunicorn's whole process group is stopped at the end whatever happens (`session`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "benchmarks" / "http_reads.lua"
THROTTLE = "1000000/min"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- CPU from /proc ----------------------------------------------------------------------------


def _ticks(pid: int, first: int, last: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        # after the ")": state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based)
        return sum(int(x) for x in f.read().rsplit(")", 1)[1].split()[first:last])


def database_cpu() -> dict[int, int]:
    """CPU ticks of each PostgreSQL backend serving this database (the web workers' persistent
    connections), read from /proc: the database is on this machine. Empty if not readable."""
    from django.db import connection  # the caller has set Django up with its database

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    ticks = {}
    for pid in pids:
        try:
            ticks[pid] = _ticks(pid, 11, 13)
        except OSError:  # not ours to read, or gone
            continue
    return ticks


def boots(log: Path) -> int:
    """Workers gunicorn has started so far (its log says so for each)."""
    return log.read_text(errors="replace").count("Booting worker") if log.exists() else 0


def server_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn: the master, its live workers and the workers it has
    reaped (max_requests recycling). Neighbours on the machine barely change this figure."""
    total = _ticks(master, 11, 15)
    for task in Path(f"/proc/{master}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                total += _ticks(int(child), 11, 13)
            except OSError:  # exited meanwhile: counted in the master's cutime next time
                continue
    return total / os.sysconf("SC_CLK_TCK")


# --- arguments and environment -----------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser, *, connections: int = 16) -> None:
    """The options every wrk benchmark takes."""
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=10, help="seconds per path per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3, help="seconds per path before")
    parser.add_argument("--connections", type=int, default=connections)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the results to this file")


def checked_setup(args: argparse.Namespace) -> list[float]:
    """wrk present, a database named and on this machine; DATABASE_URL (and CACHE_URL when the
    script takes one) set for Django and gunicorn. Returns the load average before."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk (Debian), or brew install wrk")
    if not args.database_url:
        raise SystemExit("name the database: DATABASE_URL=postgres://… or --database-url")
    host = urlsplit(args.database_url).hostname or ""
    if args.database_url.startswith("postgres") and host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only this machine's database is used; {host!r} is not 127.0.0.1")
    os.environ["DATABASE_URL"] = args.database_url
    if getattr(args, "cache_url", ""):
        os.environ["CACHE_URL"] = args.cache_url
    return load_average()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()


def server_env(**extra: str) -> dict[str, str]:
    """gunicorn's environment: production settings on 127.0.0.1, the throttle limits raised
    through the settings' own variables (they still count; they never refuse)."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_ANON": THROTTLE,
        "THROTTLE_USER": THROTTLE,
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("GUNICORN_CMD_ARGS", None)
    return env


# --- the server --------------------------------------------------------------------------------


def start_server(
    env: dict[str, str], port: int, log: Path, max_requests: int | None
) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "marketplace.wsgi:application",
        "--config",
        str(ROOT / "gunicorn.conf.py"),  # as shipped; only the address is changed
        "--bind",
        f"127.0.0.1:{port}",
        # gunicorn 27 opens a control socket under ~/.gunicorn by default; one per run here,
        # so that runs (or other gunicorns) on the same machine do not take each other's
        "--control-socket",
        str(log.parent / "gunicorn.ctl"),
    ]
    if max_requests is not None:
        cmd += ["--max-requests", str(max_requests)]
    with open(log, "ab") as out:
        server = subprocess.Popen(  # noqa: S603
            cmd, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log}")
    except BaseException:  # not started, or stopped while starting (SIGTERM): no orphan
        stop_server(server)
        raise


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


# --- the load generator ------------------------------------------------------------------------


def wrk(
    port: int,
    paths_file: Path,
    *,
    seconds: int,
    connections: int,
    threads: int,
    master: int,
    log: Path,
    unique: bool = False,
) -> dict[str, Any]:
    """One wrk run over the paths of `paths_file`. `unique`: every request carries its own
    cache key (http_reads.lua), so no answer comes from the shared response cache."""
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
        *(["unique"] if unique else []),
    ]
    cpu_before, db_before, boots_before = server_cpu(master), database_cpu(), boots(log)
    out = subprocess.run(  # noqa: S603
        cmd, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    cpu, db_after = server_cpu(master) - cpu_before, database_cpu()
    booted = boots(log) - boots_before
    # a backend that ended during the run loses its last share (rare: workers recycled)
    db_cpu = sum(t - db_before.get(pid, 0) for pid, t in db_after.items())
    db_cpu /= os.sysconf("SC_CLK_TCK")
    for line in out.stdout.splitlines():
        if line.startswith("HTTP_READS_JSON "):
            raw = json.loads(line.split(" ", 1)[1])
            break
    else:
        raise RuntimeError(f"wrk gave no result ({out.returncode}): {out.stdout}{out.stderr}")
    seconds_run = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(lat["p50"] / 1000, 1),
        "p95_ms": round(lat["p95"] / 1000, 1),
        "p99_ms": round(lat["p99"] / 1000, 1),
        "max_ms": round(lat["max"] / 1000, 1),
        "cpu_ms": round(cpu * 1000 / raw["requests"], 2) if raw["requests"] else 0.0,
        "db_cpu_ms": round(db_cpu * 1000 / raw["requests"], 2) if raw["requests"] else 0.0,
        "errors": {k: v for k, v in raw["errors"].items() if v},
        # workers started during the window (max_requests recycling): their start-up CPU
        # lands in this window's gunicorn CPU
        "boots": booted,
    }


@dataclass
class Session:
    """A running gunicorn with the path files wrk cycles through."""

    port: int
    server: subprocess.Popen
    files: dict[str, Path]
    log: Path
    workdir: Path

    def run(self, name: str, args: argparse.Namespace, seconds: int) -> dict[str, Any]:
        return wrk(
            self.port,
            self.files[name],
            seconds=seconds,
            connections=args.connections,
            threads=args.threads,
            master=self.server.pid,
            log=self.log,
            unique=getattr(args, "unique", False),
        )

    def rounds(
        self, args: argparse.Namespace, on_round: Callable[[int, dict[str, Any]], None]
    ) -> list[dict[str, dict[str, Any]]]:
        """A warm-up of every path, then `args.rounds` rounds of every path in order
        (`/healthz` first: each path's ratio is to the same round's `/healthz`)."""
        for name in self.files:
            self.run(name, args, args.warmup)
        rounds: list[dict[str, dict[str, Any]]] = []
        for number in range(1, args.rounds + 1):
            result: dict[str, dict[str, Any]] = {}
            for name in self.files:
                result[name] = self.run(name, args, args.duration)
                result[name]["ratio"] = result[name]["rps"] / result["healthz"]["rps"]
            rounds.append(result)
            on_round(number, result)
        return rounds


@contextmanager
def session(
    paths: dict[str, list[str]],
    env: dict[str, str],
    *,
    seed: int,
    prefix: str,
    port: int = 0,
    max_requests: int | None = None,
    keep_log: bool = False,
) -> Iterator[Session]:
    """gunicorn started on a free port (three tries) with the paths shuffled into files;
    stopped, and its files removed, whatever happens."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    files: dict[str, Path] = {}
    for name, lines in paths.items():
        random.Random(seed).shuffle(lines)
        files[name] = workdir / f"{name}.txt"
        files[name].write_text("\n".join(lines) + "\n")
    log = workdir / "gunicorn.log"
    server = None
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for attempt in range(3):
            chosen = port or free_port()
            try:
                server = start_server(env, chosen, log, max_requests)
                break
            except RuntimeError as exc:
                print(f"gunicorn on {chosen}: {exc}", file=sys.stderr)
                if attempt == 2 or port:
                    raise
        assert server is not None
        yield Session(chosen, server, files, log, workdir)
    finally:
        if server is not None:
            stop_server(server)
        signal.signal(signal.SIGTERM, previous)
        if keep_log:
            print(f"gunicorn log kept: {log}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# --- report ----------------------------------------------------------------------------------


def summarise(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for name in rounds[0]:
        rs = [r[name] for r in rounds if name in r]
        summary[name] = {
            "rps": round(statistics.median(x["rps"] for x in rs), 1),
            "rps_min": min(x["rps"] for x in rs),
            "rps_max": max(x["rps"] for x in rs),
            "p50_ms": round(statistics.median(x["p50_ms"] for x in rs), 1),
            "p95_ms": round(statistics.median(x["p95_ms"] for x in rs), 1),
            "p99_ms": round(statistics.median(x["p99_ms"] for x in rs), 1),
            "cpu_ms": round(statistics.median(x["cpu_ms"] for x in rs), 2),
            "db_cpu_ms": round(statistics.median(x["db_cpu_ms"] for x in rs), 2),
            "ratio": round(statistics.median(x["ratio"] for x in rs), 4),
            "errors": sum(sum(x["errors"].values()) for x in rs),
            "boots": sum(x["boots"] for x in rs),
        }
    return summary


def print_table(
    title: str,
    rows: dict[str, dict[str, Any]],
    labels: dict[str, str],
    *,
    goal: Callable[[str, dict[str, Any]], str],
    goal_title: str,
    with_boots: bool = True,
) -> None:
    """One Markdown table: a row per path (a round's figures, or the median with min–max)."""
    boots_head = " worker boots |" if with_boots else ""
    print(f"\n{title}")
    print(
        "| path | req/s | p50 ms | p95 ms | p99 ms | / healthz | CPU ms/req: gunicorn, "
        f"PostgreSQL | errors |{boots_head} {goal_title} |"
    )
    print("|---|---|---|---|---|---|---|---|" + ("---|" if with_boots else "") + "---|")
    for name, s in rows.items():
        rps = f"{s['rps']:,.0f}"
        if "rps_min" in s:
            rps += f" ({s['rps_min']:,.0f}–{s['rps_max']:,.0f})"
        errors = s["errors"] if isinstance(s["errors"], int) else sum(s["errors"].values())
        booted = f" {s['boots']} |" if with_boots else ""
        print(
            f"| {labels[name]} | {rps} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
            f"{s['ratio']:.1%} | {s['cpu_ms']}, {s['db_cpu_ms']} | {errors} |{booted} "
            f"{goal(name, s)} |"
        )
