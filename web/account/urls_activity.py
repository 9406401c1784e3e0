"""A buyer's orders, questions and quotes, trade leads and fair tickets (orders16)."""

from django.urls import URLPattern, path

from web.account import inquiries, leads, orders, tickets

urlpatterns: list[URLPattern] = [
    path("tai-khoan/don-hang/", orders.order_list, name="orders"),
    path("tai-khoan/don-hang/<str:number>/", orders.order_detail, name="order"),
    path("tai-khoan/don-hang/<str:number>/huy/", orders.order_cancel, name="order-cancel"),
    path("tai-khoan/don-hang/<str:number>/da-nhan/", orders.order_complete, name="order-complete"),
    path("tai-khoan/don-hang/<str:number>/tra-hang/", orders.order_return, name="order-return"),
    path("tai-khoan/don-hang/<str:number>/danh-gia/", orders.order_review, name="order-review"),
    path(
        "tai-khoan/don-hang/<str:number>/khieu-nai/",
        orders.complaint_open,
        name="order-complaint",
    ),
    *[
        path(
            f"tai-khoan/don-hang/<str:number>/khieu-nai/<int:pk>/{slug}/",
            orders.complaint_action,
            {"action": action},
            name=f"order-complaint-{action}",
        )
        for slug, action in (
            ("tin-nhan", "message"),
            ("chuyen-len", "escalate"),
            ("rut", "withdraw"),
        )
    ],
    path("tai-khoan/hoi-hang/", inquiries.inquiry_list, name="inquiries"),
    path("tai-khoan/hoi-hang/<int:pk>/", inquiries.inquiry_detail, name="inquiry"),
    path("tai-khoan/hoi-hang/<int:pk>/tra-loi/", inquiries.inquiry_reply, name="inquiry-reply"),
    path("tai-khoan/hoi-hang/<int:pk>/dong/", inquiries.inquiry_close, name="inquiry-close"),
    path(
        "tai-khoan/hoi-hang/<int:pk>/bao-gia/<int:quote_pk>/nhan/",
        inquiries.quote_accept,
        name="quote-accept",
    ),
    path("tai-khoan/tin-mua-ban/", leads.lead_list, name="my-leads"),
    path("tai-khoan/tin-mua-ban/dang-tin/", leads.lead_new, name="my-lead-new"),
    path("tai-khoan/tin-mua-ban/<slug:slug>/", leads.lead_detail, name="my-lead"),
    path("tai-khoan/tin-mua-ban/<slug:slug>/sua/", leads.lead_edit, name="my-lead-edit"),
    path("tai-khoan/tin-mua-ban/<slug:slug>/dong/", leads.lead_close, name="my-lead-close"),
    path("tai-khoan/ve/", tickets.ticket_list, name="tickets"),
    path("tai-khoan/ve/<int:pk>/huy/", tickets.ticket_cancel, name="ticket-cancel"),
]
