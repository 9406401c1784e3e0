"""The cart: put, change, remove; refusals; grouped by storefront; what changed since."""

import pytest

from catalog.models import ProductStatus
from marketplace.models import VendorStatus
from orders.models import CartItem, ProductStock
from tests.conftest import client_for
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

CART, ITEMS = "/api/v1/cart/", "/api/v1/cart/items/"


def test_anonymous_has_no_cart(api_client):
    assert api_client.get(CART).status_code == 401
    assert api_client.post(ITEMS, {"product": "x", "quantity": 1}).status_code == 401


def test_put_change_remove_grouped_by_storefront_with_totals(
    buyer_client, product, tea, terms, other_terms
):
    r = buyer_client.post(ITEMS, {"product": product.slug, "quantity": 2})
    assert r.status_code == 201, r.content
    buyer_client.post(ITEMS, {"product": tea.slug, "quantity": 1})
    cart = buyer_client.post(ITEMS, {"product": product.slug, "quantity": 1}).json()
    groups = {g["vendor"]["slug"]: g for g in cart["storefronts"]}
    mine = groups["htx-mi-gao-hung-lo"]
    assert [ln["quantity"] for ln in mine["lines"]] == [3]  # units add up
    assert (mine["subtotal"], mine["shipping_fee"], mine["total"]) == (135000, 30000, 165000)
    assert mine["payment_methods"] == ["cod", "bank_transfer"]
    theirs = groups["htx-che-thanh-ba"]
    assert (theirs["subtotal"], theirs["shipping_fee"], theirs["total"]) == (120000, 20000, 140000)
    assert cart["total"] == 305000 and cart["can_checkout"] and not cart["changed"]

    line_id = mine["lines"][0]["id"]
    cart = buyer_client.patch(f"{ITEMS}{line_id}/", {"quantity": 12}).json()
    mine = next(g for g in cart["storefronts"] if g["vendor"]["slug"] == "htx-mi-gao-hung-lo")
    assert (mine["subtotal"], mine["shipping_fee"]) == (540000, 0)  # free shipping over 500k
    cart = buyer_client.delete(f"{ITEMS}{line_id}/").json()
    assert [g["vendor"]["slug"] for g in cart["storefronts"]] == ["htx-che-thanh-ba"]
    assert buyer_client.delete(CART).json()["storefronts"] == []


def test_refusals(buyer_client, vendor, vendor_client, product):
    on_request = ProductFactory(vendor=vendor, price=None, price_on_request=True)
    draft = ProductFactory(vendor=vendor, status=ProductStatus.DRAFT)
    bulk = ProductFactory(vendor=vendor, min_order_quantity=10)
    r = buyer_client.post(ITEMS, {"product": on_request.slug, "quantity": 1})
    assert r.status_code == 400 and r.json()["type"].endswith("price_on_request")
    assert buyer_client.post(ITEMS, {"product": draft.slug, "quantity": 1}).status_code == 404
    r = buyer_client.post(ITEMS, {"product": bulk.slug, "quantity": 9})
    assert r.status_code == 400 and "quantity" in r.json()["errors"]
    assert buyer_client.post(ITEMS, {"product": bulk.slug, "quantity": 10}).status_code == 201
    assert buyer_client.post(ITEMS, {"product": product.slug, "quantity": 0}).status_code == 400
    # A storefront does not buy from itself.
    assert vendor_client.post(ITEMS, {"product": product.slug, "quantity": 1}).status_code == 403
    ProductStock.objects.create(product=product, quantity=3)
    r = buyer_client.post(ITEMS, {"product": product.slug, "quantity": 4})
    assert r.status_code == 400 and r.json()["type"].endswith("out_of_stock")


def test_another_buyers_line_is_not_found(buyer_client, product, other_owner):
    buyer_client.post(ITEMS, {"product": product.slug, "quantity": 1})
    line = CartItem.objects.get()
    stranger = client_for(other_owner)
    assert stranger.patch(f"{ITEMS}{line.pk}/", {"quantity": 5}).status_code == 404
    assert stranger.delete(f"{ITEMS}{line.pk}/").status_code == 404
    assert CartItem.objects.get().quantity == 1


def test_cart_tells_what_changed(buyer_client, product, tea, vendor, other_vendor):
    gone = ProductFactory(vendor=vendor)
    for p in (product, tea, gone):
        buyer_client.post(ITEMS, {"product": p.slug, "quantity": 1})
    product.price = 50000
    product.save()
    gone.status = ProductStatus.ARCHIVED
    gone.save()
    other_vendor.status = VendorStatus.SUSPENDED
    other_vendor.save()
    cart = buyer_client.get(CART).json()
    changes = {
        ln["product"]["slug"]: ln["changes"] for g in cart["storefronts"] for ln in g["lines"]
    }
    assert changes[product.slug] == ["price_changed"]
    assert changes[gone.slug] == ["withdrawn"]
    assert changes[tea.slug] == ["storefront_unavailable"]
    line = next(
        ln
        for g in cart["storefronts"]
        for ln in g["lines"]
        if ln["product"]["slug"] == product.slug
    )
    assert (line["price_seen"], line["unit_price"]) == (45000, 50000)
    assert cart["changed"] and not cart["can_checkout"]


def test_refusals_speak_vietnamese(buyer_client, product):
    r = buyer_client.patch(
        f"{ITEMS}999999/", {"quantity": 1}, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert r.status_code == 404
    assert r.json()["detail"] == "Dòng này không có trong giỏ hàng của bạn."
