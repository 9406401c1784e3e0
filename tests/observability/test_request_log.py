"""One access line per request, in JSON, with the request id the response returns (issue 17,
item 1, D175, D176)."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.observability.logs import formatter
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key
from tests.observability.conftest import access_lines

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
FIELDS = {
    "event",
    "method",
    "path",
    "route",
    "status",
    "duration_ms",
    "db_queries",
    "user_id",
    "partner_id",
    "api_key_id",
    "request_id",
    "logger",
    "level",
    "timestamp",
}


def test_the_access_line_is_json_with_every_field_and_the_request_id_comes_back(
    api_client, json_log
):
    r = api_client.get("/api/v1/regions/provinces/", HTTP_X_REQUEST_ID="lb-7f3a.01:x_y")
    assert r.status_code == 200
    assert r["X-Request-ID"] == "lb-7f3a.01:x_y"
    [line] = access_lines(json_log())
    assert set(line) == FIELDS
    assert line["event"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/regions/provinces/"
    assert line["route"] == "/api/v1/regions/provinces/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["db_queries"] >= 1
    assert line["request_id"] == "lb-7f3a.01:x_y"
    assert line["user_id"] is None and line["partner_id"] is None
    assert line["level"] == "info"


@pytest.mark.parametrize(
    "sent",
    [None, "", "two words", "a\nforged line", "x" * 129, "ünïcode", "<script>", "a/b"],
)
def test_an_unsafe_or_missing_request_id_is_replaced(api_client, json_log, sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    r = api_client.get("/healthz", **headers)
    assert r.status_code == 200
    rid = r["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    [line] = access_lines(json_log())
    assert line["request_id"] == rid
    assert line["route"] == "/healthz"


def test_the_longest_accepted_request_id_is_kept(api_client):
    assert api_client.get("/healthz", HTTP_X_REQUEST_ID="a" * 128)["X-Request-ID"] == "a" * 128


def test_the_route_is_the_template_not_the_path(api_client, json_log):
    assert api_client.get("/api/v1/vendors/no-such-storefront/").status_code == 404
    assert api_client.get("/api/v1/products/no-such-product/").status_code == 404
    assert api_client.get("/no/such/page").status_code == 404
    routes = [line["route"] for line in access_lines(json_log())]
    assert routes[0].startswith("/api/v1/vendors/{") and "no-such" not in routes[0]
    assert routes[1].startswith("/api/v1/products/{") and "no-such" not in routes[1]
    assert routes[2] == "<unmatched>"


def test_the_home_page_is_its_own_route_not_unmatched(client, json_log):
    """The site's home page matches the empty pattern: "/", not "<unmatched>" (which is kept for
    paths nothing matches, as its metrics series says)."""
    assert client.get("/", HTTP_ACCEPT="text/html").status_code == 200
    assert client.get("/en/", HTTP_ACCEPT="text/html").status_code == 200
    assert [line["route"] for line in access_lines(json_log())] == ["/", "/en/"]


def test_a_signed_in_user_is_named_by_id(buyer, buyer_client, json_log):
    r = buyer_client.get("/api/v1/me/")
    assert r.status_code == 200
    [line] = access_lines(json_log())
    assert line["user_id"] == buyer.pk
    assert line["partner_id"] is None


def test_a_partner_is_named_by_client_and_key(json_log):
    client = PartnerClientFactory(scopes=["catalog:read"])
    api = partner_api(partner_key(client))
    r = api.get("/api/v1/products/")
    assert r.status_code == 200
    [line] = access_lines(json_log())
    assert line["partner_id"] == client.pk
    assert line["api_key_id"] == client.keys.get().pk
    assert line["user_id"] is None


def test_a_refusal_is_logged_with_its_status(api_client, json_log):
    r = api_client.post("/api/v1/vendors/", {}, format="json")
    assert r.status_code == 401
    [line] = access_lines(json_log())
    assert line["status"] == 401 and line["method"] == "POST"


PRODUCTION_SCRIPT = """
import django
django.setup()
import logging
from django.test import Client
logging.getLogger("django.request").warning("probe: a django line")
response = Client().get("/healthz", HTTP_X_REQUEST_ID="probe-42")
assert response["X-Request-ID"] == "probe-42"
"""


def test_production_settings_write_every_line_as_json_once():
    """DJANGO_DEBUG=false: every line on the console is a JSON object, each printed once."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env = {
        **clean,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "k" + "0123456789abcdef" * 4,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (result.stdout + result.stderr).splitlines()]
    # (Python's warnings, e.g. WhiteNoise's about a missing STATIC_ROOT, are JSON lines too.)
    lines = [line for line in lines if line["logger"] != "py.warnings"]
    assert [line["event"] for line in lines] == ["probe: a django line", "request"]
    assert lines[0]["logger"] == "django.request" and lines[0]["level"] == "warning"
    assert lines[1]["request_id"] == "probe-42"
    assert lines[1]["route"] == "/healthz" and lines[1]["status"] == 200


def test_console_lines_show_a_plain_traceback_without_the_frames_locals():
    """The embedded default's readable lines: an exception is the usual traceback, quick to
    render and without each frame's variables (a password in a local stays out of the log)."""
    stream = io.StringIO()
    config = formatter("console")
    factory = config.pop("()")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**config))
    log = logging.getLogger("tests.console")
    log.addHandler(handler)
    try:
        password = "hunter2-secret"
        raise ValueError(f"refused for {len(password)} characters")
    except ValueError:
        log.warning("sign-in failed", exc_info=True)
    finally:
        log.removeHandler(handler)

    text = stream.getvalue()
    assert "sign-in failed" in text
    assert "Traceback (most recent call last):" in text and "ValueError: refused for 14" in text
    assert "hunter2-secret" not in text and "╭" not in text
