"""Orders for the buyer's account pages (orders16), set up through the services the API uses:
placed by checkout (tests.factories.orders.place_order), moved by the storefront's member
through the lifecycle."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from leads.models import Lead, LeadKind
from orders.models import Order
from orders.services import lifecycle, payments
from tests.factories import UserFactory, category, sales_terms, unit  # noqa: F401  (re-exported)
from tests.factories.orders import place_order


def move(order: Order, seller, *steps: str) -> Order:
    """The storefront moves the order: "confirm", "paid", "ship", "deliver"."""
    for step in steps:
        order = Order.objects.get(pk=order.pk)
        if step == "confirm":
            lifecycle.order_confirm(order=order, actor=seller)
        elif step == "paid":
            payments.payment_mark_paid(order=order, actor=seller, reference="FT123")
        elif step == "ship":
            lifecycle.order_ship(
                order=order, actor=seller, carrier="Viettel Post", tracking_code="VTP123"
            )
        elif step == "deliver":
            lifecycle.order_deliver(order=order, actor=seller)
    return Order.objects.get(pk=order.pk)


def delivered(buyer, product, seller, **kw) -> Order:
    return move(place_order(buyer, product, **kw), seller, "confirm", "ship", "deliver")


class LeadFactory(factory.django.DjangoModelFactory):
    """A buy lead waiting for review, as leads.services.lead_create leaves it."""

    class Meta:
        model = Lead

    kind = LeadKind.BUY
    slug = factory.Sequence(lambda n: f"can-mua-che-{n}")
    title = "Cần mua chè búp khô"
    category = factory.LazyFunction(category)
    quantity = 500
    unit = factory.LazyFunction(unit)
    negotiable = True
    province_id = 25
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    contact_name = "Lê Văn Mua"
    poster = factory.SubFactory(UserFactory)
