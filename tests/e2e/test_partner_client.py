"""The partner guide's example client (docs/examples/partner_client.py), run for real: it syncs
a JSON mirror from a live server through the feed, and verifies webhook signatures made by the
exchange's own signer."""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path
from types import ModuleType

import pytest
from rest_framework.test import APIClient

from catalog.services.products import product_archive
from marketplace.services import vendors as vendor_services
from partners.services.webhooks.signing import new_secret, standard_headers, webhook_signature
from tests.factories import ModeratorFactory, ProductFactory, VendorFactory
from tests.factories.partners import PartnerClientFactory, partner_key
from tests.reference_data import reference_data_restore

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "partner_client.py"


@pytest.fixture(scope="module")
def client_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("partner_client_example", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _public_slugs(path: str) -> set[str]:
    body = APIClient().get(path, {"page_size": 100}).json()
    return {item["slug"] for item in body["results"]}


def test_example_client_syncs_a_mirror_from_a_live_server(client_module, live_server, tmp_path):
    reference_data_restore()  # the live server's transactional test flushes the seed rows
    moderator = ModeratorFactory()
    vendor = VendorFactory(status="pending")
    kept, dropped = ProductFactory.create_batch(2, vendor=vendor)
    vendor_services.vendor_approve(vendor=vendor, actor=moderator)
    key = partner_key(PartnerClientFactory(scopes=["catalog:read"]))
    state = str(tmp_path / "mirror.json")

    deadline = time.monotonic() + 60
    while True:  # see below: PostgreSQL may hold the feed back while older transactions run
        mirror = client_module.sync(live_server.url, key, state, page_size=1)
        if len(mirror["items"]) == 3 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert {k.split(":")[0] for k in mirror["items"]} == {"vendor", "product"}
    products = {r["slug"] for k, r in mirror["items"].items() if k.startswith("product:")}
    assert products == _public_slugs("/api/v1/products/") == {kept.slug, dropped.slug}

    product_archive(product=dropped, actor=moderator, reason="Hết hàng")
    expected = {f"vendor:{vendor.pk}", f"product:{kept.pk}"}
    # On PostgreSQL the feed holds a change back while any older transaction of the server is
    # still open (D66), as other test processes' may be: sync again like a partner would.
    deadline = time.monotonic() + 60
    while True:
        exit_code = client_module.main(
            ["sync", "--base-url", live_server.url, "--key", key, "--state", state]
        )
        assert exit_code == 0
        saved = json.loads(Path(state).read_text(encoding="utf-8"))
        if set(saved["items"]) == expected or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert set(saved["items"]) == expected
    assert saved["cursor"] != mirror["cursor"]  # moved past the archive

    with pytest.raises(client_module.ApiError) as refused:
        client_module.sync(live_server.url, "gt_live_nope_nope", str(tmp_path / "x.json"))
    assert refused.value.status == 401


def test_verify_webhook_accepts_the_exchange_signature_and_refuses_the_rest(client_module):
    body = b'{"event":"product.published","id":12}'
    header = webhook_signature(secret="s3cret", body=body)
    assert client_module.verify_webhook_header("s3cret", header, body)
    timestamp, [signature] = client_module.parse_signature_header(header)
    assert client_module.verify_webhook("s3cret", timestamp, body, signature)
    assert not client_module.verify_webhook("wrong", timestamp, body, signature)
    assert not client_module.verify_webhook("s3cret", timestamp, body + b" ", signature)
    old = webhook_signature(secret="s3cret", body=body, timestamp=int(time.time()) - 301)
    assert not client_module.verify_webhook_header("s3cret", old, body)  # a replay
    assert not client_module.verify_webhook_header("s3cret", "v1=abc", body)


def test_verify_standard_webhook_accepts_what_the_exchange_sends(client_module):
    secret = new_secret()
    body = b'{"event":"product.published","id":12}'
    headers = standard_headers(secret=secret, msg_id="4711", body=body)
    assert client_module.verify_standard_webhook(secret, headers, body)
    upper = {k.title(): v for k, v in headers.items()}  # names arrive in any case
    assert client_module.verify_standard_webhook(secret, upper, body)
    assert not client_module.verify_standard_webhook(new_secret(), headers, body)
    assert not client_module.verify_standard_webhook(secret, headers, body + b" ")
    assert not client_module.verify_standard_webhook(secret, {**headers, "webhook-id": "1"}, body)
    old = standard_headers(
        secret=secret, msg_id="4711", body=body, timestamp=int(time.time()) - 301
    )
    assert not client_module.verify_standard_webhook(secret, old, body)  # a replay
    assert not client_module.verify_standard_webhook("whsec_???", headers, body)
