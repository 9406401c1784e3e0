"""The moderators' work lists as the API shows them (D95): the entry shape every queue shares,
the links to the decision endpoints, and the storefronts' own entries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from marketplace.api.serializers import VendorRefSerializer, vendor_public_data, vendor_ref
from marketplace.models import Vendor

# --- the shape ------------------------------------------------------------------------------


class ModerationPersonSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()


class ModerationDecisionSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="The status it moved to (rejected, draft, …).")
    reason = serializers.CharField()
    at = serializers.DateTimeField()
    by = ModerationPersonSerializer(allow_null=True)


class ModerationFieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True, help_text="null when `before_known` is false.")
    after = serializers.JSONField(allow_null=True)


class ModerationChangesSerializer(serializers.Serializer):
    since = serializers.DateTimeField(help_text="The last approval.")
    before_known = serializers.BooleanField(
        help_text="False when the last approval predates recorded approved states: then "
        "`fields` names what was edited since, without the old values."
    )
    # (the metaclass moves declared fields off the class: Serializer.fields is untouched)
    fields = ModerationFieldChangeSerializer(many=True)  # type: ignore[assignment]


class ModerationAttachmentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["picture", "scan", "logo", "banner"])
    url = serializers.URLField(allow_null=True, help_text="null while a picture is processed.")
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="When a signed link stops working (scans); null otherwise."
    )


class ModerationActionSerializer(serializers.Serializer):
    name = serializers.CharField()
    method = serializers.ChoiceField(choices=["POST"])
    url = serializers.URLField()
    reason_required = serializers.BooleanField(help_text='Send `{"reason": "…"}` in the body.')


class ModerationEntrySerializer(serializers.Serializer):
    """One waiting item and what a moderator needs to decide on it."""

    kind = serializers.CharField(
        help_text="The queue: vendors, products, certificates, awards, complaints."
    )
    id = serializers.CharField(help_text="Its identity in its own endpoints (slug or number).")
    title = serializers.CharField()
    url = serializers.URLField(help_text="Its detail endpoint.")
    status = serializers.CharField()
    waiting_since = serializers.DateTimeField()
    storefront = VendorRefSerializer(allow_null=True)
    submitted_by = ModerationPersonSerializer(
        allow_null=True, help_text="Who put it in the queue (null: unknown or a partner key)."
    )
    previous_decision = ModerationDecisionSerializer(
        allow_null=True, help_text="The last time it left this queue, e.g. a rejection."
    )
    changes = ModerationChangesSerializer(
        allow_null=True,
        help_text="The reviewed fields changed since the last approval; null "
        "when it was never approved.",
    )
    details = serializers.SerializerMethodField()
    attachments = ModerationAttachmentSerializer(many=True)
    actions = ModerationActionSerializer(many=True)

    @extend_schema_field(
        serializers.DictField(help_text="The item as its own detail endpoint shows it.")
    )
    def get_details(self, obj: dict[str, Any]) -> dict[str, Any]:
        return obj["details"]


# --- pieces the apps' `describe` functions use ------------------------------------------------


def absolute(request: Request | None, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def decision_links(
    request: Request | None, basename: str, lookup: Any, decisions: list[tuple[str, bool]]
) -> list[dict[str, Any]]:
    """Links to the decision actions `<basename>-<name>` of one object: (name, reason needed)."""
    return [
        {
            "name": name,
            "method": "POST",
            "url": absolute(
                request, reverse(f"{basename}-{name.replace('_', '-')}", args=[lookup])
            ),
            "reason_required": reason_required,
        }
        for name, reason_required in decisions
    ]


def vendor_entry(vendor: Vendor, request: Request | None) -> dict[str, Any]:
    """A storefront waiting for approval: its identity, its pictures, approve and reject."""
    details = vendor_public_data(vendor)
    return {
        "id": vendor.slug,
        "title": vendor.display_name,
        "url": absolute(request, reverse("vendor-detail", args=[vendor.slug])),
        "storefront": vendor_ref(vendor),
        "details": details,
        "attachments": [
            {"kind": kind, "url": _largest(details[kind]), "expires_at": None}
            for kind in ("logo", "banner")
            if details[kind] is not None
        ],
        "actions": decision_links(
            request, "vendor", vendor.slug, [("approve", False), ("reject", True)]
        ),
    }


def _largest(image: dict[str, Any]) -> str | None:
    """The widest rendition's URL of a picture as the API shows it (None until it is ready)."""
    renditions = image.get("renditions") or []
    if not renditions:
        return None
    return str(max(renditions, key=lambda r: (r["width"], r["format"] == "jpeg"))["url"])


def picture_attachments(
    images: list[dict[str, Any]], kind: str = "picture"
) -> list[dict[str, Any]]:
    return [{"kind": kind, "url": _largest(image), "expires_at": None} for image in images]
