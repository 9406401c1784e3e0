"""URLs of buying, included by the project's root urls under /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from orders.api import carts, complaints, exports, orders, pictures, quotes, reviews, stats, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inquiries", views.InquiryViewSet, basename="inquiry")

urlpatterns = [
    path("cart/", carts.CartView.as_view(), name="cart"),
    path("cart/items/", carts.CartItemsView.as_view(), name="cart-items"),
    path("cart/items/<int:pk>/", carts.CartItemView.as_view(), name="cart-item"),
    path("checkout/", carts.CheckoutView.as_view(), name="checkout"),
    path("orders/", orders.MyOrdersView.as_view(), name="order-list"),
    path("orders/<str:number>/", orders.OrderDetailView.as_view(), name="order-detail"),
    *[
        path(f"orders/<str:number>/{name}/", view.as_view(), name=f"order-{name}")
        for name, view in orders.ORDER_ACTIONS.items()
    ],
    path("vendors/<slug:slug>/orders/", orders.VendorOrdersView.as_view(), name="vendor-orders"),
    path(
        "vendors/<slug:slug>/orders/export/",
        exports.VendorOrdersExportView.as_view(),
        name="vendor-orders-export",
    ),
    path("vendors/<slug:slug>/stats/", stats.VendorStatsView.as_view(), name="vendor-stats"),
    path("stats/orders/export/", stats.OrderStatsExportView.as_view(), name="stats-orders-export"),
    path("vendors/<slug:slug>/sales/", orders.StorefrontSalesView.as_view(), name="vendor-sales"),
    path("products/<slug:slug>/stock/", orders.ProductStockView.as_view(), name="product-stock"),
    path("orders/<str:number>/reviews/", reviews.OrderReviewsView.as_view(), name="order-reviews"),
    path(
        "products/<slug:slug>/reviews/",
        reviews.ProductReviewsView.as_view(),
        name="product-reviews",
    ),
    path(
        "vendors/<slug:slug>/reviews/", reviews.VendorReviewsView.as_view(), name="vendor-reviews"
    ),
    path("reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/reply/", reviews.ReviewReplyView.as_view(), name="review-reply"),
    path("reviews/<int:pk>/report/", reviews.ReviewReportView.as_view(), name="review-report"),
    path("reviews/<int:pk>/hide/", reviews.ReviewHideView.as_view(), name="review-hide"),
    path("reviews/<int:pk>/restore/", reviews.ReviewRestoreView.as_view(), name="review-restore"),
    path("payments/vnpay/ipn/", orders.VnpayIpnView.as_view(), name="vnpay-ipn"),
    path("payments/vnpay/return/", orders.VnpayReturnView.as_view(), name="vnpay-return"),
    path("inquiries/<int:pk>/quotes/", quotes.InquiryQuotesView.as_view(), name="inquiry-quotes"),
    path("quotes/<int:pk>/", quotes.QuoteDetailView.as_view(), name="quote-detail"),
    path("quotes/<int:pk>/accept/", quotes.QuoteAcceptView.as_view(), name="quote-accept"),
    path("quotes/<int:pk>/withdraw/", quotes.QuoteWithdrawView.as_view(), name="quote-withdraw"),
    *complaints.urlpatterns,
    *pictures.urlpatterns,
    *router.urls,
]
