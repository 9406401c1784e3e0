"""Reads on lots: a storefront's lots, the public trace record, and the Digital Link lookup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from catalog.models import CertificateStatus, OcopCertificate, Product
from catalog.selectors import product_public_filter
from core.api.renderers import json_date, json_datetime
from traceability.codes import gtin_forms, short_url, trace_url
from traceability.models import Lot, LotEvent, LotOrderLine, LotStatus

PUBLIC_STATUSES = (LotStatus.PUBLISHED, LotStatus.RECALLED)


def lot_list_of_product(product: Product) -> QuerySet[Lot]:
    return Lot.objects.filter(product=product).select_related("unit", "origin_commune")


def lot_list_of_vendor(vendor_id: int) -> QuerySet[Lot]:
    """Every lot of a storefront's products, whatever their state (its seller center lists
    them; the API lists them product by product through lot_list_of_product)."""
    return Lot.objects.filter(product__vendor_id=vendor_id).select_related(
        "product", "unit", "origin_commune"
    )


def _public_lots() -> QuerySet[Lot]:
    """Lots with a trace record: published or recalled, of a product the public may see.
    A recalled lot stays readable, so the recall is what a scan shows."""
    public_products = Product.objects.filter(product_public_filter())
    return Lot.objects.filter(
        product__in=public_products, status__in=PUBLIC_STATUSES
    ).select_related(
        "product__vendor__commune__province",
        "product__category",
        "unit",
        "origin_commune__province",
    )


def lot_list_public() -> QuerySet[Lot]:
    """Every lot with a public trace record (the partner feed and the product page read it)."""
    return _public_lots()


def lot_list_public_records() -> QuerySet[Lot]:
    """Public lots ready for `trace_record` in bulk (the partner feed): each lot's events and its
    product's OCOP certificates come in two queries for the whole page, not two per lot."""
    return _public_lots().prefetch_related(
        Prefetch(
            "events",
            queryset=LotEvent.objects.select_related(None).order_by("occurred_at", "id"),
            to_attr="events_in_order",
        ),
        Prefetch(
            "product__certificates",
            queryset=OcopCertificate.objects.filter(status__in=_CERTIFICATE_IN_FORCE).order_by(
                "-stars", "-issue_date"
            ),
            to_attr="certificates_verified",
        ),
    )


#: How many lots a product's detail lists, newest production first (D166).
LOTS_ON_PRODUCT = 20


def lot_list_on_product(product: Product) -> list[Lot]:
    """The product's published and recalled lots, newest first: its detail lists them (one
    query). A recalled lot is listed with its recall, as its trace page shows it."""
    lots = list(
        Lot.objects.filter(product=product, status__in=PUBLIC_STATUSES).order_by(
            "-produced_on", "-id"
        )[:LOTS_ON_PRODUCT]
    )
    for lot in lots:
        lot.product = product
    return lots


def product_lot_summary(lot: Lot, *, today: dt.date | None = None) -> dict[str, Any]:
    """A lot as a product's detail lists it: code, dates, status, recall and trace URLs."""
    today = today or timezone.localdate()
    recalled = lot.status == LotStatus.RECALLED
    return {
        "code": lot.code,
        "public_code": lot.public_code,
        "status": lot.status,
        "produced_on": json_date(lot.produced_on),
        "best_before": json_date(lot.best_before),
        "expired": lot.best_before is not None and lot.best_before < today,
        "recall": (
            {"reason": lot.status_reason, "recalled_at": json_datetime(lot.recalled_at)}
            if recalled
            else None
        ),
        **lot_urls(lot),
    }


def lot_by_public_code(code: str) -> Lot | None:
    return _public_lots().filter(public_code=code.upper()).first()


def lot_by_digital_link(gtin: str, lot_code: str) -> Lot | None:
    forms = gtin_forms(gtin)
    if not forms:
        return None
    return _public_lots().filter(product__gtin__in=forms, code=lot_code).first()


# Statuses of a certificate that was in force while it was valid (expired since still counts).
_CERTIFICATE_IN_FORCE = (CertificateStatus.VERIFIED, CertificateStatus.EXPIRED)


