"""What traceability plugs into the apps below it: a product's detail lists its published lots
(catalog.detail, D166). `connect()` runs from TraceabilityConfig.ready()."""

from __future__ import annotations

from catalog.detail import ProductDetailSection, product_detail_section_register
from traceability.api.serializers import ProductLotsField


def connect() -> None:
    product_detail_section_register(ProductDetailSection(name="lots", field=ProductLotsField))
