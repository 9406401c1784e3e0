"""A partner's mirror built only from the change feed equals the public catalogue.

Seeded random series of changes go through the services (publish, edit, send back to review,
archive, restore, delete a draft, suspend and reinstate a storefront, rename it, verify, revoke
and expire certificates). Every few steps the mirror follows the feed to its end, upserting
resources and deleting tombstones, and is compared with what the public API shows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from catalog.models import CertificateStatus, OcopCertificate, Product, ProductStatus
from catalog.services import certificates as certificate_services
from catalog.services import products as product_services
from marketplace.models import Vendor, VendorStatus
from marketplace.services import vendors as vendor_services
from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories.partners import PartnerClientFactory, partner_api, partner_key

pytestmark = pytest.mark.django_db

FEED = "/api/v1/feed/changes/"


class Mirror:
    """What a partner keeps: (kind, id) -> resource, and where to resume."""

    def __init__(self, api: Any, *, apply_tombstones: bool = True) -> None:
        self.api = api
        self.apply_tombstones = apply_tombstones
        self.items: dict[tuple[str, int], dict[str, Any]] = {}
        self.cursor: str | None = None

    def sync(self, page_size: int) -> None:
        while True:
            params: dict[str, Any] = {
                "kinds": "product,vendor,certificate",
                "page_size": page_size,
            }
            if self.cursor:
                params["cursor"] = self.cursor
            response = self.api.get(FEED, params)
            assert response.status_code == 200, response.json()
            body = response.json()
            for entry in body["results"]:
                key = (entry["kind"], entry["id"])
                if entry["tombstone"]:
                    if self.apply_tombstones:
                        self.items.pop(key, None)
                else:
                    self.items[key] = entry["resource"]
            self.cursor = body["next_cursor"]
            if not body["has_more"]:
                return

    def of_kind(self, kind: str) -> dict[str, dict[str, Any]]:
        return {r["slug"]: r for (k, _), r in self.items.items() if k == kind}

    def certificates(self) -> dict[int, dict[str, Any]]:
        return {i: r for (k, i), r in self.items.items() if k == "certificate"}


def _public_certificates() -> dict[int, dict[str, Any]]:
    """Certificates the public product pages show: valid today, of a public product."""
    from catalog.selectors import certificates_valid_on, product_public_filter
    from partners.api.serializers import FeedCertificateSerializer

    public = Product.objects.filter(product_public_filter()).values("pk")
    return {
        c.pk: dict(FeedCertificateSerializer(c).data)
        for c in certificates_valid_on().filter(product__in=public).select_related("product")
    }


def _public(api: Any, path: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    page = 1
    while True:
        body = api.get(path, {"page": page, "page_size": 100}).json()
        for item in body["results"]:
            item.pop("product_count", None)  # not part of the feed's storefront (D65)
            found[item["slug"]] = item
        if not body["next"]:
            return found
        page += 1


class World:
    """The exchange under random changes, driven only through the services."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.moderator = ModeratorFactory()
        self.owners: dict[int, Any] = {}
        for i in range(3):
            vendor = VendorFactory(status=VendorStatus.PENDING, display_name=f"HTX số {i}")
            owner = UserFactory()
            MembershipFactory(vendor=vendor, user=owner)
            self.owners[vendor.pk] = owner
            for j in range(3):
                ProductFactory(
                    vendor=vendor,
                    status=ProductStatus.PENDING_REVIEW,
                    published_at=None,
                    name=f"Sản phẩm {i}-{j}",
                )
            vendor_services.vendor_approve(vendor=vendor, actor=self.moderator)
        self.counter = 0

    def _pick(self, qs: Any) -> Any:
        rows = list(qs.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def _owner(self, vendor_id: int) -> Any:
        return self.owners[vendor_id]

    # --- the moves; each returns quietly when nothing fits --------------------------------

    def publish(self) -> None:
        product = self._pick(Product.objects.filter(status=ProductStatus.PENDING_REVIEW))
        if product:
            product_services.product_approve(product=product, actor=self.moderator)

    def submit(self) -> None:
        product = self._pick(
            Product.objects.filter(status__in=[ProductStatus.DRAFT, ProductStatus.REJECTED])
        )
        if product:
            product_services.product_submit(product=product, actor=self._owner(product.vendor_id))

    def edit_price(self) -> None:
        product = self._pick(Product.objects.exclude(status=ProductStatus.ARCHIVED))
        if product:
            product_services.product_update(
                product=product,
                actor=self._owner(product.vendor_id),
                price=self.rng.randrange(10, 500) * 1000,
            )

    def rename(self) -> None:  # a reviewed field: a published product goes back to review
        product = self._pick(Product.objects.filter(status=ProductStatus.PUBLISHED))
        if product:
            self.counter += 1
            product_services.product_update(
                product=product,
                actor=self._owner(product.vendor_id),
                name=f"{product.name} mới {self.counter}",
            )

    def archive(self) -> None:
        product = self._pick(
            Product.objects.filter(
                status__in=[ProductStatus.DRAFT, ProductStatus.REJECTED, ProductStatus.PUBLISHED]
            )
        )
        if product:
            product_services.product_archive(
                product=product, actor=self.moderator, reason="Gỡ tin theo yêu cầu"
            )

    def restore(self) -> None:
        product = self._pick(Product.objects.filter(status=ProductStatus.ARCHIVED))
        if product:
            product_services.product_restore(product=product, actor=self._owner(product.vendor_id))

    def create_and_delete_draft(self) -> None:
        vendor = self._pick(Vendor.objects.all())
        owner = self._owner(vendor.pk)
        self.counter += 1
        product = product_services.product_create(
            vendor=vendor,
            actor=owner,
            name=f"Nháp {self.counter}",
            category=Product.objects.first().category,
            unit=Product.objects.first().unit,
            price=20000,
        )
        if self.rng.random() < 0.5:
            product_services.product_delete(product=product, actor=owner)

    def suspend(self) -> None:
        vendor = self._pick(Vendor.objects.filter(status=VendorStatus.APPROVED))
        if vendor:
            vendor_services.vendor_suspend(vendor=vendor, actor=self.moderator, reason="Kiểm tra")

    def reinstate(self) -> None:
        vendor = self._pick(Vendor.objects.filter(status=VendorStatus.SUSPENDED))
        if vendor:
            vendor_services.vendor_approve(vendor=vendor, actor=self.moderator)

    def rename_vendor(self) -> None:
        vendor = self._pick(Vendor.objects.all())
        self.counter += 1
        vendor_services.vendor_update(
            vendor=vendor, actor=self._owner(vendor.pk), display_name=f"HTX đổi tên {self.counter}"
        )

    def certify(self) -> None:
        product = self._pick(Product.objects.exclude(status=ProductStatus.ARCHIVED))
        if not product:
            return
        issued = timezone.localdate() - dt.timedelta(days=self.rng.choice([30, 1090]))
        self.counter += 1
        stars = self.rng.choice([3, 4])
        cert = certificate_services.certificate_create(
            product=product,
            actor=self._owner(product.vendor_id),
            stars=stars,
            score={3: Decimal("60"), 4: Decimal("80")}[stars],
            certificate_number=f"OCOP-{self.counter:05d}",
            decision_number="1/QĐ-UBND",
            decision_date=issued,
            issuing_body="UBND tỉnh Phú Thọ",
            issuing_level="province",
            issue_date=issued,
        )
        certificate_services.certificate_verify(certificate=cert, actor=self.moderator)

    def revoke(self) -> None:
        cert = self._pick(OcopCertificate.objects.filter(status=CertificateStatus.VERIFIED))
        if cert:
            certificate_services.certificate_revoke(
                certificate=cert, actor=self.moderator, reason="Thu hồi"
            )

    def expire(self) -> None:
        # Certificates issued 1090 days ago expire within a few days: run the daily job ahead.
        certificate_services.certificate_expire_due(
            today=timezone.localdate() + dt.timedelta(days=10)
        )

    def moves(self) -> list[tuple[Callable[[], None], int]]:
        return [
            (self.publish, 6),
            (self.submit, 4),
            (self.edit_price, 4),
            (self.rename, 2),
            (self.archive, 3),
            (self.restore, 2),
            (self.create_and_delete_draft, 2),
            (self.suspend, 2),
            (self.reinstate, 2),
            (self.rename_vendor, 2),
            (self.certify, 3),
            (self.revoke, 1),
            (self.expire, 2),
        ]

    def step(self) -> str:
        moves = self.moves()
        move = self.rng.choices([m for m, _ in moves], weights=[w for _, w in moves])[0]
        move()
        return move.__name__


def _run(seed: int, *, apply_tombstones: bool = True, steps: int = 60) -> list[str]:
    """Returns the differences found (empty when the mirror always converged)."""
    rng = random.Random(seed)
    world = World(rng)
    partner = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    public = partner_api(partner_key(PartnerClientFactory(scopes=["catalog:read"])))
    mirror = Mirror(partner, apply_tombstones=apply_tombstones)
    done: list[str] = []
    for i in range(steps):
        done.append(world.step())
        if i % 4 == 3 or i == steps - 1:
            mirror.sync(page_size=rng.choice([1, 3, 10, 100]))
            products = _public(public, "/api/v1/products/")
            vendors = _public(public, "/api/v1/vendors/")
            if (
                mirror.of_kind("product") != products
                or mirror.of_kind("vendor") != vendors
                or mirror.certificates() != _public_certificates()
            ):
                return [f"seed {seed} diverged after {done}"]
    return []


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_mirror_from_the_feed_equals_the_public_catalogue(seed):
    assert _run(seed) == []


def test_a_mirror_that_ignores_tombstones_diverges():
    # The check has teeth: without deletions the copy keeps what left the catalogue.
    assert _run(7, apply_tombstones=False) != []
