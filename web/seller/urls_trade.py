"""The seller center's trade: orders, questions and quotes, reviews, complaints, lots and
stamps, fairs (seller16b)."""

from django.urls import URLPattern, path

from web.seller import fairs, inquiries, lots, orders, reviews

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

INQUIRIES = "ban-hang/<slug:vendor>/hoi-hang/"
INQUIRY = f"{INQUIRIES}<int:pk>/"

urlpatterns += [
    path(INQUIRIES, inquiries.inquiry_list, name="seller-inquiries"),
    path(INQUIRY, inquiries.inquiry_thread, name="seller-inquiry"),
    path(f"{INQUIRY}tra-loi/", inquiries.inquiry_reply, name="seller-inquiry-reply"),
    path(f"{INQUIRY}bao-gia/", inquiries.quote_create, name="seller-quote-create"),
    path(
        f"{INQUIRY}bao-gia/<int:quote_id>/rut/",
        inquiries.quote_withdraw,
        name="seller-quote-withdraw",
    ),
]

REVIEWS = "ban-hang/<slug:vendor>/danh-gia/"
COMPLAINTS = "ban-hang/<slug:vendor>/khieu-nai/"

urlpatterns += [
    path(REVIEWS, reviews.review_list, name="seller-reviews"),
    path(
        f"{REVIEWS}<int:pk>/tra-loi/",
        reviews.review_action,
        {"action": "reply"},
        name="seller-review-reply",
    ),
    path(
        f"{REVIEWS}<int:pk>/bao-cao/",
        reviews.review_action,
        {"action": "report"},
        name="seller-review-report",
    ),
    path(COMPLAINTS, reviews.complaint_list, name="seller-complaints"),
    path(f"{COMPLAINTS}<int:pk>/", reviews.complaint_thread, name="seller-complaint"),
    path(
        f"{COMPLAINTS}<int:pk>/tra-loi/", reviews.complaint_answer, name="seller-complaint-answer"
    ),
]

LOTS = "ban-hang/<slug:vendor>/lo-hang/"
LOT = f"{LOTS}<slug:product>/<str:code>/"

urlpatterns += [
    path(LOTS, lots.lot_list, name="seller-lots"),
    path(f"{LOTS}moi/", lots.lot_create, name="seller-lot-create"),
    path(LOT, lots.lot_detail, name="seller-lot"),
    path(f"{LOT}cong-bo/", lots.lot_publish, name="seller-lot-publish"),
    path(f"{LOT}thu-hoi/", lots.lot_recall, name="seller-lot-recall"),
    path(f"{LOT}tem/", lots.stamp_sheet, name="seller-lot-stamps"),
    path(f"{LOT}su-kien/", lots.event_add, name="seller-lot-event-add"),
    path(f"{LOT}su-kien/<int:event_id>/", lots.event_edit, name="seller-lot-event"),
]

FAIRS = "ban-hang/<slug:vendor>/hoi-cho/"

urlpatterns += [
    path(FAIRS, fairs.fair_home, name="seller-fairs"),
    path(f"{FAIRS}<slug:fair>/dang-ky/", fairs.fair_apply, name="seller-fair-apply"),
    *[
        path(
            f"{FAIRS}gap-mat/<int:pk>/{segment}/",
            fairs.meeting_action,
            {"action": action},
            name=f"seller-meeting-{action}",
        )
        for segment, action in (("nhan", "accept"), ("tu-choi", "decline"), ("huy", "cancel"))
    ],
]
