"""Gunicorn under the exchange's logging and metrics (issue 17, D176, D177): no access log of
its own (the exchange writes one line per request), its own lines in the exchange's format, and
workers' counters kept in a multiprocess directory that starts empty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import json, logging, os, runpy
conf = runpy.run_path("gunicorn.conf.py")
from gunicorn.config import Config
from core.observability.gunicorn import Logger
cfg = Config()
cfg.set("errorlog", "-")
log = Logger(cfg)
print("RESULT " + json.dumps({
    "accesslog": conf["accesslog"],
    "logger_class": conf["logger_class"],
    "dir": os.environ.get("PROMETHEUS_MULTIPROC_DIR"),
    "dir_empty": not os.listdir(os.environ["PROMETHEUS_MULTIPROC_DIR"]),
    "child_exit": callable(conf.get("child_exit")),
}))
log.error("probe: a gunicorn line")
"""


def _run(tmp_path: Path, **env_vars: str) -> tuple[dict, list[str]]:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env_vars},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT ")), result.stderr.splitlines()


def test_no_gunicorn_access_log_and_its_own_lines_are_json_in_production(tmp_path):
    left_over = tmp_path / "metrics"
    left_over.mkdir()
    (left_over / "counter_123.db").write_bytes(b"old figures")
    found, stderr = _run(tmp_path, DJANGO_DEBUG="false", PROMETHEUS_MULTIPROC_DIR=str(left_over))
    assert found["accesslog"] is None
    assert found["logger_class"] == "core.observability.gunicorn.Logger"
    assert found["child_exit"] is True
    # The directory named by the operator is emptied at start: old figures would be added in.
    assert found["dir"] == str(left_over) and found["dir_empty"] is True
    [line] = [json.loads(x) for x in stderr if "probe" in x]
    assert line["event"] == "probe: a gunicorn line"
    assert line["level"] == "error" and line["logger"] == "gunicorn.error"


def test_a_fresh_metrics_directory_when_none_is_named(tmp_path):
    found, _stderr = _run(tmp_path)
    assert found["dir"] and found["dir_empty"] is True
    assert Path(found["dir"]).name.startswith("prometheus-")
    os.rmdir(found["dir"])
