# ruff: noqa: F811  (pytest fixtures imported from test_webhooks are the parameters below)
"""Webhook SSRF (issue 12, item 11, D107): a host *name* that resolves to a private, loopback or
link-local address is refused at delivery time, and the connection goes to the very address
that was checked (no second lookup a rebinding DNS server could answer differently)."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from partners.models import DeliveryStatus, WebhookDelivery
from partners.services.webhooks import transport
from tests.partners.test_webhooks import (  # noqa: F401 (fixtures)
    partner,
    receiver,
    record_and_dispatch,
    subscribe,
)

pytestmark = pytest.mark.django_db


def _answers(*addresses: str):
    """A getaddrinfo that answers every name with ``addresses`` and records the lookups."""
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)  # a literal: socket.create_connection's own lookup
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port))]
        except ValueError:
            lookups.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    return getaddrinfo, lookups


def test_a_name_resolving_to_loopback_is_refused_in_production(
    settings, partner, receiver, product, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True  # a developer's subscription, accepted then
    port = receiver.url.split(":")[2].split("/")[0]
    subscribe(partner, f"http://localhost:{port}/hooks")
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False  # production
    record_and_dispatch(django_capture_on_commit_callbacks, product)
    delivery = WebhookDelivery.objects.get()
    assert receiver.received == [] and receiver.refused == 0  # nothing reached it
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code is None
    assert "refused" in delivery.last_error
    assert "non-public" in delivery.last_error


def test_loopback_is_delivered_to_when_the_setting_allows_it(
    settings, partner, receiver, product, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    port = receiver.url.split(":")[2].split("/")[0]
    _sub, receiver.secret = subscribe(partner, f"http://localhost:{port}/hooks")
    record_and_dispatch(django_capture_on_commit_callbacks, product)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED
    assert len(receiver.received) == 1


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.1.2.3",  # private
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # link-local: the cloud metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 (an address under test, not a bind)
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",  # multicast
    ],
)
def test_a_public_looking_name_resolving_inside_is_refused(settings, monkeypatch, address):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    getaddrinfo, _lookups = _answers(address)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    connected: list[object] = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a))
    result = transport.webhook_post(
        url="https://hooks.partner.example/in", body=b"{}", headers={}, timeout=1
    )
    assert result.status_code is None
    assert result.error.startswith("refused: hooks.partner.example resolves to a non-public")
    assert connected == []


def test_one_inside_answer_among_public_ones_refuses_the_delivery(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    getaddrinfo, _lookups = _answers("93.184.216.34", "10.0.0.5")
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result = transport.webhook_post(
        url="https://hooks.partner.example/in", body=b"{}", headers={}, timeout=1
    )
    assert result.error.startswith("refused:")


def test_the_connection_goes_to_the_address_checked(settings, monkeypatch):
    """DNS rebinding: the name is looked up once; the socket opens to that answer."""
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    getaddrinfo, lookups = _answers("93.184.216.34")
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    connected: list[tuple] = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("test: no network")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    result = transport.webhook_post(
        url="https://hooks.partner.example:8443/in", body=b"{}", headers={}, timeout=1
    )
    assert lookups == ["hooks.partner.example"]
    assert connected == [("93.184.216.34", 8443)]
    assert result.status_code is None
    assert "connection failed" in result.error


def test_the_pinned_connection_still_speaks_to_the_name(settings, receiver, monkeypatch):
    """Host header (and for https the TLS name) stay the subscription's host name."""
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    seen: list[str] = []
    original = receiver.handle

    def handle(handler):
        seen.append(handler.headers["Host"])
        original(handler)

    receiver.handle = handle
    getaddrinfo, lookups = _answers("127.0.0.1")
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    port = receiver.url.split(":")[2].split("/")[0]
    result = transport.webhook_post(
        url=f"http://rebind.partner.example:{port}/hooks",
        body=b"{}",
        headers={"X-Giaothuong-Signature": "t=1,v1=0"},
        timeout=5,
    )
    assert lookups == ["rebind.partner.example"]
    assert seen == [f"rebind.partner.example:{port}"]
    assert result.status_code == 400  # the receiver refused the dummy signature: it was reached
