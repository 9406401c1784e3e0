"""Checkout: a buyer's lines become one order per storefront, in one transaction.

What happens, in order: the lines (the cart's, or the body's) are resolved against the
products on sale; each storefront's payment method is checked against its terms; stock is
taken (orders.services.stock, rows locked by product id); the orders get their numbers
(orders.services.numbering); names and prices are copied onto the lines; totals come from
orders.services.pricing; the storefronts are e-mailed after commit.

What it costs the database does not grow with the storefronts of the cart (D217): the terms of
sale, the buyer's memberships and the storefronts' members' addresses are one query each; the
orders, their lines, payments, audit entries and change-feed rows one INSERT each. The checkout
it returns carries its orders as they were written (`placed_orders`, with lines, payment,
storefront and places), so the answer needs no read back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import product_public_filter
from core.audit import audit_entry, audit_record_many
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from marketplace.models import Commune, Province, User
from marketplace.permissions import member_of
from marketplace.selectors import communes, provinces
from marketplace.services.notifications import vendor_member_emails_many
from orders.models import (
    CartItem,
    Checkout,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from orders.services import stock
from orders.services.carts import quantity_check
from orders.services.numbering import order_numbers_next
from orders.services.pricing import line_total, order_amounts, quoted_amounts
from orders.services.sales import methods_offered, sales_terms_many
from orders.signals import ORDER_CREATED, order_changed_send_many


@dataclass(frozen=True)
class Delivery:
    recipient_name: str
    phone: str
    province_code: int
    commune_code: int
    street: str
    note: str = ""

    @classmethod
    def from_address(cls, fields: Mapping[str, Any]) -> Delivery:
        """From an address as the API's serializers validate it (`province`, `commune`, …):
        the checkout's, the quote acceptance's and the site's forms built on them."""
        return cls(
            recipient_name=fields["recipient_name"],
            phone=fields["phone"],
            province_code=fields["province"],
            commune_code=fields["commune"],
            street=fields["street"],
            note=fields.get("note", ""),
        )


@dataclass(frozen=True)
class Quoted:
    """A quote's terms for checkout_place: unit prices by product slug (price-on-request
    products included) and the quote's shipping fee, replacing today's prices and terms."""

    prices: Mapping[str, int]
    shipping_fee: int


def _lines_from_cart(buyer: User) -> tuple[list[tuple[str, int]], dict[str, int]]:
    items = list(
        CartItem.objects.filter(buyer=buyer)
        .order_by("added_at", "id")
        .values_list("product__slug", "quantity", "price_seen")
    )
    if not items:
        raise ValidationFailed(_("Your cart is empty."), code="cart_empty")
    seen = {slug: price_seen for slug, _quantity, price_seen in items}
    return [(slug, quantity) for slug, quantity, _seen in items], seen


def _resolve(
    buyer: User,
    wanted: Sequence[tuple[str, int]],
    prices_seen: Mapping[str, int] | None,
    quoted: Quoted | None = None,
) -> list[tuple[Product, int]]:
    merged: dict[str, int] = {}
    for slug, quantity in wanted:
        merged[slug] = merged.get(slug, 0) + int(quantity)
    products = {
        p.slug: p
        for p in Product.objects.filter(product_public_filter(), slug__in=list(merged))
        .select_related("vendor", "unit")
        .order_by()
    }
    own = member_of(buyer, {p.vendor_id for p in products.values()})
    problems: list[str] = []
    changed: list[str] = []
    for slug in merged:
        product = products.get(slug)
        if product is None:
            problems.append(_("“%(slug)s” is not on sale any more.") % {"slug": slug})
        elif quoted is None and (product.price_on_request or product.price is None):
            problems.append(_("“%(name)s”: price on request.") % {"name": product.name})
        elif product.vendor_id in own:
            raise NotAllowed(_("You cannot buy from your own storefront."))
        elif prices_seen is not None and prices_seen.get(slug) != product.price:
            changed.append(
                _("“%(name)s” now costs %(price)s ₫.")
                % {"name": product.name, "price": f"{product.price:,}".replace(",", ".")}
            )
    if problems:
        raise ValidationFailed(
            _("Some lines cannot be bought."), code="lines_unavailable", errors={"lines": problems}
        )
    if changed:
        raise Conflict(
            _("Prices changed since you filled your cart: look at it again before you order."),
            code="cart_changed",
            errors={"lines": changed},
        )
    out = []
    for slug, quantity in merged.items():
        if quoted is None:  # a quote's quantities were agreed with the storefront
            quantity_check(products[slug], quantity, field="lines", stock=False)
        out.append((products[slug], quantity))
    return out


def _delivery_check(delivery: Delivery) -> tuple[Province, Commune]:
    """The delivery's province and commune, from the process's reference tables (the 2025
    units, core/reference.py): no query once they are read. A code they do not hold is looked
    up alone, never by reading the whole table again (a bad code costs one small query)."""
    code = delivery.commune_code
    commune = communes.rows().get(code) or Commune.objects.filter(code=code).first()
    if commune is None or commune.province_id != delivery.province_code:
        raise ValidationFailed(
            _("Choose a commune of the chosen province."),
            errors={"commune": [_("This commune is not in that province.")]},
        )
    province = provinces.rows().get(commune.province_id) or Province.objects.get(
        pk=commune.province_id
    )
    return province, commune


def _payment_expiry(method: str, now: dt.datetime) -> dt.datetime | None:
    if method == PaymentMethod.VNPAY:
        return now + dt.timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    return None


