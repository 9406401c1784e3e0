"""What search plugs into the apps below it: it re-indexes what their signals announce,
answers /readyz and `q` on the product and storefront lists, and reports its index lag on
/metrics. `connect()` runs from SearchConfig.ready()."""

from __future__ import annotations

from core.api.lists import text_search_register
from core.health import readiness_check_register
from core.observability.metrics import metrics_collector_register
from marketplace.models import Vendor
from marketplace.signals import vendor_changed
from search.health import search_readiness
from search.lists import product_list_search, vendor_list_search
from search.metrics import search_metrics
from search.services import search_mark_vendors_dirty

# A storefront's name and type are part of every one of its products' documents.
_VENDOR_FIELDS_IN_PRODUCT_DOCUMENTS = frozenset({"display_name", "kind"})


def search_on_vendor_changed(
    *, vendor: Vendor, event: str, fields: frozenset[str], **kwargs: object
) -> None:
    # A moderation decision shows or hides the storefront and all its products.
    with_products = event != "vendor.updated" or bool(_VENDOR_FIELDS_IN_PRODUCT_DOCUMENTS & fields)
    search_mark_vendors_dirty(vendor_ids=[vendor.pk], with_products=with_products)


def connect() -> None:
    vendor_changed.connect(search_on_vendor_changed, dispatch_uid="search.vendor_changed")
    readiness_check_register("search", search_readiness)
    metrics_collector_register("search", search_metrics)
    # `q` on /api/v1/products/ and /api/v1/vendors/ (D91)
    text_search_register("products", product_list_search)
    text_search_register("vendors", vendor_list_search)
