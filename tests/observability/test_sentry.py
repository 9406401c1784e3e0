"""Sentry (issue 17, item 2, D179): started only when SENTRY_DSN is set, with the Django and
Celery integrations and no personal data; an unhandled error in a request becomes one event
tagged with the request id. No network: the SDK is given a transport that keeps envelopes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import json, sys, types
import sentry_sdk
from sentry_sdk.transport import Transport

envelopes = []
calls = []


class Memory(Transport):
    def capture_envelope(self, envelope):
        envelopes.append(envelope)


real_init = sentry_sdk.init


def init(*args, **options):
    calls.append(sorted(options))
    return real_init(*args, transport=Memory, **options)


sentry_sdk.init = init

import django
django.setup()
from django.test import Client, override_settings
from django.urls import path


def boom(request):
    raise RuntimeError("probe: unhandled")


urls = types.ModuleType("probe_urls")
urls.urlpatterns = [path("boom", boom)]
sys.modules["probe_urls"] = urls
with override_settings(ROOT_URLCONF="probe_urls"):
    response = Client(raise_request_exception=False).get(
        "/boom", HTTP_X_REQUEST_ID="probe-500", HTTP_COOKIE="sessionid=secret-cookie",
        HTTP_AUTHORIZATION="Bearer secret-token", REMOTE_ADDR="203.0.113.9",
    )
client = sentry_sdk.get_client()
client.flush()
events = [e.get_event() for e in envelopes if e.get_event() is not None]
print("RESULT " + json.dumps({
    "active": client.is_active(),
    "calls": calls,
    "status": response.status_code,
    "options": {k: client.options.get(k) for k in ("send_default_pii", "environment", "release")},
    "integrations": sorted(client.integrations),
    "events": events,
}, default=str))
"""


def _run(**env_vars: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={
            **clean,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
            **env_vars,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def test_without_a_dsn_sentry_stays_off():
    found = _run()
    assert found["calls"] == []
    assert found["active"] is False
    assert found["status"] == 500
    assert found["events"] == []


def test_with_a_dsn_an_unhandled_error_is_reported_without_personal_data():
    found = _run(
        SENTRY_DSN="https://public-key@sentry.example.invalid/42",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="giaothuong@1.2.3",
    )
    assert found["calls"] == [["dsn", "environment", "integrations", "release",
                               "send_default_pii", "traces_sample_rate"]]  # fmt: skip
    assert found["active"] is True
    assert found["options"] == {
        "send_default_pii": False,
        "environment": "staging",
        "release": "giaothuong@1.2.3",
    }
    assert {"django", "celery", "logging"} <= set(found["integrations"])
    assert found["status"] == 500
    [event] = [e for e in found["events"] if e.get("exception")]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["exception"]["values"][-1]["value"] == "probe: unhandled"
    assert event["tags"]["request_id"] == "probe-500"
    text = json.dumps(event)
    assert "secret-cookie" not in text
    assert "secret-token" not in text
    assert "203.0.113.9" not in text
