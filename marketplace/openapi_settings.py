"""The OpenAPI document's settings: its tags, title, description and enum names (D115).

Kept apart from marketplace/settings.py, which imports the names below; no Django import here.
"""

# The OpenAPI document (/api/schema/, viewer at /api/docs/): Vietnamese first, English second.
# Operations are grouped by domain: core/api/schema.py files each one under the tag of its path's
# first segment (API_TAG_BY_PREFIX), else of its view's app (API_TAG_BY_APP) (D115).
API_PATH_PREFIX = "/api/v1/"
TAG_PRODUCTS = "Sản phẩm / Products"
TAG_STOREFRONTS = "Gian hàng / Storefronts"
TAG_FAIRS = "Hội chợ / Fairs"
TAG_SEARCH = "Tìm kiếm / Search"
TAG_PARTNERS = "Đối tác / Partners"
TAG_MODERATION = "Kiểm duyệt / Moderation"
TAG_ACCOUNTS = "Tài khoản / Accounts"
TAG_INQUIRIES = "Hỏi mua / Inquiries"
TAG_BUYING = "Mua hàng / Buying"
TAG_REFERENCE = "Danh mục chung / Reference data"
TAG_LEADS = "Tin mua bán / Trade leads"
TAG_TRACEABILITY = "Truy xuất nguồn gốc / Traceability"
# Where an operation neither table places lands (tests/core/test_openapi_contract.py refuses it).
API_TAG_OTHER = "Khác / Other"
API_TAG_BY_PREFIX = {
    **dict.fromkeys(("auth", "me"), TAG_ACCOUNTS),
    **dict.fromkeys(("invitations", "vendors"), TAG_STOREFRONTS),
    **dict.fromkeys(("products", "certificates", "awards"), TAG_PRODUCTS),
    **dict.fromkeys(("categories", "units", "regions", "stats"), TAG_REFERENCE),
    **dict.fromkeys(("fairs", "tickets"), TAG_FAIRS),
    **dict.fromkeys(("partners", "feed"), TAG_PARTNERS),
    "search": TAG_SEARCH,
    "moderation": TAG_MODERATION,
    "inquiries": TAG_INQUIRIES,
    **dict.fromkeys(
        ("cart", "checkout", "orders", "reviews", "payments", "quotes", "complaints", "pages"),
        TAG_BUYING,
    ),
    "leads": TAG_LEADS,
    "trace": TAG_TRACEABILITY,
}
API_TAG_BY_APP = {
    "marketplace": TAG_STOREFRONTS,
    "catalog": TAG_PRODUCTS,
    "fairs": TAG_FAIRS,
    "search": TAG_SEARCH,
    "partners": TAG_PARTNERS,
    "orders": TAG_BUYING,
    "leads": TAG_LEADS,
    "reviews": TAG_BUYING,
    "media": TAG_PRODUCTS,  # pictures are shown with products and storefronts
    "traceability": TAG_TRACEABILITY,
}
# The schema class documents every operation's errors, anonymous access and tag (D113, D115).
SPECTACULAR_SETTINGS = {
    "TITLE": "Sàn giao thương — API / Giao thuong exchange API",
    "DESCRIPTION": (
        "Sàn giao thương xúc tiến thương mại của tỉnh: gian hàng của các nhà sản xuất, sản phẩm "
        "OCOP và chứng nhận, hội chợ và gặp gỡ giao thương (B2B), hỏi mua, kiểm duyệt, đối tác "
        "kết nối qua API.\n\n"
        "*A provincial trade-promotion exchange: producers' storefronts, OCOP products and "
        "certificates, trade fairs and B2B meetings, inquiries, moderation, partner "
        "integrations.*\n\n"
        "**Ngôn ngữ / Language.** Gửi `Accept-Language: vi` (mặc định) hoặc `en`; mọi thông báo, "
        "kể cả thông báo lỗi, theo ngôn ngữ đó. *Every message, errors included, follows "
        "Accept-Language.*\n\n"
        "**Lỗi / Errors.** Mọi lỗi có một dạng duy nhất (`Problem`): `type`, `title`, `status`, "
        "`detail`, `errors` theo từng trường. *Every error has one shape.*\n\n"
        "**Đăng nhập / Sign-in.** JWT (`POST /api/v1/auth/token/`, rồi `Authorization: Bearer "
        "…`), phiên đăng nhập của trang quản trị, hoặc khóa API của đối tác (`X-Api-Key`). Các "
        "thao tác công khai không cần đăng nhập. *JWT, the admin's session, or a partner's API "
        "key; public reads need none.*\n\n"
        "**Danh sách / Lists** được chia trang: `count`, `total_relation`, `next`, `previous`, "
        "`results`. *Every list is paged.*"
    ),
    "TAGS": [
        {
            "name": TAG_PRODUCTS,
            "description": "Sản phẩm, chứng nhận OCOP, giải thưởng. "
            "*Products, OCOP certificates, awards.*",
        },
        {
            "name": TAG_STOREFRONTS,
            "description": "Gian hàng, thành viên, lời mời, ảnh đại "
            "diện. *Storefronts, their members and invitations.*",
        },
        {
            "name": TAG_FAIRS,
            "description": "Hội chợ, gian trưng bày, đăng ký tham quan, vé, "
            "check-in, gặp gỡ B2B, báo cáo. *Fairs, booths, visitors, tickets, meetings.*",
        },
        {
            "name": TAG_SEARCH,
            "description": "Tìm sản phẩm và gian hàng, gợi ý. *Search and suggestions.*",
        },
        {
            "name": TAG_BUYING,
            "description": "Giỏ hàng, đặt hàng, đơn hàng theo gian hàng, thanh toán (COD, VietQR, "
            "VNPay). *Cart, checkout, orders per storefront, payments.*",
        },
        {
            "name": TAG_INQUIRIES,
            "description": "Hỏi mua và trao đổi với gian hàng. *Inquiries and their threads.*",
        },
        {
            "name": TAG_LEADS,
            "description": "Tin mua, tin bán, chào hàng theo tin mua. "
            "*Buy and sell leads, offers.*",
        },
        {
            "name": TAG_MODERATION,
            "description": "Hàng chờ kiểm duyệt, nhật ký. *Moderation queues and the audit log.*",
        },
        {
            "name": TAG_ACCOUNTS,
            "description": "Đăng ký, đăng nhập, tài khoản của tôi. *Sign-up, sign-in, my account.*",
        },
        {
            "name": TAG_PARTNERS,
            "description": "Đối tác kết nối: khóa API, luồng thay đổi, "
            "webhook. *Partner clients, keys, change feed, webhooks.*",
        },
        {
            "name": TAG_TRACEABILITY,
            "description": "Lô hàng, nhật ký sản xuất, mã QR và trang truy xuất nguồn gốc (TCVN "
            "12850:2019, GS1 Digital Link). *Lots, their events, QR codes and trace records.*",
        },
        {
            "name": TAG_REFERENCE,
            "description": "Danh mục, đơn vị tính, địa giới hành chính, "
            "thống kê. *Categories, units, regions, statistics.*",
        },
    ],
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "VendorStatusEnum": "marketplace.models.vendors.VendorStatus",
        "InquiryStatusEnum": "orders.models.inquiries.InquiryStatus",
        "ProductStatusEnum": "catalog.models.ProductStatus",
        "CertificateStatusEnum": "catalog.models.CertificateStatus",
        "AwardStatusEnum": "catalog.models.AwardStatus",
        "AwardLevelEnum": "catalog.models.AwardLevel",
        "IssuingLevelEnum": "catalog.models.IssuingLevel",
        "FairStatusEnum": "fairs.models.fairs.FairStatus",
        "FairKindEnum": "fairs.models.fairs.FairKind",
        "VendorKindEnum": "marketplace.models.vendors.VendorKind",
        "ApplicationStatusEnum": "fairs.models.exhibitors.ApplicationStatus",
        "RegistrationStatusEnum": "fairs.models.visitors.RegistrationStatus",
        "MeetingStatusEnum": "fairs.models.meetings.MeetingStatus",
        "ScanResultEnum": "fairs.models.visitors.ScanResult",
        "ImageStatusEnum": "media.models.ImageStatus",
        "OrderStatusEnum": "orders.models.orders.OrderStatus",
        "PaymentStatusEnum": "orders.models.orders.PaymentStatus",
        "PaymentMethodEnum": "orders.models.sales.PaymentMethod",
        "LotStatusEnum": "traceability.models.LotStatus",
        "LotEventKindEnum": "traceability.models.EventKind",
    },
}
