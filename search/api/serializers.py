"""Search API: query parameters in, ranked hits with facets out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import ProductListSerializer, product_card, product_card_of_row
from catalog.models import Product
from marketplace.api.serializers import NO_BRAND, VendorPublicSerializer, vendor_public_data
from marketplace.models import Vendor, VendorKind
from media.api.serializers import brands_data, galleries_data
from search.base import PRODUCT_ORDERINGS, VENDOR_ORDERINGS, FacetBucket, Hit

MAX_QUERY_LENGTH = 200
DEFAULT_PAGE_SIZE = 20  # as every other list (REST_FRAMEWORK["PAGE_SIZE"])
MAX_PAGE = 500  # deep pages cost every backend; nobody reads page 500 of a search


class _PagingParams(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        default="",
        help_text=_("What to look for, with or without diacritics."),
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=settings.API_MAX_PAGE_SIZE,
        default=DEFAULT_PAGE_SIZE,
    )


class ProductSearchParams(_PagingParams):
    """The product list's filters (same names and meaning) plus q, ordering and facets."""

    category = serializers.SlugField(
        required=False, help_text=_("Category slug; includes its descendants.")
    )
    province = serializers.IntegerField(required=False, min_value=1, help_text=_("Province code."))
    commune = serializers.IntegerField(required=False, min_value=1, help_text=_("Commune code."))
    vendor = serializers.SlugField(required=False, help_text=_("Storefront slug."))
    vendor_type = serializers.ChoiceField(choices=VendorKind.choices, required=False)
    ocop_stars_min = serializers.IntegerField(
        required=False, min_value=1, max_value=5, help_text=_("At least this many OCOP stars.")
    )
    price_min = serializers.IntegerField(required=False, min_value=0)
    price_max = serializers.IntegerField(required=False, min_value=0)
    price_on_request = serializers.BooleanField(required=False, allow_null=True, default=None)
    fair = serializers.SlugField(required=False, help_text=_("Fair slug: its showcase."))
    rating_min = serializers.FloatField(
        required=False,
        min_value=1,
        max_value=5,
        help_text=_("Reviews average at least this many stars."),
    )
    ordering = serializers.ChoiceField(
        choices=[(o, o) for o in PRODUCT_ORDERINGS],
        required=False,
        default="relevance",
        help_text=_("relevance (default; newest without q), newest, price, -price or name."),
    )
    facets = serializers.BooleanField(
        required=False, default=True, help_text=_("Include facet counts (default true).")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low, high = attrs.get("price_min"), attrs.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"price_max": [_("Must not be below price_min.")]})
        return attrs


class VendorSearchParams(_PagingParams):
    province = serializers.IntegerField(required=False, min_value=1, help_text=_("Province code."))
    commune = serializers.IntegerField(required=False, min_value=1, help_text=_("Commune code."))
    vendor_type = serializers.ChoiceField(choices=VendorKind.choices, required=False)
    ordering = serializers.ChoiceField(
        choices=[(o, o) for o in VENDOR_ORDERINGS], required=False, default="relevance"
    )
    facets = serializers.BooleanField(required=False, default=True)


class SuggestParams(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, help_text=_("What has been typed."))
    limit = serializers.IntegerField(required=False, min_value=1, max_value=10, default=10)


class FacetBucketSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, obj: Any) -> list[dict[str, Any]]:
        return FacetBucketSerializer(obj.children, many=True).data  # type: ignore[return-value]


class ProductHitSerializer(ProductListSerializer):
    highlight = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()

    class Meta(ProductListSerializer.Meta):
        fields = [*ProductListSerializer.Meta.fields, "highlight", "score"]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_highlight(self, obj: Any) -> dict[str, str]:
        return self.context["hits"][obj.pk].highlight

    @extend_schema_field(serializers.FloatField())
    def get_score(self, obj: Any) -> float:
        return self.context["hits"][obj.pk].score


