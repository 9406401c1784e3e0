"""A storefront's terms of sale (payment methods, bank account, shipping) and stock counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from core.audit import audit_record
from core.errors import ValidationFailed
from marketplace.models import User, Vendor
from marketplace.permissions import require_member, require_owner
from orders.models import PaymentMethod, ProductStock, StorefrontSales

SALES_FIELDS = (
    "accepts_cod",
    "accepts_bank_transfer",
    "accepts_vnpay",
    "bank_bin",
    "bank_account",
    "bank_account_name",
    "shipping_fee",
    "free_shipping_over",
)


def sales_terms(vendor: Vendor) -> StorefrontSales:
    """The storefront's terms, or the defaults (unsaved) when it never set any."""
    try:
        return vendor.sales
    except StorefrontSales.DoesNotExist:
        return StorefrontSales(vendor=vendor)


def sales_terms_many(vendors: Iterable[Vendor]) -> dict[int, StorefrontSales]:
    """sales_terms for several storefronts in one query: {storefront id: terms}. Each
    storefront's `sales` is filled too, so a later sales_terms(vendor) reads nothing."""
    vendors = list(vendors)
    saved = {t.vendor_id: t for t in StorefrontSales.objects.filter(vendor__in=vendors)}
    for vendor in vendors:
        if vendor.pk in saved:
            StorefrontSales.vendor.field.set_cached_value(saved[vendor.pk], vendor)
        # None tells Django the storefront has no row (sales_terms then gives the defaults).
        Vendor.sales.related.set_cached_value(vendor, saved.get(vendor.pk))
    return {vendor.pk: sales_terms(vendor) for vendor in vendors}


def vnpay_enabled() -> bool:
    return bool(settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET)


def methods_offered(terms: StorefrontSales) -> list[str]:
    """Methods a buyer may choose now: VNPay only while the exchange's terminal is set."""
    return [m for m in terms.methods() if m != PaymentMethod.VNPAY or vnpay_enabled()]


@transaction.atomic
def sales_update(*, vendor: Vendor, actor: User, **fields: Any) -> StorefrontSales:
    require_owner(actor, vendor)
    terms, _created = StorefrontSales.objects.select_for_update().get_or_create(vendor=vendor)
    before = {f: getattr(terms, f) for f in SALES_FIELDS}
    for field, value in fields.items():
        if field in SALES_FIELDS:
            setattr(terms, field, value)
    if terms.accepts_bank_transfer and not (
        len(terms.bank_bin) == 6 and terms.bank_bin.isdigit() and terms.bank_account
    ):
        raise ValidationFailed(
            _("Bank transfer needs the bank's 6-digit BIN and the account number."),
            errors={"bank_bin": [_("Give the bank's 6-digit NAPAS BIN and the account.")]},
        )
    if not terms.methods():
        raise ValidationFailed(
            _("Accept at least one payment method."),
            errors={"accepts_cod": [_("Accept at least one payment method.")]},
        )
    terms.save()
    changed = {
        f: [before[f], getattr(terms, f)] for f in SALES_FIELDS if before[f] != getattr(terms, f)
    }
    if changed:
        audit_record(actor=actor, action="orders.sales.updated", target=vendor, data=changed)
    return terms


@transaction.atomic
def stock_set(*, product: Product, actor: User, quantity: int | None) -> int | None:
    """Count the product's stock from now on (`quantity`), or stop counting it (None)."""
    require_member(actor, product.vendor)
    if quantity is None:
        ProductStock.objects.filter(product=product).delete()
    else:
        ProductStock.objects.update_or_create(product=product, defaults={"quantity": quantity})
    audit_record(
        actor=actor, action="orders.stock.set", target=product, data={"quantity": quantity}
    )
    return quantity
