"""What a developer sees on the console of the embedded default (issue 12, item 14, D109):
each of Django's log lines once, and no kombu "No hostname was supplied" warning when a task
runs with no broker (Celery eager)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import django
django.setup()
import logging
logging.getLogger("django.request").warning("probe: a django line")
logging.getLogger("django.security.DisallowedHost").error("probe: a security line")
from core.tasks import email_send_task
email_send_task.delay(["an@example.vn"], "probe subject", "probe body")
"""


def _run_embedded_default() -> str:
    """The script in a fresh interpreter with no environment: the embedded default."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "marketplace.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_django_lines_are_printed_once_and_kombu_stays_quiet():
    output = _run_embedded_default()
    assert output.count("probe: a django line") == 1
    assert output.count("probe: a security line") == 1
    assert "probe subject" in output  # the task ran, inline
    assert "No hostname was supplied" not in output