class VendorHitSerializer(VendorPublicSerializer):
    highlight = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()

    class Meta(VendorPublicSerializer.Meta):
        fields = [*VendorPublicSerializer.Meta.fields, "highlight", "score"]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_highlight(self, obj: Any) -> dict[str, str]:
        return self.context["hits"][obj.pk].highlight

    @extend_schema_field(serializers.FloatField())
    def get_score(self, obj: Any) -> float:
        return self.context["hits"][obj.pk].score


# The hits as plain functions (issue 11): the rows of a results page without a serializer
# instance each; the Hit serializers above stay the schema, and tests/search/test_render.py
# holds the two equal.


def product_hit(
    product: Product, hit: Hit, gallery: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {**product_card(product, gallery), "highlight": hit.highlight, "score": hit.score}


def product_hits(rows: list[tuple[dict[str, Any], Hit]]) -> list[dict[str, Any]]:
    """A results page from its card rows (search.selectors.product_hits_public): product_hit()
    of each, every gallery with its renditions in one statement (D249)."""
    galleries = galleries_data([row["id"] for row, _ in rows])
    return [
        {
            **product_card_of_row(row, galleries.get(row["id"], [])),
            "highlight": hit.highlight,
            "score": hit.score,
        }
        for row, hit in rows
    ]


def vendor_hit(
    vendor: Vendor, hit: Hit, brand: dict[str, dict[str, Any] | None] | None = None
) -> dict[str, Any]:
    return {**vendor_public_data(vendor, brand), "highlight": hit.highlight, "score": hit.score}


def vendor_hits(rows: list[tuple[Vendor, Hit]]) -> list[dict[str, Any]]:
    """A results page of storefronts: every logo and banner in two queries."""
    brands = brands_data([vendor.pk for vendor, _ in rows])
    return [vendor_hit(v, hit, brands.get(v.pk, NO_BRAND)) for v, hit in rows]


def facet_bucket(bucket: FacetBucket) -> dict[str, Any]:
    """One bucket as FacetBucketSerializer writes it (the schema), without a serializer per
    bucket and per level of children: a faceted answer holds a few hundred buckets."""
    return {
        "key": str(bucket.key),
        "label": str(bucket.label),
        "count": int(bucket.count),
        "children": [facet_bucket(child) for child in bucket.children],
    }


def facets_data(facets: dict[str, list[FacetBucket]]) -> dict[str, list[dict[str, Any]]]:
    return {name: [facet_bucket(b) for b in buckets] for name, buckets in facets.items()}


class FacetsSerializer(serializers.Serializer):
    category = FacetBucketSerializer(many=True, required=False)
    province = FacetBucketSerializer(many=True, required=False)
    commune = FacetBucketSerializer(many=True, required=False)
    ocop_stars = FacetBucketSerializer(many=True, required=False)
    vendor_type = FacetBucketSerializer(many=True, required=False)
    price = FacetBucketSerializer(many=True, required=False)
    fair = FacetBucketSerializer(many=True, required=False)
    rating = FacetBucketSerializer(many=True, required=False)


class ProductSearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total_relation = serializers.ChoiceField(
        choices=[("eq", "eq"), ("gte", "gte")],
        help_text=_(
            '"eq": count is exact; "gte": there are at least count hits (counting stopped at '
            "SEARCH_TRACK_TOTAL_HITS)."
        ),
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProductHitSerializer(many=True)
    facets = FacetsSerializer()
    facets_sampled = serializers.BooleanField(
        help_text=_("True when the facet counts were taken over a bounded subset of the hits.")
    )
    did_you_mean = serializers.CharField(allow_null=True)


class VendorFacetsSerializer(serializers.Serializer):
    province = FacetBucketSerializer(many=True, required=False)
    vendor_type = FacetBucketSerializer(many=True, required=False)


class VendorSearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = VendorHitSerializer(many=True)
    facets = VendorFacetsSerializer()
    did_you_mean = serializers.CharField(allow_null=True)


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("product", "product"), ("vendor", "vendor")])
    slug = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class SuggestResponseSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True)
