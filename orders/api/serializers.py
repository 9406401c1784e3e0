"""Serializers of buying: inquiries and their messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.models import Vendor
from marketplace.validators import normalize_phone, validate_phone
from orders.models import Inquiry, InquiryMessage


class InquiryMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = InquiryMessage
        fields = ["id", "author", "from_vendor", "body", "created_at"]

    def get_author(self, obj: InquiryMessage) -> str:
        return obj.author.get_full_name()


class InquirySerializer(serializers.ModelSerializer):
    product: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    product_name = serializers.CharField(source="product.name", read_only=True)
    vendor: serializers.SlugRelatedField[Vendor] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    buyer = serializers.SerializerMethodField()

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "product",
            "product_name",
            "vendor",
            "buyer",
            "quantity",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "created_at",
            "updated_at",
        ]

    def get_buyer(self, obj: Inquiry) -> str:
        return obj.buyer.get_full_name()


class InquiryDetailSerializer(InquirySerializer):
    messages = InquiryMessageSerializer(many=True, read_only=True)

    class Meta(InquirySerializer.Meta):
        fields = [*InquirySerializer.Meta.fields, "messages"]


class InquiryCreateSerializer(serializers.Serializer):
    product = serializers.SlugField(help_text=_("Slug of a published product."))
    quantity = serializers.IntegerField(min_value=1, max_value=10**9)
    message = serializers.CharField(max_length=5000)
    contact_name = serializers.CharField(max_length=200)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)

    def validate_contact_phone(self, value: str) -> str:
        if value:
            validate_phone(value)
        return normalize_phone(value)


class InquiryReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
