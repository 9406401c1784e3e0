"""The catalogue's entries in the moderators' work lists (D95): products, OCOP certificates and
rural-industry awards, each with its attachments and the links to its decisions. Registered in
catalog/extensions.py; the shape is marketplace.api.moderation.ModerationEntrySerializer."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.request import Request

from catalog.api.serializers import (
    AwardSerializer,
    CertificateSerializer,
    product_card,
    scan_url,
)
from catalog.models import OcopCertificate, Product, RuralIndustryAward
from catalog.scans import scan_link
from core.api.renderers import json_datetime
from marketplace.api.moderation import absolute, decision_links, picture_attachments
from marketplace.api.serializers import vendor_ref

DECISIONS = {
    "products": [("approve", False), ("reject", True)],
    "certificates": [("verify", False), ("reject", True)],
    "awards": [("verify", False), ("reject", True)],
}


def product_entry(product: Product, request: Request | None) -> dict[str, Any]:
    card = product_card(product)
    return {
        "id": product.slug,
        "title": product.name,
        "url": absolute(request, reverse("product-detail", args=[product.slug])),
        "storefront": card["vendor"],
        "details": {
            **card,
            "description": product.description,
            "gtin": product.gtin,
            "attributes": product.attributes,
            "status_reason": product.status_reason,
            "submitted_at": json_datetime(product.submitted_at),
            "created_at": json_datetime(product.created_at),
        },
        "attachments": picture_attachments(card["images"]),
        "actions": decision_links(request, "product", product.slug, DECISIONS["products"]),
    }


def certificate_entry(cert: OcopCertificate, request: Request | None) -> dict[str, Any]:
    """A certificate waiting for verification; its scan as a signed link (moderators only read
    the work lists, D96)."""
    link = scan_link(cert)
    context = {"request": request, "_scan_links": {cert.pk: link}}
    return {
        "id": str(cert.pk),
        "title": f"OCOP {cert.stars}★ {cert.certificate_number} — {cert.product.name}",
        "url": absolute(request, reverse("certificate-detail", args=[cert.pk])),
        "storefront": vendor_ref(cert.vendor),
        "details": CertificateSerializer(cert, context=context).data,
        "attachments": []
        if link is None or request is None
        else [{"kind": "scan", "url": scan_url(request, link), "expires_at": link.expires_at}],
        "actions": decision_links(request, "certificate", cert.pk, DECISIONS["certificates"]),
    }


def award_entry(award: RuralIndustryAward, request: Request | None) -> dict[str, Any]:
    """An award waiting for verification (awards carry no document of their own)."""
    return {
        "id": str(award.pk),
        "title": f"{award.get_level_display()} {award.year} — {award.product.name}",
        "url": absolute(request, reverse("award-detail", args=[award.pk])),
        "storefront": vendor_ref(award.vendor),
        "details": AwardSerializer(award).data,
        "attachments": [],
        "actions": decision_links(request, "award", award.pk, DECISIONS["awards"]),
    }
