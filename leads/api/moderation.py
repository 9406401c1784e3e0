"""Trade leads' entries in the moderators' work list (D95, D146)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.request import Request

from core.api.renderers import json_datetime
from leads.models import Lead
from marketplace.api.moderation import absolute, decision_links
from marketplace.api.serializers import vendor_ref


def lead_entry(lead: Lead, request: Request | None) -> dict[str, Any]:
    return {
        "id": lead.slug,
        "title": f"[{lead.get_kind_display()}] {lead.title}",
        "url": absolute(request, reverse("lead-detail", args=[lead.slug])),
        "storefront": vendor_ref(lead.vendor) if lead.vendor is not None else None,
        "details": {
            "kind": lead.kind,
            "title": lead.title,
            "description": lead.description,
            "category": lead.category.slug,
            "quantity": lead.quantity,
            "unit": lead.unit.code,
            "target_price": lead.target_price,
            "negotiable": lead.negotiable,
            "province": lead.province.name,
            "expires_on": lead.expires_on.isoformat(),
            "poster": lead.poster.email,
            "submitted_at": json_datetime(lead.submitted_at),
        },
        "attachments": [],
        "actions": decision_links(
            request, "lead", lead.slug, [("approve", False), ("reject", True)]
        ),
    }