def certificates_valid_on_day(product: Product, day: dt.date) -> list[OcopCertificate]:
    """OCOP certificates of the product that were in force on `day`: verified then (expired
    since counts: it was valid that day), never revoked or rejected. Best first. Reads the
    product's prefetched certificates when `lot_list_public_records` brought them."""
    verified = getattr(product, "certificates_verified", None)
    if verified is not None:
        return [c for c in verified if c.issue_date <= day < c.expires_on]
    return list(
        OcopCertificate.objects.filter(
            product=product,
            status__in=_CERTIFICATE_IN_FORCE,
            issue_date__lte=day,
            expires_on__gt=day,
        ).order_by("-stars", "-issue_date")
    )


def lot_urls(lot: Lot) -> dict[str, str]:
    return {
        "trace_url": trace_url(
            gtin=lot.product.gtin, lot_code=lot.code, public_code=lot.public_code
        ),
        "short_url": short_url(lot.public_code),
    }


def _certificate(cert: OcopCertificate) -> dict[str, Any]:
    return {
        "stars": cert.stars,
        "certificate_number": cert.certificate_number,
        "issuing_body": cert.issuing_body,
        "issue_date": json_date(cert.issue_date),
        "expires_on": json_date(cert.expires_on),
    }


def _event(event: LotEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "kind_display": event.get_kind_display(),
        "occurred_at": json_datetime(event.occurred_at),
        "actor_name": event.actor_name,
        "place": event.place,
        "description": event.description,
        "corrects": event.corrects_id,
    }


def _region(commune: Any) -> dict[str, Any] | None:
    if commune is None:
        return None
    return {
        "code": commune.code,
        "name": commune.name,
        "province": {"code": commune.province.code, "name": commune.province.name},
    }


def _events_in_order(lot: Lot) -> list[LotEvent]:
    prefetched = getattr(lot, "events_in_order", None)
    if prefetched is not None:
        return prefetched
    return list(lot.events.select_related(None).order_by("occurred_at", "id"))


def trace_record(lot: Lot, *, today: dt.date | None = None) -> dict[str, Any]:
    """The public trace record of a published or recalled lot (GET /api/v1/trace/{code}/)."""
    today = today or timezone.localdate()
    product, vendor = lot.product, lot.product.vendor
    recalled = lot.status == LotStatus.RECALLED
    expired = lot.best_before is not None and lot.best_before < today
    return {
        "code": lot.code,
        "public_code": lot.public_code,
        **lot_urls(lot),
        "status": lot.status,
        "recall": (
            {"reason": lot.status_reason, "recalled_at": json_datetime(lot.recalled_at)}
            if recalled
            else None
        ),
        "produced_on": json_date(lot.produced_on),
        "best_before": json_date(lot.best_before),
        "expired": expired,
        "quantity": lot.quantity,
        "unit": lot.unit.name if lot.unit else None,
        "origin": {
            "commune": _region(lot.origin_commune),
            "place": lot.origin_place,
            "latitude": lot.latitude,
            "longitude": lot.longitude,
        },
        "product": {
            "slug": product.slug,
            "name": product.name,
            "gtin": product.gtin,
            "category": product.category.name,
        },
        "producer": {
            "slug": vendor.slug,
            "display_name": vendor.display_name,
            "legal_name": vendor.legal_name,
            "tax_code": vendor.tax_code,
            "business_registration_number": vendor.business_registration_number,
            "street_address": vendor.street_address,
            "commune": _region(vendor.commune),
            "phone": vendor.phone,
            "email": vendor.email,
        },
        "events": [_event(e) for e in _events_in_order(lot)],
        "certificates": [
            _certificate(c) for c in certificates_valid_on_day(product, lot.produced_on)
        ],
        "published_at": json_datetime(lot.published_at),
    }


def lots_of_order_lines(line_ids: list[int]) -> dict[int, Lot]:
    """The lot each of these order lines was filled from, where the storefront recorded one
    (D158): order line id → lot (one query). The seller's packing slip and order page show it."""
    links = LotOrderLine.objects.filter(order_line_id__in=line_ids).select_related("lot")
    return {link.order_line_id: link.lot for link in links}
