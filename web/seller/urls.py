"""The seller center: home, opening a storefront, the dashboard, products, bulk import,
certificates, the storefront's identity and members (seller16a)."""

from django.urls import URLPattern, path

from web.seller import (
    certificates,
    dashboard,
    home,
    imports,
    members,
    pictures,
    products,
    storefront,
)

urlpatterns: list[URLPattern] = [
    path("ban-hang/", home.seller_home, name="seller"),
]

# --- seller16a: storefront, dashboard, products, import, certificates, members -------------
# Fixed paths first: they would otherwise be read as a storefront's slug.
urlpatterns += [
    path("ban-hang/mo-gian-hang/", storefront.storefront_open, name="seller-open"),
    path("ban-hang/loi-moi/", members.invitation_accept, name="seller-invitation"),
    path("ban-hang/<slug:vendor>/", dashboard.dashboard, name="seller-dashboard"),
    path("ban-hang/<slug:vendor>/gian-hang/", storefront.storefront, name="seller-storefront"),
    path(
        "ban-hang/<slug:vendor>/gian-hang/gui-lai/",
        storefront.storefront_resubmit,
        name="seller-storefront-resubmit",
    ),
    path("ban-hang/<slug:vendor>/san-pham/", products.product_list, name="seller-products"),
    path("ban-hang/<slug:vendor>/san-pham/moi/", products.product_new, name="seller-product-new"),
    path(
        "ban-hang/<slug:vendor>/san-pham/<slug:product>/",
        products.product_edit,
        name="seller-product",
    ),
    path(
        "ban-hang/<slug:vendor>/san-pham/<slug:product>/gui-duyet/",
        products.product_submit,
        name="seller-product-submit",
    ),
    path(
        "ban-hang/<slug:vendor>/san-pham/<slug:product>/rut-lai/",
        products.product_withdraw,
        name="seller-product-withdraw",
    ),
    path(
        "ban-hang/<slug:vendor>/san-pham/<slug:product>/anh/",
        pictures.pictures,
        name="seller-product-pictures",
    ),
    path(
        "ban-hang/<slug:vendor>/san-pham/<slug:product>/anh/<int:picture>/",
        pictures.picture_change,
        name="seller-product-picture",
    ),
    path("ban-hang/<slug:vendor>/nhap-san-pham/", imports.import_page, name="seller-import"),
    path(
        "ban-hang/<slug:vendor>/nhap-san-pham/<int:job>/",
        imports.import_job,
        name="seller-import-job",
    ),
    path(
        "ban-hang/<slug:vendor>/chung-nhan/",
        certificates.certificates,
        name="seller-certificates",
    ),
    path("ban-hang/<slug:vendor>/thanh-vien/", members.members, name="seller-members"),
    path(
        "ban-hang/<slug:vendor>/thanh-vien/<int:member>/xoa/",
        members.member_remove,
        name="seller-member-remove",
    ),
]
