#!/usr/bin/env python3
"""Example partner client for the giaothuong API (standard library only).

It keeps a local JSON mirror of the public catalogue in step with the change feed, and checks
webhook signatures. Copy it, adapt it; see docs/partners.md for the rules it follows.

    export GIAOTHUONG_API_KEY=gt_live_...
    python partner_client.py sync --base-url https://san.example.vn --state mirror.json
    python partner_client.py sync --kinds product,vendor --state mirror.json   # a subset

The mirror file holds {"cursor": ..., "items": {"product:12": {...}, "vendor:3": {...}}}.
Run `sync` as often as you like (cron, or when a webhook arrives): it resumes from the saved
cursor, applies entries in order (a resource replaces the copy, a tombstone deletes it) and
saves the cursor only together with the items it covers, so an interrupted run repeats work
but never loses any.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

FEED_PATH = "/api/v1/feed/changes/"
SIGNATURE_HEADER = "X-Giaothuong-Signature"
WEBHOOK_TOLERANCE_SECONDS = 300
MAX_ATTEMPTS = 5


class ApiError(RuntimeError):
    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"HTTP {status}: {problem.get('title')} {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


def api_get(base_url: str, api_key: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
    """GET a JSON document, waiting out 429 (Retry-After) and retrying brief server trouble."""
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    url = f"{base_url.rstrip('/')}{path}" + (f"?{query}" if query else "")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {base_url}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, headers={"Authorization": f"Api-Key {api_key}", "Accept": "application/json"}
    )
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return json.load(response)
        except urllib.error.HTTPError as exc:
            body = exc.read()
            retryable = exc.code == 429 or exc.code >= 500
            if not retryable or attempt == MAX_ATTEMPTS:
                try:
                    problem = json.loads(body)
                except ValueError:
                    problem = {"title": body[:200].decode(errors="replace")}
                raise ApiError(exc.code, problem) from None
            wait = float(exc.headers.get("Retry-After") or 2**attempt)
            time.sleep(min(wait, 60))
    raise AssertionError("unreachable")


def load_mirror(path: str) -> dict[str, Any]:
    if not os.path.exists(path):
        return {"cursor": None, "items": {}}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def save_mirror(path: str, mirror: dict[str, Any]) -> None:
    """Write atomically: a crash leaves the previous consistent file, never half of one."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".mirror-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(mirror, fh, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


def apply_entry(items: dict[str, Any], entry: dict[str, Any]) -> None:
    key = f"{entry['kind']}:{entry['id']}"
    if entry["tombstone"]:
        items.pop(key, None)  # unpublished, archived, suspended, expired, revoked or deleted
    else:
        items[key] = entry["resource"]


def sync(
    base_url: str,
    api_key: str,
    state_path: str,
    *,
    kinds: str | None = None,
    page_size: int = 200,
) -> dict[str, Any]:
    """Bring the mirror at `state_path` up to date; returns it. The first run (no cursor) reads
    the feed from its start, which covers everything public."""
    mirror = load_mirror(state_path)
    while True:
        page = api_get(
            base_url,
            api_key,
            FEED_PATH,
            {"cursor": mirror["cursor"], "kinds": kinds, "page_size": page_size},
        )
        for entry in page["results"]:
            apply_entry(mirror["items"], entry)
        if page["next_cursor"]:
            mirror["cursor"] = page["next_cursor"]
        save_mirror(state_path, mirror)  # after every page: resume here if interrupted
        if not page["has_more"]:
            return mirror


# --- webhooks ---------------------------------------------------------------------------------


def verify_standard_webhook(
    secret: str,
    headers: dict[str, str],
    body: bytes,
    *,
    tolerance: int = WEBHOOK_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Standard Webhooks (https://www.standardwebhooks.com/): True when one `v1,<base64>` of
    `webhook-signature` is HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` keyed by
    the base64 after the secret's `whsec_`, and the timestamp is within `tolerance` seconds.
    `headers` as received (names in any case); `body` byte for byte, before parsing it."""
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id = lowered.get("webhook-id", "")
    timestamp = lowered.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        return False
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    expected = "v1," + base64.b64encode(digest).decode()
    received = lowered.get("webhook-signature", "").split(" ")
    return any(hmac.compare_digest(expected, s) for s in received)


# The exchange's own scheme (X-Giaothuong-Signature), deprecated: use verify_standard_webhook.


def parse_signature_header(header: str) -> tuple[int, list[str]]:
    """`t=<unix seconds>,v1=<hex>[,v1=<hex>]` -> (timestamp, signatures); ValueError if bad."""
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise ValueError("malformed signature header")
    return timestamp, signatures


def verify_webhook(
    secret: str,
    timestamp: int | str,
    body: bytes,
    signature: str,
    *,
    tolerance: int = WEBHOOK_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """True when `signature` (hex) is HMAC-SHA256(secret, f"{timestamp}.{body}") and the
    timestamp is within `tolerance` seconds of now (a replayed old delivery is refused).
    Compare `body` as received, byte for byte, before parsing it."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - ts) > tolerance:
        return False
    expected = hmac.new(secret.encode(), str(ts).encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), signature)


def verify_webhook_header(secret: str, header: str, body: bytes, **kwargs: Any) -> bool:
    """Check the whole `X-Giaothuong-Signature` header (any of its v1 values may match, which
    keeps deliveries valid while the exchange rotates the secret)."""
    try:
        timestamp, signatures = parse_signature_header(header)
    except ValueError:
        return False
    return any(verify_webhook(secret, timestamp, body, s, **kwargs) for s in signatures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sync_cmd = sub.add_parser("sync", help="bring the local mirror up to date")
    sync_cmd.add_argument("--base-url", default=os.environ.get("GIAOTHUONG_URL", ""))
    sync_cmd.add_argument("--key", default=os.environ.get("GIAOTHUONG_API_KEY", ""))
    sync_cmd.add_argument("--state", default="mirror.json")
    sync_cmd.add_argument("--kinds", default=None, help="e.g. product,vendor")
    args = parser.parse_args(argv)
    if not args.base_url or not args.key:
        parser.error("give --base-url and --key (or GIAOTHUONG_URL and GIAOTHUONG_API_KEY)")
    mirror = sync(args.base_url, args.key, args.state, kinds=args.kinds)
    counts: dict[str, int] = {}
    for key in mirror["items"]:
        kind = key.split(":", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
    print(json.dumps({"cursor": mirror["cursor"], "items": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
