"""A buyer's pages: signing up, password reset, details and data, cart, checkout, payment
(buyer16)."""

from django.urls import URLPattern, path

from web.account import cart, checkout, profile, sign_up

urlpatterns: list[URLPattern] = [
    path("dang-ky/", sign_up.sign_up_page, name="sign-up"),
    path("quen-mat-khau/", sign_up.PasswordResetPage.as_view(), name="password-reset"),
    path(
        "quen-mat-khau/da-gui/",
        sign_up.PasswordResetDonePage.as_view(),
        name="password-reset-done",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        sign_up.PasswordResetConfirmPage.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "quen-mat-khau/xong/",
        sign_up.PasswordResetCompletePage.as_view(),
        name="password-reset-complete",
    ),
    path("tai-khoan/", profile.details_page, name="account"),
    path("tai-khoan/mat-khau/", profile.password_page, name="account-password"),
    path("tai-khoan/du-lieu/", profile.data_page, name="account-data"),
    path("tai-khoan/du-lieu/tai-ve/", profile.data_export, name="account-data-export"),
    path("gio-hang/", cart.cart_page, name="cart"),
    path("gio-hang/<int:item_id>/", cart.cart_line_change, name="cart-line"),
    path("gio-hang/<int:item_id>/xoa/", cart.cart_line_remove, name="cart-line-remove"),
    path("thanh-toan/", checkout.checkout_page, name="checkout"),
    path("thanh-toan/xong/<int:checkout>/", checkout.checkout_done, name="checkout-done"),
    path("thanh-toan/vnpay/", checkout.payment_return, name="payment-return"),
]
