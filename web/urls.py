"""The site's pages, mounted by marketplace/urls.py inside i18n_patterns: Vietnamese at /…,
English at /en/…, the same paths."""

from django.urls import URLPattern, path

from web import fair_pages, lead_pages, sign_in, static_pages, views
from web.account import urls as account_urls
from web.account import urls_activity as activity_urls
from web.seller import urls as seller_urls
from web.seller import urls_trade as trade_urls
from web.shop import listing, product, search

app_name = "web"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    # Shop pages (web1): product, search, storefront, category.
    path("san-pham/<slug:slug>/", product.product_page, name="product"),
    path("san-pham/<slug:slug>/gio-hang/", product.product_cart_add, name="product-cart"),
    path("san-pham/<slug:slug>/lien-he/", product.product_inquiry, name="product-inquiry"),
    path("tim-kiem/", search.search_page, name="search"),
    path("gian-hang/<slug:slug>/", listing.storefront_page, name="storefront"),
    path("danh-muc/<slug:slug>/", listing.category_page, name="category"),
]

# --- web2: fairs, sign-in, leads board, static pages (the trace page is the resolver's, D203) ---
urlpatterns += [
    path("hoi-cho/", fair_pages.fair_list, name="fairs"),
    path("hoi-cho/<slug:slug>/", fair_pages.fair_detail, name="fair"),
    path("hoi-cho/<slug:slug>/dang-ky/", fair_pages.fair_register, name="fair-register"),
    path("hoi-cho/<slug:slug>/ve/", fair_pages.fair_ticket, name="fair-ticket"),
    path("dang-nhap/", sign_in.sign_in_page, name="sign-in"),
    path("dang-xuat/", sign_in.sign_out_page, name="sign-out"),
    path("tin-mua-ban/", lead_pages.lead_board_page, name="leads"),
    path("tin-mua-ban/<slug:slug>/", lead_pages.lead_detail_page, name="lead"),
    path("trang/<slug:slug>/", static_pages.static_page, name="page"),
]

# --- signed-in areas (issue 16, D206): a buyer's account and the seller center ---------------
urlpatterns += account_urls.urlpatterns + activity_urls.urlpatterns
urlpatterns += seller_urls.urlpatterns + trade_urls.urlpatterns
