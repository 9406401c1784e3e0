"""Moderators read orders in the admin, lines and payment included; nobody edits them there."""

import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Order
from orders.services.checkout import Delivery, checkout_place

pytestmark = pytest.mark.django_db


def test_order_page_shows_lines_and_payment_read_only(client: Client, moderator, buyer, product):
    checkout = checkout_place(
        buyer=buyer,
        delivery=Delivery("Lê Văn Mua", "0912345678", 25, 7900, "Số 1"),
        lines=[(product.slug, 2)],
        payment_method="cod",
    )
    order = Order.objects.get(checkout=checkout)
    client.force_login(moderator)
    listing = client.get(reverse("admin:orders_order_changelist"), {"q": order.number})
    assert list(listing.context["cl"].result_list) == [order]
    page = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    body = page.content.decode()
    assert "Mì gạo Hùng Lô" in body and "90000" in body.replace(".", "").replace(",", "")
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in body