@transaction.atomic
def checkout_place(
    *,
    buyer: User,
    delivery: Delivery,
    lines: Sequence[tuple[str, int]] | None = None,
    payment_method: str | None = None,
    payment_methods: Mapping[str, str] | None = None,
    quoted: Quoted | None = None,
) -> Checkout:
    """Place one order per storefront. `lines` (slug, quantity) or, when None, the cart.
    `payment_methods` {storefront slug: method} overrides `payment_method` per storefront.
    `quoted` (with `lines`) sells at a quote's prices and shipping fee (orders.services.quotes)."""
    from_cart = lines is None
    prices_seen: Mapping[str, int] | None = None
    if from_cart:
        lines, prices_seen = _lines_from_cart(buyer)
    if not lines:
        raise ValidationFailed(_("Order at least one line."), errors={"lines": [_("Empty.")]})
    province, commune = _delivery_check(delivery)
    resolved = _resolve(buyer, lines, prices_seen, quoted)
    price = {p.pk: (quoted.prices[p.slug] if quoted else p.price or 0) for p, _q in resolved}

    by_vendor: dict[int, list[tuple[Product, int]]] = {}
    for product, quantity in resolved:
        by_vendor.setdefault(product.vendor_id, []).append((product, quantity))
    vendors = {pk: vendor_lines[0][0].vendor for pk, vendor_lines in by_vendor.items()}
    terms = sales_terms_many(vendors.values())
    chosen: dict[int, str] = {}
    method_errors: list[str] = []
    for vendor in vendors.values():
        method = (payment_methods or {}).get(vendor.slug) or payment_method
        offered = methods_offered(terms[vendor.pk])
        if method not in offered:
            method_errors.append(
                _("%(shop)s accepts: %(methods)s.")
                % {"shop": vendor.display_name, "methods": ", ".join(offered) or "—"}
            )
        chosen[vendor.pk] = str(method)
    if method_errors:
        raise ValidationFailed(
            _("Choose a payment method each storefront accepts."),
            code="payment_method_refused",
            errors={"payment_method": method_errors},
        )

    stock.stock_take({p.pk: q for p, q in resolved}, {p.pk: p.name for p, _q in resolved})
    now = timezone.now()
    amounts = {}
    for vendor_id, vendor_lines in by_vendor.items():
        priced = [(price[p.pk], q) for p, q in vendor_lines]
        amounts[vendor_id] = (
            quoted_amounts(priced, quoted.shipping_fee)
            if quoted
            else order_amounts(priced, terms[vendor_id])
        )
    checkout = Checkout.objects.create(buyer=buyer, total=sum(a.total for a in amounts.values()))
    numbers = order_numbers_next(len(by_vendor), now)
    orders = Order.objects.bulk_create(
        Order(
            number=number,
            checkout=checkout,
            buyer=buyer,
            vendor=vendors[vendor_id],
            payment_method=chosen[vendor_id],
            recipient_name=delivery.recipient_name,
            phone=delivery.phone,
            province=province,
            commune=commune,
            street=delivery.street,
            note=delivery.note,
            subtotal=amounts[vendor_id].subtotal,
            shipping_fee=amounts[vendor_id].shipping_fee,
            total=amounts[vendor_id].total,
        )
        for number, vendor_id in zip(numbers, by_vendor, strict=True)
    )
    lines_of = {
        order.pk: [
            OrderLine(
                order=order,
                product=p,
                product_name=p.name,
                unit_name=p.unit.name,
                unit_price=price[p.pk],
                quantity=q,
                line_total=line_total(price[p.pk], q),
            )
            for p, q in by_vendor[order.vendor_id]
        ]
        for order in orders
    }
    OrderLine.objects.bulk_create(line for order_lines in lines_of.values() for line in order_lines)
    Payment.objects.bulk_create(
        Payment(
            order=order,  # also fills order.payment for the answer
            method=order.payment_method,
            status=PaymentStatus.PENDING,
            amount=order.total,
            expires_at=_payment_expiry(order.payment_method, now),
        )
        for order in orders
    )
    audit_record_many(
        [
            audit_entry(
                actor=buyer,
                action="orders.order.placed",
                target=order,
                to_state=OrderStatus.PLACED,
                data={"total": order.total, "payment_method": order.payment_method},
            )
            for order in orders
        ]
    )
    order_changed_send_many(orders=[(o.pk, o.vendor_id) for o in orders], event=ORDER_CREATED)
    emails = vendor_member_emails_many(vendors)
    for order in orders:
        _notify_storefront(order, by_vendor[order.vendor_id], emails[order.vendor_id])
        _lines_known(order, lines_of[order.pk])
    if from_cart:
        CartItem.objects.filter(buyer=buyer, product_id__in=[p.pk for p, _q in resolved]).delete()
    checkout.placed_orders = orders
    return checkout


def _lines_known(order: Order, lines: list[OrderLine]) -> None:
    """Tell the order its lines, as a prefetch would, so the answer does not read them back."""
    known = order.lines.all()
    known._result_cache = lines
    known._prefetch_done = True  # type: ignore[attr-defined]
    order._prefetched_objects_cache = {"lines": known}  # type: ignore[attr-defined]


def _notify_storefront(order: Order, lines: list[tuple[Product, int]], emails: list[str]) -> None:
    listing = "\n".join(f"- {q} {p.unit.name} × {p.name}" for p, q in lines)
    email_after_commit(
        recipients=emails,
        subject=_("New order %(number)s") % {"number": order.number},
        body=_("A new order %(number)s (%(total)s ₫, %(method)s):\n%(lines)s")
        % {
            "number": order.number,
            "total": f"{order.total:,}".replace(",", "."),
            "method": order.get_payment_method_display(),
            "lines": listing,
        },
    )
