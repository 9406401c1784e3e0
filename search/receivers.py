"""Search listens to other apps' signals and queues what they changed (connected in ready())."""

from __future__ import annotations

from marketplace.models import Vendor
from search.services import search_mark_vendors_dirty

# A storefront's name and type are part of every one of its products' documents.
_VENDOR_FIELDS_IN_PRODUCT_DOCUMENTS = frozenset({"display_name", "kind"})


def search_on_vendor_changed(
    *, vendor: Vendor, event: str, fields: frozenset[str], **kwargs: object
) -> None:
    # A moderation decision shows or hides the storefront and all its products.
    with_products = event != "vendor.updated" or bool(_VENDOR_FIELDS_IN_PRODUCT_DOCUMENTS & fields)
    search_mark_vendors_dirty(vendor_ids=[vendor.pk], with_products=with_products)
