"""A buyer's cart: put a product in, change its quantity, take it out. Reading the cart, with
what changed since it was filled, is orders.selectors.cart_summary."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import product_list_public
from core.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.models import User
from marketplace.permissions import is_member
from orders.models import CartItem, ProductStock

MAX_QUANTITY = 1_000_000


def product_for_sale(slug: str, *, buyer: User) -> Product:
    """A published product of an approved storefront with a price, not the buyer's own."""
    product = product_list_public().select_related("vendor", "unit").filter(slug=slug).first()
    if product is None:
        raise NotFound(_("This product is not on sale."))
    if product.price_on_request or product.price is None:
        raise ValidationFailed(
            _("This product's price is on request: ask the storefront for a quote."),
            code="price_on_request",
            errors={"product": [_("Price on request: send an inquiry instead.")]},
        )
    if is_member(buyer, product.vendor):
        raise NotAllowed(_("You cannot buy from your own storefront."))
    return product


def quantity_check(
    product: Product, quantity: int, field: str = "quantity", *, stock: bool = True
) -> None:
    """Minimum order, a sane maximum and (for the cart, unlocked) the units left. The checkout
    passes stock=False: it takes stock under lock (orders.services.stock) and answers 409."""
    if quantity < product.min_order_quantity:
        raise ValidationFailed(
            _("The minimum order of “%(name)s” is %(n)s %(unit)s.")
            % {"name": product.name, "n": product.min_order_quantity, "unit": product.unit.name},
            code="below_minimum",
            errors={field: [_("At least %(n)s.") % {"n": product.min_order_quantity}]},
        )
    if quantity > MAX_QUANTITY:
        raise ValidationFailed(
            _("Too many units in one line."),
            errors={field: [_("At most %(n)s.") % {"n": MAX_QUANTITY}]},
        )
    if not stock:
        return
    left = ProductStock.objects.filter(product=product).values_list("quantity", flat=True).first()
    if left is not None and left < quantity:
        raise ValidationFailed(
            _("Only %(n)s left of “%(name)s”.") % {"n": left, "name": product.name},
            code="out_of_stock",
            errors={field: [_("At most %(n)s.") % {"n": left}]},
        )


@transaction.atomic
def cart_add(*, buyer: User, product_slug: str, quantity: int) -> CartItem:
    """Put `quantity` units in the cart; a product already there gets them added."""
    product = product_for_sale(product_slug, buyer=buyer)
    item = CartItem.objects.select_for_update().filter(buyer=buyer, product=product).first()
    total = quantity + (item.quantity if item else 0)
    quantity_check(product, total)
    if item is None:
        try:
            with transaction.atomic():
                return CartItem.objects.create(
                    buyer=buyer, product=product, quantity=total, price_seen=product.price or 0
                )
        except IntegrityError:  # a double tap inserted the line a moment ago
            item = CartItem.objects.select_for_update().get(buyer=buyer, product=product)
            total = quantity + item.quantity
            quantity_check(product, total)
    item.quantity = total
    item.price_seen = product.price or 0
    item.save(update_fields=["quantity", "price_seen", "updated_at"])
    return item


def _own_item(buyer: User, item_id: int) -> CartItem:
    item = (
        CartItem.objects.select_for_update()
        .select_related("product")
        .filter(pk=item_id, buyer=buyer)
        .first()
    )
    if item is None:
        raise NotFound(_("This line is not in your cart."))
    return item


@transaction.atomic
def cart_change(*, buyer: User, item_id: int, quantity: int) -> CartItem:
    """Set a line's quantity; the line then shows the product's current price as seen."""
    item = _own_item(buyer, item_id)
    product = product_for_sale(item.product.slug, buyer=buyer)
    quantity_check(product, quantity)
    item.quantity = quantity
    item.price_seen = product.price or 0
    item.save(update_fields=["quantity", "price_seen", "updated_at"])
    return item


@transaction.atomic
def cart_remove(*, buyer: User, item_id: int) -> None:
    _own_item(buyer, item_id).delete()


def cart_clear(*, buyer: User) -> int:
    deleted, _detail = CartItem.objects.filter(buyer=buyer).delete()
    return deleted
