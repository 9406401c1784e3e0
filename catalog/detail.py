"""Sections other apps add to a product's detail (`GET /api/v1/products/{slug}/`, D166).

Catalog stands below the apps that know more about a product (traceability's lots, for
instance) and must not import them (D83). Such an app registers a section from its
`extensions.connect()`: a name and a factory for a read-only serializer field whose `source`
is `"*"` (it receives the product). `ProductDetailSerializer.get_fields()` adds every
registered section, so the answer and the OpenAPI document (the field's `extend_schema_field`)
both show it. A section costs its own queries: keep it to one, bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers


@dataclass(frozen=True)
class ProductDetailSection:
    name: str
    field: Callable[[], serializers.Field]


_SECTIONS: dict[str, ProductDetailSection] = {}


def product_detail_section_register(section: ProductDetailSection) -> None:
    """Add (or replace, by name) a section of the product detail."""
    _SECTIONS[section.name] = section


def product_detail_sections() -> list[ProductDetailSection]:
    return list(_SECTIONS.values())
