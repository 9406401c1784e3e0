"""Filters and orderings of the public product list (the stable URL contract)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from catalog.models import Product
from catalog.selectors import category_with_descendants
from core.api.params import TextSearchFilter
from fairs.selectors.exhibitors import products_in_fair
from marketplace.models import Vendor

ORDERINGS: dict[str, list[Any]] = {
    "newest": [F("published_at").desc(nulls_last=True), "-id"],
    "price": [F("price").asc(nulls_last=True), "id"],
    "-price": [F("price").desc(nulls_last=True), "id"],
    "name": ["name", "id"],
}


INT32 = 2**31 - 1
INT64 = 2**63 - 1


class ProductFilter(filters.FilterSet):
    q = TextSearchFilter(
        help_text=_(
            "Words to look for, with or without diacritics (the search backend answers; "
            "ranked by relevance unless an ordering is given)."
        )
    )
    category = filters.CharFilter(
        method="filter_category", help_text=_("Category slug; includes its descendants.")
    )
    # Numbers are bounded: a huge one overflowed the database integer (a 500, found by the
    # API fuzzer, tests/test_openapi_fuzz.py).
    province = filters.NumberFilter(
        field_name="origin_province_id", help_text=_("Province code."), min_value=0, max_value=INT32
    )
    commune = filters.NumberFilter(
        field_name="origin_commune_id", help_text=_("Commune code."), min_value=0, max_value=INT32
    )
    vendor = filters.CharFilter(method="filter_vendor", help_text=_("Storefront slug."))
    ocop_stars_min = filters.NumberFilter(
        field_name="ocop_stars",
        lookup_expr="gte",
        help_text=_("At least this many OCOP stars."),
        min_value=0,
        max_value=5,
    )
    rating_min = filters.NumberFilter(
        field_name="rating_avg",
        lookup_expr="gte",
        help_text=_("Reviews average at least this many stars."),
        min_value=0,
        max_value=5,
    )
    price_min = filters.NumberFilter(
        field_name="price", lookup_expr="gte", min_value=0, max_value=INT64
    )
    price_max = filters.NumberFilter(
        field_name="price", lookup_expr="lte", min_value=0, max_value=INT64
    )
    price_on_request = filters.BooleanFilter(field_name="price_on_request")
    fair = filters.CharFilter(
        method="filter_fair",
        help_text=_("Fair slug: products shown by its exhibitors (published fairs only)."),
    )
    ordering = filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(k, k) for k in ORDERINGS],
        empty_label=None,
        help_text=_("newest (default), price, -price or name."),
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def filter_category(
        self, queryset: QuerySet[Product], name: str, value: str
    ) -> QuerySet[Product]:
        return queryset.filter(category__in=category_with_descendants(value))

    def filter_vendor(
        self, queryset: QuerySet[Product], name: str, value: str
    ) -> QuerySet[Product]:
        # `vendor_id = (the storefront's id)`, not a join on the slug: the planner then reads
        # product_public_vendor_newest for that storefront in order and stops after a page,
        # where a join left it guessing the storefront's size and sorting all its products.
        storefront = Vendor.objects.filter(slug=value).order_by().values("pk")[:1]
        return queryset.filter(vendor_id=Subquery(storefront))

    def filter_fair(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        return queryset.filter(pk__in=products_in_fair(value))

    def filter_ordering(
        self, queryset: QuerySet[Product], name: str, value: str
    ) -> QuerySet[Product]:
        return queryset.order_by(*ORDERINGS[value])
