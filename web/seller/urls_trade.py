"""The seller center's trade: orders, questions and quotes, reviews, complaints, lots and
stamps, fairs (seller16b)."""

from django.urls import URLPattern, path

from web.seller import orders

ORDERS = "ban-hang/<slug:vendor>/don-hang/"
ORDER = f"{ORDERS}<str:number>/"

urlpatterns: list[URLPattern] = [
    path(ORDERS, orders.order_list, name="seller-orders"),
    path(ORDER, orders.order_detail, name="seller-order"),
    path(f"{ORDER}phieu-giao/", orders.packing_slip, name="seller-order-slip"),
    *[
        path(
            f"{ORDER}{segment}/",
            orders.order_action,
            {"action": action},
            name=f"seller-order-{action}",
        )
        for segment, action in (
            ("xac-nhan", "confirm"),
            ("giao-hang", "ship"),
            ("da-thanh-toan", "paid"),
            ("huy", "cancel"),
            ("da-giao", "deliver"),
        )
    ],
]
