"""Gunicorn settings for the web container (read from the working directory at start).

WEB_CONCURRENCY sets the worker processes (default 3); GUNICORN_CMD_ARGS overrides any option.
Django's own settings stay in marketplace/settings.py.
"""

import gc
import os
import shutil
import tempfile
from pathlib import Path

# Metrics (D177): gunicorn's workers are separate processes, so prometheus-client keeps each
# one's counters in files under PROMETHEUS_MULTIPROC_DIR and /metrics adds them up. Set before
# any worker imports prometheus-client; an empty directory at each start (a fresh one when the
# variable is unset), since figures left by a previous run would be added in.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _metrics_dir:
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    Path(_metrics_dir).mkdir(parents=True, exist_ok=True)
else:
    _shm = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108 - memory, not disk
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="prometheus-", dir=_shm)

from prometheus_client import multiprocess  # noqa: E402 - after the directory is set

# Inside the container the port is published by docker; the address is the container's own.
bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files in memory, not on the overlay disk
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows without bound. A new worker spends
# ~1 s of CPU loading Django; at the rates the shared response cache (D89) allows, recycling
# every 2,000 requests restarted a worker every few seconds and that start-up was most of the
# CPU of a burst (docs/benchmarks.md, HTTP reads).
max_requests = 20000
max_requests_jitter = 2000
# Logs go to stdout/stderr, where the container runtime collects them, as JSON lines when
# DJANGO_DEBUG=false (LOG_FORMAT). No access log from gunicorn: the exchange writes one line per
# request itself, with its request id, route and user (core/observability/requests.py, D176).
accesslog = None
errorlog = "-"
logger_class = "core.observability.gunicorn.Logger"
# Only the reverse proxy in front reaches the container, and it sets X-Forwarded-*.
forwarded_allow_ips = "*"


def post_worker_init(worker: object) -> None:
    """Once the worker has loaded Django: keep what start-up allocated (modules, settings, URL
    patterns) out of the cyclic garbage collector's passes, and run its youngest pass less
    often. A request allocates many short-lived containers (rows, dicts, querysets) that plain
    reference counting frees; the default threshold (700) made the collector walk them again
    and again (docs/benchmarks.md, HTTP reads: the GC hook)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def child_exit(server: object, worker: object) -> None:
    """A worker is gone: its live gauges leave the sum (its counters stay counted)."""
    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
